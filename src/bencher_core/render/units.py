"""Units: scale values to a readable prefix (ns/µs/ms/s, B/KB/MB, ops/s/Kops/s) and format them.

A measure's units are written the Bencher way, ``"nanoseconds (ns)"``: the symbol in the last
parentheses decides the family. One :class:`Scale` is picked per row (from the value) and used
for the value, the baseline and the limits alike, so a person compares numbers in one unit::

    >>> scale(1520.0, "nanoseconds (ns)")
    (1.52, 'µs')
    >>> format_value(2_500_000.0, "nanoseconds (ns)")
    '2.500 ms'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "Scale",
    "format_change",
    "format_number",
    "format_value",
    "pick_scale",
    "scale",
    "short_units",
]

_TIME = (("ns", 1.0), ("µs", 1e3), ("ms", 1e6), ("s", 1e9))
_BYTES = (("B", 1.0), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12))
_RATE = (("ops/s", 1.0), ("Kops/s", 1e3), ("Mops/s", 1e6), ("Gops/s", 1e9))
_FAMILIES = (_TIME, _BYTES, _RATE)
_ALIASES = {"us": "µs", "μs": "µs", "sec": "s", "kB": "KB"}


@dataclass(frozen=True)
class Scale:
    """Divide values in the measure's own units by ``factor`` and label them ``symbol``."""

    factor: float
    symbol: str

    def apply(self, value: float) -> float:
        """The value in this scale's unit."""
        return value / self.factor

    def format(self, value: float | None) -> str:
        """``"1.520 µs"``, or ``"—"`` for a missing value."""
        if value is None:
            return "—"
        text = format_number(self.apply(value))
        return f"{text} {self.symbol}" if self.symbol else text


def short_units(units: str) -> str:
    """The symbol of ``"nanoseconds (ns)"`` (``"ns"``); units without parentheses as given."""
    text = units.strip()
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if inner:
            return inner
    return text


def _family(symbol: str) -> tuple[tuple[tuple[str, float], ...], float] | None:
    symbol = _ALIASES.get(symbol, symbol)
    for family in _FAMILIES:
        for name, step in family:
            if name == symbol:
                return family, step
    return None


def pick_scale(magnitude: float | None, units: str) -> Scale:
    """The largest prefix not above ``magnitude`` (in ``units``); no scaling for unknown units."""
    symbol = short_units(units)
    found = _family(symbol)
    if found is None:
        return Scale(1.0, symbol)
    family, base = found
    if magnitude is None or not math.isfinite(magnitude) or magnitude == 0:
        return Scale(1.0, _ALIASES.get(symbol, symbol))
    size = abs(magnitude) * base
    name, step = family[0]
    for cand_name, cand_step in family:
        if cand_step <= size:
            name, step = cand_name, cand_step
    return Scale(step / base, name)


def scale(value: float, units: str) -> tuple[float, str]:
    """``value`` (in ``units``) rescaled to a readable prefix: ``(1.52, "µs")`` for 1520 ns."""
    s = pick_scale(value, units)
    return s.apply(value), s.symbol


def format_number(value: float) -> str:
    """About four significant digits; thousands separators for large numbers."""
    if not math.isfinite(value):
        return str(value)
    size = abs(value)
    if size == 0:
        return "0"
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 100:
        return f"{value:.1f}"
    if size >= 10:
        return f"{value:.2f}"
    if size >= 0.001:
        return f"{value:.3f}"
    return f"{value:.3g}"


def format_value(value: float | None, units: str) -> str:
    """A value with its own best scale: ``"2.500 ms"``."""
    return pick_scale(value, units).format(value)


def format_change(change: float | None) -> str:
    """A relative change as a signed percentage (``0.602`` → ``"+60.2%"``); ``"—"`` if unknown."""
    if change is None or not math.isfinite(change):
        return "—"
    pct = change * 100
    if abs(pct) >= 99.95:
        return f"{pct:+.0f}%"
    if abs(pct) < 0.05:
        return "0.0%"
    return f"{pct:+.1f}%"
