"""``python_pytest``: pytest-benchmark's JSON (``--benchmark-json`` or a saved run).

Bencher's rules: the file needs ``machine_info``, ``commit_info`` and ``benchmarks``; each
benchmark is named by its ``fullname``; stats are in seconds and stored in ns. Default and
``--average mean``: ``mean ∓ stddev``; ``--average median``: ``median ∓ iqr``. Beyond Bencher,
the round timings (``stats.data``, written by ``--benchmark-json`` and ``--benchmark-save-data``)
are kept as the metric's samples.
"""

from __future__ import annotations

from collections.abc import Mapping

from bencher_core.adapters._parsing import (
    Broken,
    adapter,
    as_list,
    as_mapping,
    as_number,
    as_text,
    make_metric,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._samples import optional_samples
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_python_pytest"]

_NS = 1e9


@adapter("python_pytest")
def parse_python_pytest(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse pytest-benchmark JSON into latency in ns (with round samples when present)."""
    doc = inp.json
    if not isinstance(doc, Mapping) or "machine_info" not in doc or "commit_info" not in doc:
        return None
    if "benchmarks" not in doc:
        return None
    centre, spread = ("median", "iqr") if average is Average.MEDIAN else ("mean", "stddev")
    results: Results = {}
    for i, bench in enumerate(as_list(doc["benchmarks"], "benchmarks")):
        try:
            name, metric = _bench(bench, centre, spread)
        except Broken as e:
            raise under(f"benchmarks[{i}]", e) from None
        results[name] = {"latency": metric}
    return results


def _bench(bench: object, centre: str, spread: str) -> tuple[str, Metric]:
    bench = as_mapping(bench, "")
    name = as_text(bench.get("fullname"), ".fullname")
    stats = as_mapping(bench.get("stats"), ".stats")
    value = as_number(stats.get(centre), f".stats.{centre}")
    error = as_number(stats.get(spread), f".stats.{spread}")
    samples = optional_samples(stats.get("data"), scale=_NS)
    return name, make_metric(value * _NS, (value - error) * _NS, (value + error) * _NS, samples)
