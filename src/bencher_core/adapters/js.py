"""JavaScript harnesses: Benchmark.js (``js_benchmark``), ``console.time`` (``js_time``), vitest.

* ``js_benchmark``: ``<name> x <ops> ops/sec ±<p>% (<n> runs sampled)`` → throughput
  ``ops ∓ ops·p/100``. ``--average mean`` is not supported.
* ``js_time``: ``<name>: <n><unit> - timer ended`` → latency. No ``--average``.
* ``js_vitest``: ``vitest bench --outputJson`` (``files[].groups[].benchmarks[]``), named
  ``<group fullName> > <name>`` (the leaf name alone when the group has no name or the whole
  name would pass 1024 bytes). Latency (ms → ns) ``mean ∓ sd``, or the ``median`` without bounds
  with ``--average median``; throughput ``hz ∓ hz·rme/100`` either way. Samples, when the file
  has them, are kept on the latency.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from itertools import repeat

from bencher_core.adapters._metric import new_metrics, one_measure_results
from bencher_core.adapters._parsing import (
    NOT_FINITE,
    Broken,
    adapter,
    as_list,
    as_mapping,
    as_number,
    as_text,
    at_match,
    first_not_finite,
    is_json_document,
    make_metric,
    scan_columns,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._samples import optional_samples
from bencher_core.adapters._units import NUMBER, TIME_UNITS_NS, parse_numbers, scaled_by_unit
from bencher_core.models._names import BENCHMARK_NAME_MAX_BYTES
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_js_benchmark", "parse_js_time", "parse_js_vitest"]

# Each name group takes the separator after the name (" ", ":"): a greedy ``.+`` followed by a
# literal lets the regex engine skip straight to the candidates when it backs off.
_BENCHMARK = re.compile(
    rf"^(.+ )x ({NUMBER}) ops/sec ±({NUMBER})% \(\d+ runs? sampled\)",
    re.MULTILINE,
)


@adapter("js_benchmark")
def parse_js_benchmark(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse Benchmark.js cycle lines into throughput (ops/s) with the relative margin."""
    if average is Average.MEAN:
        return None
    text = inp.text
    if " ops/sec ±" not in text or is_json_document(inp):
        return None
    names, numbers, percents = scan_columns(_BENCHMARK, text)
    ops = parse_numbers(numbers)
    margins = list(
        map(operator.truediv, map(operator.mul, ops, parse_numbers(percents)), repeat(100))
    )
    lowers = list(map(operator.sub, ops, margins))
    uppers = list(map(operator.add, ops, margins))
    bad = first_not_finite(lowers, uppers)
    if bad is not None:
        raise at_match(Broken(NOT_FINITE), _BENCHMARK, text, bad)
    metrics = new_metrics(ops, lowers, uppers)
    return one_measure_results(map(str.strip, names), "throughput", metrics)


_TIME = re.compile(rf"^(.+:) ({NUMBER})([a-zµμ]+) - timer ended[ \t]*\r?$", re.MULTILINE)


@adapter("js_time")
def parse_js_time(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse ``console.time`` / ``timeEnd`` lines into latency in ns."""
    if average is not None:
        return None
    text = inp.text
    if " - timer ended" not in text or is_json_document(inp):
        return None
    names, numbers, units = scan_columns(_TIME, text)
    values = scaled_by_unit(numbers, units, TIME_UNITS_NS)
    if values is None or first_not_finite(values) is not None:
        raise _js_time_error(text, numbers, units)
    names = [name[:-1].strip() for name in names]
    return one_measure_results(names, "latency", new_metrics(values))


def _js_time_error(text: str, numbers: list[str], units: list[str]) -> Broken:
    """The error of the first bad row: an unknown unit, or a number too large."""
    for k, (number, unit) in enumerate(zip(numbers, units, strict=True)):
        factor = TIME_UNITS_NS.get(unit)
        if factor is None:
            return at_match(Broken(f"unknown time unit {unit!r}"), _TIME, text, k)
        value = float(number.replace(",", "")) * factor
        if value - value:
            return at_match(Broken(NOT_FINITE), _TIME, text, k)
    return Broken(NOT_FINITE)  # pragma: no cover - only called with a bad row


def _vitest_name(group: str, leaf: str) -> str:
    if not group:
        return leaf
    name = f"{group} > {leaf}"
    if len(name.encode("utf-8")) > BENCHMARK_NAME_MAX_BYTES:
        return leaf
    return name


def _vitest_bench(row: object, group: str, median: bool) -> tuple[str, dict[str, Metric]]:
    ms = 1e6
    row = as_mapping(row, "")
    name = _vitest_name(group, as_text(row.get("name"), ".name"))
    if median:
        latency = make_metric(as_number(row.get("median"), ".median") * ms)
    else:
        mean = as_number(row.get("mean"), ".mean")
        sd = as_number(row.get("sd"), ".sd")
        summary = optional_samples(row.get("samples"), scale=ms)
        latency = make_metric(mean * ms, (mean - sd) * ms, (mean + sd) * ms, summary)
    hz = as_number(row.get("hz"), ".hz")
    margin = hz * as_number(row.get("rme"), ".rme") / 100
    return name, {"latency": latency, "throughput": make_metric(hz, hz - margin, hz + margin)}


@adapter("js_vitest")
def parse_js_vitest(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse vitest's benchmark JSON into latency and throughput per benchmark."""
    doc = inp.json
    if not isinstance(doc, Mapping) or not isinstance(doc.get("files"), list):
        return None
    if (
        not doc["files"]
        or not isinstance(doc["files"][0], Mapping)
        or ("groups" not in doc["files"][0])
    ):
        return None
    median = average is Average.MEDIAN
    results: Results = {}
    for f, file in enumerate(doc["files"]):
        file = as_mapping(file, f"files[{f}]")
        for g, group in enumerate(as_list(file.get("groups"), f"files[{f}].groups")):
            gw = f"files[{f}].groups[{g}]"
            group = as_mapping(group, gw)
            full_name = as_text(group.get("fullName", ""), f"{gw}.fullName")
            for b, row in enumerate(as_list(group.get("benchmarks"), f"{gw}.benchmarks")):
                try:
                    name, measures = _vitest_bench(row, full_name, median)
                except Broken as e:
                    raise under(f"{gw}.benchmarks[{b}]", e) from None
                results[name] = measures
    return results
