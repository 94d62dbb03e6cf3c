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

import re
from collections.abc import Mapping

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._parsing import (
    NOT_FINITE,
    Broken,
    adapter,
    as_list,
    as_mapping,
    as_number,
    as_text,
    at_match,
    is_json_document,
    make_metric,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._samples import optional_samples
from bencher_core.adapters._units import NUMBER, TIME_UNITS_NS
from bencher_core.models._names import BENCHMARK_NAME_MAX_BYTES
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_js_benchmark", "parse_js_time", "parse_js_vitest"]

_BENCHMARK = re.compile(
    rf"^(.+) x ({NUMBER}) ops/sec ±({NUMBER})% \((\d+) runs? sampled\)",
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
    results: Results = {}
    for k, (name, number, percent, _) in enumerate(_BENCHMARK.findall(text)):
        ops = float(number.replace(",", ""))
        margin = ops * float(percent.replace(",", "")) / 100
        lower, upper = ops - margin, ops + margin
        if lower - lower or upper - upper:
            raise at_match(Broken(NOT_FINITE), _BENCHMARK, text, k)
        results[name.strip()] = {"throughput": new_metric(ops, lower, upper, None)}
    return results


_TIME = re.compile(rf"^(.+): ({NUMBER})([a-zµμ]+) - timer ended[ \t]*\r?$", re.MULTILINE)


@adapter("js_time")
def parse_js_time(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse ``console.time`` / ``timeEnd`` lines into latency in ns."""
    if average is not None:
        return None
    text = inp.text
    if " - timer ended" not in text or is_json_document(inp):
        return None
    results: Results = {}
    factors = TIME_UNITS_NS
    for k, (name, number, unit) in enumerate(_TIME.findall(text)):
        factor = factors.get(unit)
        if factor is None:
            raise at_match(Broken(f"unknown time unit {unit!r}"), _TIME, text, k)
        value = float(number.replace(",", "")) * factor
        if value - value:
            raise at_match(Broken(NOT_FINITE), _TIME, text, k)
        results[name.strip()] = {"latency": new_metric(value, None, None, None)}
    return results


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
