"""Rust harnesses: libtest ``#[bench]`` (``rust_bench``), Criterion and iai.

* ``rust_bench``: ``test <name> ... bench: <n> <unit>/iter (+/- <e>)`` → latency ``n ∓ e``;
  ``--average mean`` is not supported (libtest reports a median).
* ``rust_criterion``: ``<name> time: [<lower> <u> <estimate> <u> <upper> <u>]``; an empty name
  means the name is on the line before. ``--average median`` is not supported.
* ``rust_iai``: a name line followed by ``Instructions``, ``L1 Accesses``, ``L2 Accesses``,
  ``RAM Accesses`` and ``Estimated Cycles`` lines → five iai measures. No ``--average``.
"""

from __future__ import annotations

import re

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._parsing import (
    NOT_FINITE,
    Broken,
    adapter,
    at_match,
    is_json_document,
    make_metric,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._units import NUMBER, TIME_UNITS_NS, latency_factor, parse_number
from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["parse_rust_bench", "parse_rust_criterion", "parse_rust_iai"]

_BENCH = re.compile(
    rf"^test (\S+)[ \t]+\.\.\. bench:[ \t]+({NUMBER}) (\S+)/iter \(\+/- ({NUMBER})\)",
    re.MULTILINE,
)

_TIME = rf"({NUMBER}) (\S+)"
_CRITERION = re.compile(
    rf"^(.*)time:[ \t]+\[{_TIME}[ \t]+{_TIME}[ \t]+{_TIME}\]",
    re.MULTILINE,
)

_IAI_MEASURES = (
    ("Instructions", "instructions"),
    ("L1 Accesses", "l1-accesses"),
    ("L2 Accesses", "l2-accesses"),
    ("RAM Accesses", "ram-accesses"),
    ("Estimated Cycles", "estimated-cycles"),
)
_IAI = re.compile(
    r"^([^\s].*?)[ \t]*\r?\n"
    + r"".join(rf"[ \t]+{label}:[ \t]+(\d+)[^\n]*\n?" for label, _ in _IAI_MEASURES),
    re.MULTILINE,
)


@adapter("rust_bench")
def parse_rust_bench(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse libtest bench output: latency = the median per iteration ∓ the reported spread."""
    if average is Average.MEAN:
        return None
    text = inp.text
    if "bench:" not in text or is_json_document(inp):
        return None
    results: Results = {}
    factors = TIME_UNITS_NS
    for k, (name, number, unit, spread) in enumerate(_BENCH.findall(text)):
        factor = factors.get(unit)
        if factor is None:
            raise at_match(Broken(f"unknown time unit {unit!r}"), _BENCH, text, k)
        value = float(number.replace(",", ""))
        error = float(spread.replace(",", ""))
        lower, upper = (value - error) * factor, (value + error) * factor
        if lower - lower or upper - upper:
            raise at_match(Broken(NOT_FINITE), _BENCH, text, k)
        results[name] = {"latency": new_metric(value * factor, lower, upper, None)}
    return results


def _criterion_time(m: re.Match[str], group: int) -> float:
    pos = m.start(group)
    return parse_number(m.group(group), pos=pos) * latency_factor(m.group(group + 1), pos=pos)


@adapter("rust_criterion")
def parse_rust_criterion(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse Criterion output: latency = the estimate, bounds = its confidence interval."""
    if average is Average.MEDIAN:
        return None
    text = inp.text
    if "time:" not in text or is_json_document(inp):
        return None
    results: Results = {}
    for m in _CRITERION.finditer(text):
        pos = m.start()
        name = m.group(1).strip()
        if not name:
            name = _previous_line(text, pos)
            if not name:
                raise Broken("a Criterion result has no benchmark name", pos=pos)
        lower, value, upper = (_criterion_time(m, g) for g in (2, 4, 6))
        results[name] = {"latency": make_metric(value, lower, upper, pos=pos)}
    return results


def _previous_line(text: str, pos: int) -> str:
    """The stripped line before the one starting at ``pos`` (empty at the start)."""
    if pos == 0:
        return ""
    end = pos - 1
    if end > 0 and text[end - 1] == "\r":
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    return text[start:end].strip()


@adapter("rust_iai")
def parse_rust_iai(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse iai output: five cache-simulation counts per benchmark, no bounds."""
    if average is not None:
        return None
    text = inp.text
    if "Estimated Cycles:" not in text or "L1 Accesses:" not in text or is_json_document(inp):
        return None
    results: Results = {}
    slugs = [slug for _, slug in _IAI_MEASURES]
    for k, (name, *counts) in enumerate(_IAI.findall(text)):
        values = [float(count) for count in counts]
        if any(v - v for v in values):
            raise at_match(Broken(NOT_FINITE), _IAI, text, k)
        results[name] = {
            slug: new_metric(v, None, None, None) for slug, v in zip(slugs, values, strict=True)
        }
    return results
