"""C++ harnesses: Google Benchmark JSON (``cpp_google``) and Catch2 v2 console (``cpp_catch2``).

* ``cpp_google``: ``--benchmark_format=json`` (``{"context": {"caches": …}, "benchmarks": […]}``);
  latency = ``real_time`` in ``time_unit``. Repetitions of one benchmark
  (``--benchmark_repetitions``) are all kept (mean, min/max bounds, samples) where Bencher keeps
  the last; Google's own aggregate rows (``_mean``, ``_median``, ``_stddev``, ``_cv``) stay
  benchmarks of their own. Rows of a failed benchmark (``error_occurred``) and complexity rows
  without a ``real_time`` (BigO, RMS) are skipped. ``--average median`` is not supported.
* ``cpp_catch2``: the console reporter. The test case name sits between two 79-dash lines (up to
  three lines, joined by a space); each benchmark is three lines (name, samples, iterations,
  estimated / mean, low mean, high mean / std dev, …) → ``<test case>: <benchmark>`` with
  latency = mean ∓ std dev. A benchmark name wrapped over several lines is joined with spaces.
  ``--average median`` is not supported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bencher_core.adapters._parsing import (
    Broken,
    adapter,
    as_mapping,
    as_number,
    as_text,
    make_metric,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._repeats import Repeats
from bencher_core.adapters._units import NUMBER, latency_factor, parse_number
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_cpp_catch2", "parse_cpp_google"]


@adapter("cpp_google")
def parse_cpp_google(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse Google Benchmark JSON into latency in ns (repetitions merged)."""
    if average is Average.MEDIAN:
        return None
    doc = inp.json
    if not isinstance(doc, Mapping):
        return None
    context, benchmarks = doc.get("context"), doc.get("benchmarks")
    if not isinstance(context, Mapping) or "caches" not in context:
        return None
    if not isinstance(benchmarks, list):
        return None
    repeats = Repeats()
    for i, row in enumerate(benchmarks):
        where = f"benchmarks[{i}]"
        row = as_mapping(row, where)
        if row.get("error_occurred") is True:
            continue
        if "real_time" not in row and row.get("run_type") == "aggregate":
            continue  # BigO / RMS complexity rows carry coefficients, not times
        name = as_text(row.get("name"), f"{where}.name")
        real_time = as_number(row.get("real_time"), f"{where}.real_time")
        unit = as_text(row.get("time_unit", "ns"), f"{where}.time_unit")
        try:
            factor = latency_factor(unit)
        except Broken as e:
            raise Broken(f"{where}.time_unit: {e.message}") from None
        repeats.add(name, real_time * factor)
    return repeats.results()


_DASHES = re.compile(r"^-{79,}[ \t]*$")
_END_OF_TABLE = re.compile(r"^(?:-{79,}|={79,})[ \t]*$")
_HEADER = re.compile(r"^benchmark name[ \t]+samples[ \t]+iterations[ \t]+estimated")
_FIRST = re.compile(rf"^(.*?)[ \t]*(\d+)[ \t]+(\d+)[ \t]+({NUMBER}) (\S+)[ \t]*$")
_MEAN = re.compile(rf"^(.*?)[ \t]*({NUMBER}) (\S+)[ \t]+{NUMBER} \S+[ \t]+{NUMBER} \S+[ \t]*$")
_STDDEV = re.compile(rf"^[ \t]*({NUMBER}) (\S+)[ \t]+{NUMBER} \S+[ \t]+{NUMBER} \S+[ \t]*$")


def _ns(number: str, unit: str, line: int) -> float:
    return parse_number(number) * _factor(unit, line)


def _factor(unit: str, line: int) -> float:
    try:
        return latency_factor(unit)
    except Broken as e:
        raise Broken(e.message, line=line) from None


def _case_name(lines: list[str], i: int) -> tuple[str, int] | None:
    """At a dash line: the test case name up to the next dash line, and where that line is."""
    j = i + 1
    while j < len(lines) and j - i <= 4 and not _DASHES.match(lines[j]):
        j += 1
    if j >= len(lines) or not _DASHES.match(lines[j]) or not 1 <= j - i - 1 <= 3:
        return None
    parts = [p.strip() for p in lines[i + 1 : j]]
    return " ".join(p for p in parts if p), j


def _table(lines: list[str], i: int, case: str | None, results: Results) -> int:
    """Parse the benchmark rows of one table from line ``i``; return the line after it."""
    pending: list[str] = []
    n = len(lines)
    while i < n and not _END_OF_TABLE.match(lines[i]):
        line = lines[i]
        first = _FIRST.match(line)
        if first is None:
            if line.strip():
                pending.append(line.strip())  # a benchmark name wrapped before its numbers
            else:
                pending = []
            i += 1
            continue
        mean = _MEAN.match(lines[i + 1]) if i + 1 < n else None
        stddev = _STDDEV.match(lines[i + 2]) if i + 2 < n else None
        if mean is None or stddev is None:
            raise Broken("expected the mean and std dev lines of a benchmark", line=i + 2)
        parts = [*pending, first.group(1).strip(), mean.group(1).strip()]
        bench = " ".join(p for p in parts if p)
        if not bench:
            raise Broken("a benchmark has no name", line=i + 1)
        value = _ns(mean.group(2), mean.group(3), i + 2)
        spread = _ns(stddev.group(1), stddev.group(2), i + 3)
        name = f"{case}: {bench}" if case else bench
        results[name] = {"latency": make_metric(value, value - spread, value + spread, line=i + 2)}
        pending = []
        i += 3
    return i


@adapter("cpp_catch2")
def parse_cpp_catch2(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse Catch2's console benchmark tables into latency (mean ∓ std dev) in ns."""
    if average is Average.MEDIAN:
        return None
    if "benchmark name" not in inp.text:
        return None
    lines = inp.lines
    results: Results = {}
    case: str | None = None
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _HEADER.match(line):
            i += 3  # the two header continuation lines
            if i < n and _DASHES.match(lines[i]):
                i += 1
            i = _table(lines, i, case, results)
            continue
        if _DASHES.match(line):
            found = _case_name(lines, i)
            if found is not None:
                case, i = found
                i += 1
                continue
        i += 1
    return results
