"""Gungraun (formerly iai-callgrind): ``rust_gungraun_json``, ``_stdout`` and ``rust_gungraun``.

* JSON: gungraun summary documents of **version 6** (pretty or NDJSON, mixed with any other
  text or JSON, which is ignored). Name ``module_path`` plus ``::id`` when there is an id; each
  profile's ``summaries.total.summary`` maps tool → metric → ``{"metrics": {side: value}}``;
  the value is the new run's side (``Left`` or the first of ``Both``). A benchmark whose
  metrics exist only on the old side (``Right``) has no measures.
* Stdout: ANSI colours stripped; a header line ``a::b::rest`` (continued on following lines
  until one starts with two spaces), optional tool banners (``== CALLGRIND ==``, ``DHAT``,
  ``MEMCHECK``, …) and metric lines ``  <Name>: <current>|<old or N/A> …``. Unknown metric
  names are dropped.
* ``rust_gungraun`` (``rust_iai_callgrind`` resolves to it) tries JSON, then stdout.

No ``--average`` is supported. There are no bounds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bencher_core.adapters._parsing import adapter, make_metric
from bencher_core.adapters._registry import ADAPTERS, NOT_JSON, AdapterInput
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_rust_gungraun", "parse_rust_gungraun_json", "parse_rust_gungraun_stdout"]

_CACHE_SIM = {
    "Ir": "instructions",
    "Dr": "dr",
    "Dw": "dw",
    "I1mr": "i1mr",
    "D1mr": "d1mr",
    "D1mw": "d1mw",
    "ILmr": "ilmr",
    "DLmr": "dlmr",
    "DLmw": "dlmw",
    "I1MissRate": "i1-miss-rate",
    "LLiMissRate": "lli-miss-rate",
    "D1MissRate": "d1-miss-rate",
    "LLdMissRate": "lld-miss-rate",
    "LLMissRate": "ll-miss-rate",
    "L1hits": "l1-hits",
    "LLhits": "ll-hits",
    "RamHits": "ram-hits",
    "L1HitRate": "l1-hit-rate",
    "LLHitRate": "ll-hit-rate",
    "RamHitRate": "ram-hit-rate",
    "TotalRW": "total-read-write",
    "EstimatedCycles": "estimated-cycles",
    "SysCount": "sys-count",
    "SysTime": "sys-time",
    "SysCpuTime": "sys-cpu-time",
    "Ge": "global-bus-events",
    "Bc": "bc",
    "Bcm": "bcm",
    "Bi": "bi",
    "Bim": "bim",
    "ILdmr": "ildmr",
    "DLdmr": "dldmr",
    "DLdmw": "dldmw",
    "AcCost1": "accost1",
    "AcCost2": "accost2",
    "SpLoss1": "sploss1",
    "SpLoss2": "sploss2",
}
_DHAT = {
    "TotalUnits": "total-units",
    "TotalEvents": "total-events",
    "TotalBytes": "total-bytes",
    "TotalBlocks": "total-blocks",
    "AtTGmaxBytes": "at-t-gmax-bytes",
    "AtTGmaxBlocks": "at-t-gmax-blocks",
    "AtTEndBytes": "at-t-end-bytes",
    "AtTEndBlocks": "at-t-end-blocks",
    "ReadsBytes": "reads-bytes",
    "WritesBytes": "writes-bytes",
    "TotalLifetimes": "total-lifetimes",
    "MaximumBytes": "maximum-bytes",
    "MaximumBlocks": "maximum-blocks",
}
_ERRORS = {
    "Errors": "errors",
    "Contexts": "contexts",
    "SuppressedErrors": "suppressed-errors",
    "SuppressedContexts": "suppressed-contexts",
}
_ERROR_TOOLS = {"memcheck", "helgrind", "drd"}

# --- JSON ----------------------------------------------------------------------------------


def _json_measure(tool: str, key: str) -> str | None:
    if tool in ("callgrind", "cachegrind"):
        return _CACHE_SIM.get(key)
    if tool == "dhat":
        return _DHAT.get(key)
    if tool in _ERROR_TOOLS and key in _ERRORS:
        return f"{tool}-{_ERRORS[key]}"
    return None


def _new_side(metrics: object) -> float | None:
    """The new run's value of one metric: ``Left`` or the first of ``Both``; None otherwise."""
    if not isinstance(metrics, Mapping):
        return None
    side: Any = metrics.get("Left")
    if side is None:
        both = metrics.get("Both")
        side = both[0] if isinstance(both, list) and both else None
    if not isinstance(side, Mapping) or len(side) != 1:
        return None
    (number,) = side.values()
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return None
    return float(number)


def _is_summary(doc: object) -> bool:
    return (
        isinstance(doc, Mapping)
        and isinstance(doc.get("module_path"), str)
        and isinstance(doc.get("profiles"), list)
    )


def _summary_results(doc: Mapping[str, Any], results: Results) -> None:
    name = doc["module_path"]
    bench_id = doc.get("id")
    if isinstance(bench_id, str) and bench_id:
        name = f"{name}::{bench_id}"
    row: dict[str, Metric] = {}
    for profile in doc["profiles"]:
        if not isinstance(profile, Mapping):
            continue
        tool = str(profile.get("tool", "")).lower()
        summaries = profile.get("summaries")
        total = summaries.get("total") if isinstance(summaries, Mapping) else None
        summary = total.get("summary") if isinstance(total, Mapping) else None
        if not isinstance(summary, Mapping):
            continue  # e.g. "None" for tools without metrics (Massif)
        for by_key in summary.values():
            if not isinstance(by_key, Mapping):
                continue
            for key, entry in by_key.items():
                measure = _json_measure(tool, key)
                value = _new_side(entry.get("metrics")) if isinstance(entry, Mapping) else None
                if measure is not None and value is not None:
                    row[measure] = make_metric(value, where=f"{name}: {key}")
    results[name] = row


def _documents(inp: AdapterInput) -> list[Any]:
    """Every JSON object found in the text: the whole text, or one starting at a line."""
    whole = inp.json
    if whole is not NOT_JSON:
        return [whole]
    text = inp.text
    decoder = json.JSONDecoder()
    docs: list[Any] = []
    pos = 0
    for m in _OBJECT_START.finditer(text):
        start = m.end() - 1
        if start < pos:
            continue  # inside an object already decoded
        try:
            doc, end = decoder.raw_decode(text, start)
        except ValueError:
            continue  # truncated or not JSON: look at the next line
        docs.append(doc)
        pos = end
    return docs


_OBJECT_START = re.compile(r"^[ \t]*\{", re.MULTILINE)


@adapter("rust_gungraun_json")
def parse_rust_gungraun_json(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse gungraun v6 JSON summaries found anywhere in the output."""
    if average is not None or '"module_path"' not in inp.text:
        return None
    results: Results = {}
    for doc in _documents(inp):
        if _is_summary(doc) and doc.get("version") == "6":
            _summary_results(doc, results)
    return results


# --- stdout --------------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_HEAD = r"[^\s:]+::[^\s:]+::\S"
_BENCHMARK = re.compile(
    # The name: a module path line, continued by non-blank lines that are not indented.
    rf"^(?P<name>{_HEAD}[^\n]*(?:\n(?!  |{_HEAD})(?=[^\n]*\S)[^\n]*)*)"
    # The block: the indented lines that follow.
    r"(?P<body>(?:\n  [^\n]*)*)",
    re.MULTILINE,
)
_BODY_LINE = re.compile(
    r"\n  (?:=+ ([A-Z]+) =*[ \t]*\r?(?=\n|$)"  # a tool banner
    r"|([A-Za-z][A-Za-z0-9 +\-]*):[ \t]+(\d[\d,]*(?:\.\d+)?)(?=[| \t\r\n]|$)[^\n]*"  # a metric
    r"|([^\n]*))"  # anything else ends the block
)

_STDOUT_CACHE_SIM = {
    "Instructions": "instructions",
    "L1 Hits": "l1-hits",
    "L2 Hits": "l2-hits",
    "LL Hits": "ll-hits",
    "RAM Hits": "ram-hits",
    "Total read+write": "total-read-write",
    "Estimated Cycles": "estimated-cycles",
    "I1 Miss Rate": "i1-miss-rate",
    "LLi Miss Rate": "lli-miss-rate",
    "D1 Miss Rate": "d1-miss-rate",
    "LLd Miss Rate": "lld-miss-rate",
    "LL Miss Rate": "ll-miss-rate",
    "L1 Hit Rate": "l1-hit-rate",
    "LL Hit Rate": "ll-hit-rate",
    "RAM Hit Rate": "ram-hit-rate",
    "SysCount": "sys-count",
    "SysTime": "sys-time",
    "SysCpuTime": "sys-cpu-time",
    "Ge": "global-bus-events",
    # Event names printed as-is (the same spelling as in the JSON summary).
    **{
        k: _CACHE_SIM[k]
        for k in (
            "Dr",
            "Dw",
            "I1mr",
            "D1mr",
            "D1mw",
            "ILmr",
            "DLmr",
            "DLmw",
            "Bc",
            "Bcm",
            "Bi",
            "Bim",
            "ILdmr",
            "DLdmr",
            "DLdmw",
            "AcCost1",
            "AcCost2",
            "SpLoss1",
            "SpLoss2",
        )
    },
}
_STDOUT_DHAT = {
    "Total bytes": "total-bytes",
    "Total blocks": "total-blocks",
    "Total units": "total-units",
    "Total events": "total-events",
    "Total lifetimes": "total-lifetimes",
    "At t-gmax bytes": "at-t-gmax-bytes",
    "At t-gmax blocks": "at-t-gmax-blocks",
    "At t-end bytes": "at-t-end-bytes",
    "At t-end blocks": "at-t-end-blocks",
    "Reads bytes": "reads-bytes",
    "Writes bytes": "writes-bytes",
    "Maximum bytes": "maximum-bytes",
    "Maximum blocks": "maximum-blocks",
}
_STDOUT_ERRORS = {
    "Errors": "errors",
    "Contexts": "contexts",
    "Suppressed Errors": "suppressed-errors",
    "Suppressed Contexts": "suppressed-contexts",
}


def _stdout_measure(tool: str, label: str) -> str | None:
    if tool in ("callgrind", "cachegrind"):
        return _STDOUT_CACHE_SIM.get(label)
    if tool == "dhat":
        return _STDOUT_DHAT.get(label)
    if tool in _ERROR_TOOLS and label in _STDOUT_ERRORS:
        return f"{tool}-{_STDOUT_ERRORS[label]}"
    return None


@adapter("rust_gungraun_stdout")
def parse_rust_gungraun_stdout(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse gungraun's terminal output (one block of metric lines per benchmark)."""
    if average is not None or "::" not in inp.text or "|" not in inp.text:
        return None
    text = _ANSI.sub("", inp.text) if "\x1b" in inp.text else inp.text
    results: Results = {}
    for m in _BENCHMARK.finditer(text):
        tool, row, seen = "callgrind", {}, False
        for banner, label, number, _ in _BODY_LINE.findall(m.group("body")):
            if banner:
                tool = banner.lower()
            elif label:
                seen = True
                measure = _stdout_measure(tool, label.strip())
                if measure is not None:
                    value = float(number.replace(",", ""))
                    row[measure] = make_metric(value, pos=m.start("body"))
            else:
                break  # an indented line that is neither: the benchmark's block is over
        if seen:
            name = "\n".join(part.rstrip() for part in m.group("name").split("\n"))
            results[name] = row
    return results


@adapter("rust_gungraun")
def parse_rust_gungraun(inp: AdapterInput, average: Average | None) -> Results | None:
    """Gungraun JSON summaries if the output has any, else gungraun's terminal output."""
    return ADAPTERS["rust_gungraun_json"](inp, average) or ADAPTERS["rust_gungraun_stdout"](
        inp, average
    )
