"""Sample statistics over NaN-padded histories, one row per series, no loop per value.

A history is an ``(S, N)`` float array, newest point first, whose row ``i`` holds ``n_i =
counts[i]`` real points followed by padding. Every function here reads only the first
``n_i`` entries of a row and returns NaN where Bencher's statistic does not exist.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = [
    "FloatArray",
    "IntArray",
    "masked",
    "mean",
    "per_unique",
    "quartiles",
    "relative_deltas",
    "std_dev",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def per_unique(fn: Callable[[FloatArray], object], x: FloatArray) -> FloatArray:
    """``fn(x)`` evaluated once per distinct value (degrees of freedom repeat a lot)."""
    distinct, index = np.unique(x, return_inverse=True)
    return np.asarray(fn(distinct), dtype=np.float64)[index.reshape(x.shape)]


def masked(values: FloatArray, counts: IntArray) -> npt.NDArray[np.bool_]:
    """``mask[i, j]`` is True where ``j < counts[i]`` (a real point, not padding)."""
    return np.arange(values.shape[1]) < counts[:, None]


def mean(values: FloatArray, counts: IntArray) -> FloatArray:
    """Bencher's mean ``Σx / n``; NaN when ``n = 0`` or the result is not finite."""
    total = np.where(masked(values, counts), values, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = total / counts
    return np.where((counts > 0) & np.isfinite(out), out, np.nan)


def std_dev(values: FloatArray, counts: IntArray, location: FloatArray) -> FloatArray:
    """Sample standard deviation ``sqrt(Σ(x − mean)² / (n − 1))``.

    NaN (Bencher's ``None``) when ``n < 2``, when the variance is 0 or when it is not finite.
    """
    dev = np.where(masked(values, counts), values - location[:, None], 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        var = (dev * dev).sum(axis=1) / (counts - 1)
    ok = (counts >= 2) & np.isfinite(var) & (var > 0)
    return np.sqrt(np.where(ok, var, np.nan))


def _percentile_of_sorted(ordered: FloatArray, counts: IntArray, p: float) -> FloatArray:
    """Linear interpolation at ``rank = p·(n − 1)``: ``v[⌊r⌋] + (v[⌊r⌋+1] − v[⌊r⌋])·(r − ⌊r⌋)``.

    This is numpy's ``"linear"`` method written as Bencher writes it (one element → itself).
    """
    last = np.maximum(counts - 1, 0)
    rank = p * last
    lo = np.floor(rank).astype(np.int64)
    hi = np.minimum(lo + 1, last)
    floor = np.take_along_axis(ordered, lo[:, None], axis=1)[:, 0]
    ceil = np.take_along_axis(ordered, hi[:, None], axis=1)[:, 0]
    with np.errstate(invalid="ignore"):
        return floor + (ceil - floor) * (rank - lo)


def quartiles(values: FloatArray, counts: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(q1, q2, q3)`` of each row's first ``n`` values, sorted ascending.

    All three are NaN when ``n = 0`` or any quartile is not finite (Bencher's ``None``).
    """
    if values.shape[1] == 0:
        nan = np.full(values.shape[0], np.nan)
        return nan, nan.copy(), nan.copy()
    # Padding sorts last (NaN after +inf); only the first n sorted entries are read.
    ordered = np.sort(np.where(masked(values, counts), values, np.nan), axis=1)
    qs = [_percentile_of_sorted(ordered, counts, p) for p in (0.25, 0.5, 0.75)]
    ok = (counts > 0) & np.isfinite(qs[0]) & np.isfinite(qs[1]) & np.isfinite(qs[2])
    q1, q2, q3 = (np.where(ok, q, np.nan) for q in qs)
    return q1, q2, q3


def relative_deltas(values: FloatArray, counts: IntArray) -> tuple[FloatArray, IntArray]:
    """``|(x[j+1] − x[j]) / x[j]|`` over adjacent pairs in query (newest-first) order.

    Returns the ``(S, N−1)`` deltas and their counts ``max(n − 1, 0)``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        deltas = np.abs((values[:, 1:] - values[:, :-1]) / values[:, :-1])
    return deltas, np.maximum(counts - 1, 0)
