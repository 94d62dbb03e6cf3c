"""``ruby_benchmark``: Ruby's ``Benchmark`` module (``bm``, ``bmbm``, ``benchmark``).

After the caption line ``user  system  total  real``, each line ``<label> <user> <system>
<total> (<real>)`` is a benchmark named by its label with latency = the real time (s → ns).
Lines before the first caption (``bmbm``'s rehearsal) are ignored; a label printed twice keeps its
last value. Rows without a label cannot be named and are skipped. No ``--average``.
"""

from __future__ import annotations

import re

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._parsing import NOT_FINITE, Broken, adapter, at_match, is_json_document
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._units import NUMBER
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_ruby_benchmark"]

_CAPTION = re.compile(r"^[ \t]*user[ \t]+system[ \t]+total[ \t]+real[ \t]*\r?$", re.MULTILINE)
_ROW = re.compile(
    r"^(?:(.*\S)[ \t]+|[ \t]*)"  # the label (greedy: the numbers after it have a fixed shape)
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
    results: Results = {}
    start = caption.end()
    for k, (label, real) in enumerate(_ROW.findall(text, start)):
        name = label.strip()
        if name:
            value = float(real.replace(",", "")) * 1e9
            if value - value:
                raise at_match(Broken(NOT_FINITE), _ROW, text, k, start)
            results[name] = {"latency": new_metric(value, None, None, None)}
    return results
