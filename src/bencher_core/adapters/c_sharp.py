"""``c_sharp_dot_net``: BenchmarkDotNet's JSON exporter (``{"HostEnvironmentInfo", "Benchmarks"}``).

The name is ``<Namespace>.<Method>`` (``<Method>`` when there is no namespace; type and
parameters are not part of it, as in Bencher). Latency in ns: ``Statistics.Mean ∓
StandardDeviation`` by default and with ``--average mean``, ``Statistics.Median ∓
InterquartileRange`` with ``--average median``. With the memory diagnoser (``Memory``), also
``allocated`` (bytes per operation), ``gen0/1/2-collects`` and ``total-operations``.
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
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_c_sharp_dot_net"]

_MEMORY = (
    ("BytesAllocatedPerOperation", "allocated"),
    ("Gen0Collections", "gen0-collects"),
    ("Gen1Collections", "gen1-collects"),
    ("Gen2Collections", "gen2-collects"),
    ("TotalOperations", "total-operations"),
)


@adapter("c_sharp_dot_net")
def parse_c_sharp_dot_net(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse BenchmarkDotNet JSON into latency (and memory measures when present)."""
    doc = inp.json
    if not isinstance(doc, Mapping) or "HostEnvironmentInfo" not in doc:
        return None
    benchmarks = doc.get("Benchmarks")
    if not isinstance(benchmarks, list):
        return None
    median = average is Average.MEDIAN
    centre, spread = ("Median", "InterquartileRange") if median else ("Mean", "StandardDeviation")
    results: Results = {}
    for i, row in enumerate(benchmarks):
        try:
            name, measures = _benchmark(row, centre, spread)
        except Broken as e:
            raise under(f"Benchmarks[{i}]", e) from None
        results[name] = measures
    return results


def _benchmark(row: object, centre: str, spread: str) -> tuple[str, dict[str, Metric]]:
    row = as_mapping(row, "")
    method = as_text(row.get("Method"), ".Method")
    namespace = row.get("Namespace")
    name = f"{as_text(namespace, '.Namespace')}.{method}" if namespace else method
    stats = as_mapping(row.get("Statistics"), ".Statistics")
    value = as_number(stats.get(centre), f".Statistics.{centre}")
    error = as_number(stats.get(spread), f".Statistics.{spread}")
    measures = {"latency": make_metric(value, value - error, value + error)}
    memory = row.get("Memory")
    if isinstance(memory, Mapping):
        for key, slug in _MEMORY:
            if key in memory:
                measures[slug] = make_metric(as_number(memory[key], f".Memory.{key}"))
    return name, measures
