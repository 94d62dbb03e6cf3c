"""``ruby_benchmark``: Ruby's ``Benchmark`` module (``bm``, ``bmbm``, ``benchmark``).

After the caption line ``user  system  total  real``, each line ``<label> <user> <system>
<total> (<real>)`` is a benchmark named by its label with latency = the real time (s → ns).
Lines before the first caption (``bmbm``'s rehearsal) are ignored; a label printed twice keeps its
last value. Rows without a label cannot be named and are skipped. No ``--average``.
"""

from __future__ import annotations

import re

from bencher_core.adapters._parsing import adapter, is_json_document, make_metric
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._units import NUMBER, parse_number
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_ruby_benchmark"]

_CAPTION = re.compile(r"^[ \t]*user[ \t]+system[ \t]+total[ \t]+real[ \t]*\r?$", re.MULTILINE)
_ROW = re.compile(
    rf"^(.*?)[ \t]*{NUMBER}[ \t]+{NUMBER}[ \t]+{NUMBER}[ \t]+\([ \t]*({NUMBER})\)[ \t]*\r?$",
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
    for m in _ROW.finditer(text, caption.end()):
        name = m.group(1).strip()
        if name:
            value = parse_number(m.group(2)) * 1e9
            results[name] = {"latency": make_metric(value, pos=m.start())}
    return results
