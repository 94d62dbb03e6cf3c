"""Time-ordered row UUIDs (RFC 9562 version 7) for the rows a run writes.

A run writes hundreds of rows (report benchmarks, metrics, boundaries, alerts), each with a
unique ``uuid`` column. Random (version 4) UUIDs land all over those unique indexes, so every
run dirties a page per row and every commit rewrites hundreds of pages. Version 7 UUIDs start
with the Unix time in milliseconds:

    uuid7 = unix_ts_ms (48 bits) | ver 0b0111 (4) | rand_a (12) | var 0b10 (2) | rand_b (62)

so the rows of one run sit next to each other at the end of each index. The other 74 bits are
random (``os.urandom``), which keeps them unguessable and unique across processes; Python 3.11
has no ``uuid.uuid7``, and ``new_uuids`` makes many at once for a fraction of ``uuid4``'s cost.
"""

from __future__ import annotations

import os
import time

__all__ = ["new_uuid", "new_uuids"]

_VERSION_VARIANT = (0x7 << 76) | (0b10 << 62)
_RAND_A = 0xFFF << 64  # the 12 random bits after the version
_RAND_B = (1 << 62) - 1  # the 62 random bits after the variant


def new_uuids(n: int) -> list[str]:
    """``n`` version-7 UUIDs as canonical strings (8-4-4-4-12 lowercase hex)."""
    if n <= 0:
        return []
    prefix = (time.time_ns() // 1_000_000) << 80 | _VERSION_VARIANT
    raw = os.urandom(10 * n)
    out = []
    for i in range(0, 10 * n, 10):
        r = int.from_bytes(raw[i : i + 10], "big")
        h = f"{prefix | (r & _RAND_A) | (r & _RAND_B):032x}"
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def new_uuid() -> str:
    """One version-7 UUID as a canonical string."""
    return new_uuids(1)[0]
