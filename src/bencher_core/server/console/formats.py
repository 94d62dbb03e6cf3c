"""How the console writes numbers, changes, times, hashes and units for people to read."""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["fmt_change", "fmt_date", "fmt_hash", "fmt_number", "fmt_units", "fmt_when"]


def fmt_number(value: float | None) -> str:
    """A measurement for people: 4 significant digits, thousands grouped from 10,000 up."""
    if value is None:
        return "—"
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def fmt_change(value: float | None, baseline: float | None) -> str:
    """The change from ``baseline`` to ``value`` in percent, signed (``—`` without a baseline)."""
    if value is None or baseline is None or baseline == 0:
        return "—"
    return f"{(value - baseline) / abs(baseline) * 100:+.1f}%"


def fmt_when(value: dt.datetime | int | None) -> str:
    """A UTC time to the minute; ints are microseconds since the epoch."""
    if value is None:
        return "—"
    if isinstance(value, int):
        found = _utc(value)
        if found is None:
            return "—"
        value = found
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def fmt_hash(value: str | None) -> str:
    """A git hash shortened to 7 characters."""
    return (value or "")[:7] or "—"


def fmt_units(units: str) -> str:
    """``nanoseconds (ns)`` → ``ns``: the short form of a measure's units."""
    if units.endswith(")") and "(" in units:
        return units[units.rindex("(") + 1 : -1]
    return units


def fmt_date(us: int | None) -> str:
    """Microseconds since the epoch as a ``YYYY-MM-DD`` date (UTC), as date inputs take it."""
    when = None if us is None else _utc(us)
    return "" if when is None else when.strftime("%Y-%m-%d")


def _utc(us: int) -> dt.datetime | None:
    """Microseconds since the epoch as a UTC time; None beyond the years 1..9999."""
    try:
        return dt.datetime.fromtimestamp(us / 1e6, tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
