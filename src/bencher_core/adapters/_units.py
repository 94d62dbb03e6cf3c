"""Units and numbers as harnesses print them, converted the way Bencher converts them.

Latency is stored in nanoseconds (``value × factor``), throughput in operations per second
(``value ÷ seconds-per-unit``). Numbers may carry ``,`` thousands separators; ``.`` is the
decimal point.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping

from bencher_core.adapters._parsing import Broken

__all__ = [
    "NUMBER",
    "TIME_UNITS_NS",
    "latency_factor",
    "parse_number",
    "parse_numbers",
    "scaled_by_unit",
    "scaled_numbers",
    "throughput_divisor",
]

#: Regex fragment for a printed number: digits with optional ``,`` separators and decimals.
#: ``(?:…|)`` is ``(?:…)?`` (same matches, same backtracking order) written as an alternation,
#: which Python's regex engine runs markedly faster than an optional group.
NUMBER = r"\d[\d,]*(?:\.\d+|)"

#: Nanoseconds per unit, for every spelling of a time unit the harnesses print.
TIME_UNITS_NS: dict[str, float] = {
    "ps": 1e-3,
    "ns": 1.0,
    "μs": 1e3,  # GREEK SMALL LETTER MU
    "µs": 1e3,  # MICRO SIGN
    "us": 1e3,
    "ms": 1e6,
    "s": 1e9,
}

_SECONDS_PER_UNIT: dict[str, float] = {
    "ps": 1e-12,
    "ns": 1e-9,
    "μs": 1e-6,
    "µs": 1e-6,
    "us": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
}


def parse_number(text: str, *, pos: int | None = None) -> float:
    """Parse a printed number, dropping ``,`` separators (``"1,431,759.5"`` → 1431759.5).

    Raises:
        Broken: the text is not a number.
    """
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise Broken(f"{text!r} is not a number", pos=pos) from None


def parse_numbers(numbers: list[str]) -> list[float]:
    """Printed numbers (matched by :data:`NUMBER`) as floats, converted at C speed.

    Overflow is not checked here: the result may hold infinities (see ``first_not_finite``).
    """
    try:
        return list(map(float, numbers))
    except ValueError:  # thousands separators somewhere
        return [float(n.replace(",", "")) for n in numbers]


def scaled_numbers(numbers: list[str], factor: float) -> list[float]:
    """:func:`parse_numbers` × ``factor``."""
    try:
        return list(map(factor.__mul__, map(float, numbers)))
    except ValueError:  # thousands separators somewhere
        return [float(n.replace(",", "")) * factor for n in numbers]


def scaled_by_unit(
    numbers: list[str], units: list[str], factors: Mapping[str, float]
) -> list[float] | None:
    """Each number × the factor of its unit; None when a unit is not in ``factors``."""
    kinds = set(units)
    if not kinds <= factors.keys():
        return None
    if len(kinds) == 1:
        return scaled_numbers(numbers, factors[units[0]])
    return list(map(operator.mul, parse_numbers(numbers), map(factors.__getitem__, units)))


def latency_factor(unit: str, *, pos: int | None = None) -> float:
    """Nanoseconds per ``unit`` (``ps``, ``ns``, ``μs``/``µs``/``us``, ``ms``, ``s``).

    Raises:
        Broken: an unknown time unit.
    """
    try:
        return TIME_UNITS_NS[unit]
    except KeyError:
        raise Broken(
            f"unknown time unit {unit!r} (expected one of {', '.join(TIME_UNITS_NS)})", pos=pos
        ) from None


def throughput_divisor(unit: str, *, pos: int | None = None) -> float:
    """Seconds per ``unit``: ``ops/<unit>`` ÷ this = operations per second.

    Raises:
        Broken: an unknown time unit.
    """
    try:
        return _SECONDS_PER_UNIT[unit]
    except KeyError:
        raise Broken(f"unknown time unit {unit!r} in a throughput", pos=pos) from None
