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
    NOT_FINITE,
    Broken,
    adapter,
    as_mapping,
    as_number,
    as_text,
    make_metric,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._repeats import Repeats
from bencher_core.adapters._units import NUMBER, TIME_UNITS_NS
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
    add, factors = repeats.add, TIME_UNITS_NS
    for i, row in enumerate(benchmarks):
        try:
            row = as_mapping(row, "")
            if row.get("error_occurred") is True:
                continue
            real_time = row.get("real_time")
            if real_time is None and row.get("run_type") == "aggregate":
                continue  # BigO / RMS complexity rows carry coefficients, not times
            name = row.get("name")
            if type(name) is not str:
                name = as_text(name, ".name")
            if type(real_time) is not float:
                real_time = as_number(real_time, ".real_time")
            unit = row.get("time_unit", "ns")
            factor = factors.get(unit) if type(unit) is str else None
            if factor is None:
                raise Broken(f".time_unit: unknown time unit {unit!r}")
            value = real_time * factor
            if value - value:
                raise Broken(f".real_time: {NOT_FINITE}")
        except Broken as e:
            raise under(f"benchmarks[{i}]", e) from None
        add(name, value)
    return repeats.results()


_SECTION = re.compile(
    # A benchmark table: its three header lines and rule, then the rows up to the next rule.
    r"^benchmark name[ \t]+samples[ \t]+iterations[ \t]+estimated[^\n]*\n[^\n]*\n[^\n]*\n"
    r"-{79,}[ \t]*\r?\n(?P<body>(?:(?!-{79}|={79})[^\n]*(?:\n|\Z))*)"
    # A test case name: one to three lines between two rules.
    r"|^-{79,}[ \t]*\r?\n(?P<case>(?:(?!-{79})[^\n]*\n){1,3})-{79,}[ \t]*\r?$",
    re.MULTILINE,
)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\r?\n)+")
# A name part (greedy: the numbers ending a line have a fixed shape), then the numbers.
_FIRST = re.compile(rf"^(?:(.*\S)[ \t]+|[ \t]*)(\d+)[ \t]+(\d+)[ \t]+({NUMBER}) (\S+)[ \t]*\r?$")
_MEAN = re.compile(
    rf"^(?:(.*\S)[ \t]+|[ \t]*)({NUMBER}) (\S+)[ \t]+{NUMBER} \S+[ \t]+{NUMBER} \S+[ \t]*\r?$"
)
_STDDEV = re.compile(rf"^[ \t]*({NUMBER}) (\S+)[ \t]+{NUMBER} \S+[ \t]+{NUMBER} \S+[ \t]*\r?$")


def _ns(number: str, unit: str) -> float:
    factor = TIME_UNITS_NS.get(unit)
    if factor is None:
        raise Broken(f"unknown time unit {unit!r}")
    return float(number.replace(",", "")) * factor


def _block(lines: list[str], case: str | None, results: Results) -> None:
    """Parse one blank-line-separated block of a table (raises :class:`_BrokenAt`)."""
    pending: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        first = _FIRST.match(lines[i])
        if first is None:
            if lines[i].strip():
                pending.append(lines[i].strip())  # a benchmark name wrapped before its numbers
            i += 1
            continue
        mean = _MEAN.match(lines[i + 1]) if i + 1 < n else None
        stddev = _STDDEV.match(lines[i + 2]) if i + 2 < n else None
        if mean is None or stddev is None:
            where = lines[i + 1] if mean is None and i + 1 < n else lines[min(i + 2, n - 1)]
            raise _BrokenAt("expected the mean and std dev lines of a benchmark", where)
        parts = (*pending, (first.group(1) or "").strip(), (mean.group(1) or "").strip())
        bench = " ".join(p for p in parts if p)
        if not bench:
            raise _BrokenAt("a benchmark has no name", lines[i])
        try:
            value = _ns(mean.group(2), mean.group(3))
            spread = _ns(stddev.group(1), stddev.group(2))
            metric = make_metric(value, value - spread, value + spread)
        except Broken as e:
            raise _BrokenAt(e.message, lines[i + 1]) from None
        results[f"{case}: {bench}" if case else bench] = {"latency": metric}
        pending = []
        i += 3


class _BrokenAt(Broken):
    """Broken, at the line with this text (found in the whole output to number it)."""

    def __init__(self, message: str, line_text: str) -> None:
        super().__init__(message)
        self.line_text = line_text


@adapter("cpp_catch2")
def parse_cpp_catch2(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse Catch2's console benchmark tables into latency (mean ∓ std dev) in ns."""
    if average is Average.MEDIAN:
        return None
    text = inp.text
    if "benchmark name" not in text:
        return None
    results: Results = {}
    case: str | None = None
    for m in _SECTION.finditer(text):
        if m.group("case") is not None:
            case = " ".join(p for p in (x.strip() for x in m.group("case").split("\n")) if p)
            continue
        try:
            for block in _BLANK_LINES.split(m.group("body")):
                _block(block.split("\n"), case, results)
        except _BrokenAt as e:
            raise Broken(e.message, pos=text.find(e.line_text, m.start("body"))) from None
    return results
