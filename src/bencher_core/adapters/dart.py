"""``dart_benchmark_harness``: ``<name>(RunTime): <value> us.`` → latency (µs → ns).

A name printed twice keeps its last value. ``--average median`` is not supported.
"""

from __future__ import annotations

import re

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._parsing import NOT_FINITE, Broken, adapter, at_match, is_json_document
from bencher_core.adapters._registry import AdapterInput
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_dart_benchmark_harness"]

_LINE = re.compile(
    r"^(.+)\(RunTime\): (\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?) us\.[ \t]*\r?$", re.MULTILINE
)


@adapter("dart_benchmark_harness")
def parse_dart_benchmark_harness(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse benchmark_harness report lines into latency in ns."""
    if average is Average.MEDIAN:
        return None
    text = inp.text
    if "(RunTime): " not in text or is_json_document(inp):
        return None
    results: Results = {}
    for k, (name, number) in enumerate(_LINE.findall(text)):
        value = float(number.replace(",", "")) * 1e3
        if value - value:
            raise at_match(Broken(NOT_FINITE), _LINE, text, k)
        results[name.strip()] = {"latency": new_metric(value, None, None, None)}
    return results
