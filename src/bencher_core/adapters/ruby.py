"""``ruby_benchmark``: Ruby's ``Benchmark`` module (``bm``, ``bmbm``, ``benchmark``).

After the caption line ``user  system  total  real``, each line ``<label> <user> <system>
<total> (<real>)`` is a benchmark named by its label with latency = the real time (s → ns).
Lines before the first caption (``bmbm``'s rehearsal) are ignored; a label printed twice keeps its
last value. Rows without a label cannot be named and are skipped. No ``--average``.
"""

from __future__ import annotations

import re
from itertools import compress

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

__all__ = ["parse_ruby_benchmark"]

_CAPTION = re.compile(r"^[ \t]*user[ \t]+system[ \t]+total[ \t]+real[ \t]*\r?$", re.MULTILINE)
# The label is lazy: the numbers after it are whole tokens of a fixed shape, so at most one
# split of a line fits and the lazy label finds it in a few steps, where a greedy one backs off
# through the whole line.
_ROW = re.compile(
    r"^(?:(.*?\S)[ \t]+|[ \t]*)"
    rf"{NUMBER}[ \t]+{NUMBER}[ \t]+{NUMBER}[ \t]+\([ \t]*({NUMBER})\)[ \t]*\r?$",
    re.MULTILINE,
)


@adapter("ruby_benchmark")
def parse_ruby_benchmark(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse Ruby Benchmark reports into latency (the real time) in ns."""
    if average is not None:
        return None
    text = inp.text
    if "real" not in text or is_json_document(inp):
        return None
    caption = _CAPTION.search(text)
    if caption is None:
        return None
    start = caption.end()  # at a line end: the rows start on the next line
    labels, reals = scan_columns(_ROW, text[start:])
    names = [label.strip() if label else "" for label in labels]
    values = scaled_numbers(reals, 1e9)
    if not all(names):  # rows without a label cannot be named
        values = list(compress(values, names))
        names = list(filter(None, names))
    if first_not_finite(values) is not None:
        raise _first_error(text, start)
    return one_measure_results(names, "latency", new_metrics(values))


def _first_error(text: str, start: int) -> Broken:
    """The error of the first labelled row whose real time is too large."""
    for k, (label, real) in enumerate(_ROW.findall(text, start)):
        value = float(real.replace(",", "")) * 1e9
        if label.strip() and value - value:
            return at_match(Broken(NOT_FINITE), _ROW, text, k, start)
    return Broken(NOT_FINITE)  # pragma: no cover - only called with a bad row
