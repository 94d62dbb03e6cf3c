"""Time in the store: unix microseconds."""

from __future__ import annotations

import datetime as dt
import time

__all__ = ["from_us", "now_us", "to_us"]


def now_us() -> int:
    return time.time_ns() // 1000


def to_us(t: dt.datetime) -> int:
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp() * 1_000_000)


def from_us(us: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(us / 1_000_000, tz=dt.timezone.utc)
