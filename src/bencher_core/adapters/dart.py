"""``dart_benchmark_harness``: ``<name>(RunTime): <value> us.`` → latency (µs → ns).

A name printed twice keeps its last value. ``--average median`` is not supported.
"""

from __future__ import annotations

import re

from bencher_core.adapters._metric import new_metrics, one_measure_results
from bencher_core.adapters._parsing import (
    NOT_FINITE,
    Broken,
    adapter,
    at_match,
    first_not_finite,
    is_json_document,
    scan_columns,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._units import NUMBER, scaled_numbers
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_dart_benchmark_harness"]

# The name group takes the "(" of "(RunTime)" too: a greedy ``.+`` followed by a literal lets
# the regex engine skip straight to each "(" when it backs off (a fifth of the scanning time).
_LINE = re.compile(rf"^(.+\()RunTime\): ({NUMBER}(?:[eE][-+]?\d+|)) us\.[ \t]*\r?$", re.MULTILINE)


@adapter("dart_benchmark_harness")
def parse_dart_benchmark_harness(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse benchmark_harness report lines into latency in ns."""
    if average is Average.MEDIAN:
        return None
    text = inp.text
    if "(RunTime): " not in text or is_json_document(inp):
        return None
    names, numbers = scan_columns(_LINE, text)
    values = scaled_numbers(numbers, 1e3)
    del numbers  # their memory is reused by what follows (fresh memory is slow)
    bad = first_not_finite(values)
    if bad is not None:
        raise at_match(Broken(NOT_FINITE), _LINE, text, bad)
    names = [name[:-1].strip() for name in names]
    return one_measure_results(names, "latency", new_metrics(values))
