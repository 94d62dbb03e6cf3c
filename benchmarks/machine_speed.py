"""This machine's speed right now, printed beside every speed target's numbers.

The development machines are shared virtual machines whose speed drifts, by up to 2.5× within
minutes. A fixed pure-Python loop (10⁶ additions in a function) timed before and after a
measurement says how fast the host ran meanwhile: compare runs only when it agrees.
"""

from __future__ import annotations

import time

__all__ = ["reference_loop_ms"]


def reference_loop_ms() -> float:
    """The best of three timings of the fixed loop, in ms."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        x = 0
        for i in range(1_000_000):
            x += i
        best = min(best, time.perf_counter() - t)
    return best * 1000
