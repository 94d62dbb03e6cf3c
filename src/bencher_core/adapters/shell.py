"""``shell_hyperfine``: hyperfine's ``--export-json`` file.

Each of ``results[]`` is a benchmark named by its ``command`` (the ``-n`` name when one was
given; parameters are already substituted). Times are seconds, stored in ns. Default and
``--average mean``: ``mean`` with bounds ``mean ∓ stddev`` (none when hyperfine had a single run
and wrote ``stddev: null``); ``--average median``: ``median`` with bounds ``min`` and ``max``.
Beyond Bencher, the individual run times (``times``) are kept as samples.
"""

from __future__ import annotations

from collections.abc import Mapping

from bencher_core.adapters._parsing import (
    Broken,
    adapter,
    as_mapping,
    as_number,
    as_text,
    make_metric,
    optional_number,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._samples import optional_samples
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_shell_hyperfine"]

_NS = 1e9


def _row(row: object, median: bool) -> tuple[str, Metric]:
    row = as_mapping(row, "")
    name = as_text(row.get("command"), ".command")
    samples = optional_samples(row.get("times"), scale=_NS)
    if median:
        value = as_number(row.get("median"), ".median")
        low = as_number(row.get("min"), ".min")
        high = as_number(row.get("max"), ".max")
        return name, make_metric(value * _NS, low * _NS, high * _NS, samples)
    mean = as_number(row.get("mean"), ".mean")
    stddev = optional_number(row.get("stddev"), ".stddev")
    if stddev is None:
        return name, make_metric(mean * _NS, samples=samples)
    return name, make_metric(mean * _NS, (mean - stddev) * _NS, (mean + stddev) * _NS, samples)


@adapter("shell_hyperfine")
def parse_shell_hyperfine(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse hyperfine JSON into latency in ns (with run times as samples)."""
    doc = inp.json
    if not isinstance(doc, Mapping) or not isinstance(doc.get("results"), list):
        return None
    rows = doc["results"]
    if not rows or not isinstance(rows[0], Mapping) or "command" not in rows[0]:
        return None
    median = average is Average.MEDIAN
    results: Results = {}
    for i, row in enumerate(rows):
        try:
            name, metric = _row(row, median)
        except Broken as e:
            raise under(f"results[{i}]", e) from None
        results[name] = {"latency": metric}
    return results
