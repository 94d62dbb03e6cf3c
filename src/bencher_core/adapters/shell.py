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
    adapter,
    as_mapping,
    as_number,
    as_text,
    make_metric,
    optional_number,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._samples import optional_samples
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_shell_hyperfine"]

_NS = 1e9


def _metric(row: Mapping[str, object], where: str, median: bool) -> Metric:
    times = row.get("times")
    samples = optional_samples(times, scale=_NS)
    if median:
        value = as_number(row.get("median"), f"{where}.median")
        low = as_number(row.get("min"), f"{where}.min")
        high = as_number(row.get("max"), f"{where}.max")
        return make_metric(value * _NS, low * _NS, high * _NS, samples, where=where)
    mean = as_number(row.get("mean"), f"{where}.mean")
    stddev = optional_number(row.get("stddev"), f"{where}.stddev")
    if stddev is None:
        return make_metric(mean * _NS, samples=samples, where=where)
    return make_metric(
        mean * _NS, (mean - stddev) * _NS, (mean + stddev) * _NS, samples, where=where
    )


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
        where = f"results[{i}]"
        row = as_mapping(row, where)
        name = as_text(row.get("command"), f"{where}.command")
        results[name] = {"latency": _metric(row, where, median)}
    return results
