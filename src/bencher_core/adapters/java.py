"""``java_jmh``: JMH's JSON result file (``-rf json``).

A JSON array of runs; the name is ``benchmark`` (parameters are **not** part of it, as in
Bencher, so runs differing only in ``params`` collide and the last one wins). The value is
``primaryMetric.score`` with bounds ``scoreConfidence``: a ``<unit>/op`` score is a latency in ns,
an ``ops/<unit>`` score a throughput in operations per second. A confidence JMH could not compute
(``"NaN"``) leaves the metric without bounds. ``--average median`` is not supported.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from bencher_core.adapters._parsing import (
    Broken,
    adapter,
    as_mapping,
    as_number,
    as_text,
    finite_or_none,
    make_metric,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._units import TIME_UNITS_NS, throughput_divisor
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_java_jmh"]

#: JMH also prints minutes, hours and days (``TimeUnit`` names it can report in).
_LONG_UNITS_NS = {"min": 60e9, "hr": 3600e9, "day": 86400e9}


@functools.lru_cache(maxsize=64)
def _convert(unit: str, where: str) -> tuple[str, float, bool]:
    """(measure, factor, divide): latency multiplies to ns, throughput divides to ops/s."""
    if unit.endswith("/op"):
        per = unit[: -len("/op")]
        factor = TIME_UNITS_NS.get(per) or _LONG_UNITS_NS.get(per)
        if factor is None:
            raise Broken(f"{where}: unknown score unit {unit!r}")
        return "latency", factor, False
    if unit.startswith("ops/"):
        try:
            return "throughput", throughput_divisor(unit[len("ops/") :]), True
        except Broken:
            raise Broken(f"{where}: unknown score unit {unit!r}") from None
    raise Broken(f"{where}: unknown score unit {unit!r} (expected <unit>/op or ops/<unit>)")


def _confidence(bounds: object) -> tuple[float | None, float | None]:
    """The two confidence bounds, or none when JMH could not compute them (``"NaN"``)."""
    if not isinstance(bounds, list) or len(bounds) != 2:
        return None, None
    lower, upper = (finite_or_none(b) for b in bounds)
    if lower is None or upper is None:
        return None, None
    return lower, upper


@adapter("java_jmh")
def parse_java_jmh(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse JMH JSON into latency (ns) or throughput (ops/s) with the score's confidence."""
    if average is Average.MEDIAN:
        return None
    doc = inp.json
    if not isinstance(doc, list) or not doc:
        return None
    first = doc[0]
    if not isinstance(first, Mapping) or "benchmark" not in first or "primaryMetric" not in first:
        return None
    results: Results = {}
    for i, row in enumerate(doc):
        try:
            name, measure, metric = _run(row)
        except Broken as e:
            raise under(f"[{i}]", e) from None
        results[name] = {measure: metric}
    return results


def _run(row: object) -> tuple[str, str, Metric]:
    row = as_mapping(row, "")
    name = as_text(row.get("benchmark"), ".benchmark")
    metric = as_mapping(row.get("primaryMetric"), ".primaryMetric")
    score = as_number(metric.get("score"), ".primaryMetric.score")
    unit = as_text(metric.get("scoreUnit"), ".primaryMetric.scoreUnit")
    measure, factor, divide = _convert(unit, ".primaryMetric.scoreUnit")
    lower, upper = _confidence(metric.get("scoreConfidence"))
    if divide:  # ops/<unit> → ops/s: divide by the unit's seconds, as Bencher does
        score = score / factor
        if lower is not None and upper is not None:
            lower, upper = lower / factor, upper / factor
    else:
        score = score * factor
        if lower is not None and upper is not None:
            lower, upper = lower * factor, upper * factor
    return name, measure, make_metric(score, lower, upper)
