"""``go_bench``: ``go test -bench`` output.

A result line is ``<name> <iterations> <value> <unit>/op [<value> <unit> ...]``; the first
``/op`` column is the latency (extra ``-benchmem`` and custom columns are ignored, as in
Bencher). With ``-count N`` a benchmark is printed N times: all rows are kept (see
:mod:`._repeats`) where Bencher keeps the last. ``--average median`` is not supported.
"""

from __future__ import annotations

import re

from bencher_core.adapters._parsing import NOT_FINITE, Broken, adapter, at_match, is_json_document
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._repeats import Repeats
from bencher_core.adapters._units import NUMBER, TIME_UNITS_NS
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_go_bench"]

_LINE = re.compile(
    rf"^(Benchmark\S*)[ \t]+\d+[ \t]+({NUMBER})[ \t]+(\S+?)/op\b",
    re.MULTILINE,
)


@adapter("go_bench")
def parse_go_bench(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse ``go test -bench`` output into latency in ns (mean of repeated rows)."""
    if average is Average.MEDIAN:
        return None
    text = inp.text
    if "/op" not in text or "Benchmark" not in text or is_json_document(inp):
        return None
    repeats = Repeats()
    add, factors = repeats.add, TIME_UNITS_NS
    for k, (name, number, unit) in enumerate(_LINE.findall(text)):
        factor = factors.get(unit)
        if factor is None:
            raise at_match(Broken(f"unknown time unit {unit!r}"), _LINE, text, k)
        value = float(number.replace(",", "")) * factor
        if value - value:
            raise at_match(Broken(NOT_FINITE), _LINE, text, k)
        add(name, value)
    return repeats.results()
