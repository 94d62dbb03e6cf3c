"""Bencher's seven threshold tests, with Bencher's exact formulas, over many series at once.

Every function takes the ``(S, N)`` newest-first history, the per-series counts and the two
boundaries, and returns ``(baseline, lower, upper)`` arrays of shape ``(S,)``: NaN where the
statistic does not exist (too few points, zero variance, non-positive values for
``log_normal``…), and a limit only on a side whose boundary is set. The caller
(:func:`~bencher_core.thresholds.compute_limits`) applies the sample-size rules.

Notation: ``n`` points ``x``, ``b`` the boundary of the side, ``mean = Σx/n``,
``sd = sqrt(Σ(x − mean)²/(n − 1))``, ``Φ⁻¹`` the standard normal quantile, ``q1, q2, q3`` the
quartiles (linear interpolation at rank ``p·(n − 1)``).
"""

from __future__ import annotations

import numpy as np

from bencher_core.thresholds._sample import (
    FloatArray,
    IntArray,
    mean,
    per_unique,
    quartiles,
    relative_deltas,
    std_dev,
)

__all__ = [
    "Triple",
    "delta_iqr",
    "iqr",
    "log_normal",
    "percentage",
    "static",
    "t_test",
    "z_score",
]

Triple = tuple[FloatArray, FloatArray, FloatArray]


def _side(b: float | None, limit: FloatArray) -> FloatArray:
    """``limit`` where the side's boundary is set, NaN otherwise."""
    return limit if b is not None else np.full_like(limit, np.nan)


def _mirror(center: FloatArray, b: float | None, quantile: FloatArray) -> FloatArray:
    """Bencher's mirrored lower limit ``2·center − quantile`` (``inverse_cdf_lower``)."""
    return _side(b, 2.0 * center - quantile)


def static(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``static``: no baseline; ``lower = b_lower``, ``upper = b_upper``."""
    nan = np.full(values.shape[0], np.nan)
    lower = np.full_like(nan, lower_b if lower_b is not None else np.nan)
    upper = np.full_like(nan, upper_b if upper_b is not None else np.nan)
    return nan, lower, upper


def percentage(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``percentage``: baseline ``mean``; ``lower = mean − mean·b``, ``upper = mean + mean·b``."""
    m = mean(values, counts)
    lower = _side(lower_b, m - m * (lower_b or 0.0))
    upper = _side(upper_b, m + m * (upper_b or 0.0))
    return m, lower, upper


def _normal_quantile(b: float | None) -> float:
    """``Φ⁻¹(b)`` (0 for an unset side, whose limit is discarded anyway)."""
    if b is None:
        return 0.0
    from scipy import special  # lazy: scipy.special costs ~0.2 s to import

    return float(special.ndtri(b))


def z_score(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``z_score``: baseline ``mean``; ``upper = Φ⁻¹_{N(mean, sd)}(b) = mean + sd·Φ⁻¹(b)``,
    ``lower = 2·mean − (mean + sd·Φ⁻¹(b_lower))`` (mirrored). No limits without ``sd``.
    """
    m = mean(values, counts)
    sd = std_dev(values, counts, m)
    m = np.where(np.isnan(sd), np.nan, m)
    lower = _mirror(m, lower_b, m + sd * _normal_quantile(lower_b))
    upper = _side(upper_b, m + sd * _normal_quantile(upper_b))
    return m, lower, upper


def t_test(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``t_test``: baseline ``mean``; with ``T = StudentsT(loc=mean, scale=sd·√(1 + 1/n),
    df=n − 1)``: ``upper = T⁻¹(b)``, ``lower = 2·mean − T⁻¹(b_lower)`` (mirrored).
    """
    m = mean(values, counts)
    sd = std_dev(values, counts, m)
    m = np.where(np.isnan(sd), np.nan, m)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = sd * np.sqrt(1.0 + 1.0 / counts)
    df = np.maximum(counts - 1, 1).astype(np.float64)

    def quantile(b: float | None) -> FloatArray:
        if b is None:
            return np.zeros_like(m)
        from scipy import special  # lazy: scipy.special costs ~0.2 s to import

        return m + scale * per_unique(lambda d: special.stdtrit(d, b), df)

    return m, _mirror(m, lower_b, quantile(lower_b)), _side(upper_b, quantile(upper_b))


def log_normal(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``log_normal``: with ``μ, σ`` the mean and sample sd of ``ln x``: baseline ``e^μ``;
    ``upper = LN⁻¹(b) = exp(μ + σ·Φ⁻¹(b))``, ``lower = 2·e^μ − exp(μ + σ·Φ⁻¹(b_lower))``.
    Any non-positive ``x`` makes ``μ`` NaN: no limits.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(values)
    mu = mean(logs, counts)
    sigma = std_dev(logs, counts, mu)
    mu = np.where(np.isnan(sigma), np.nan, mu)
    base = np.exp(mu)
    lower = _mirror(base, lower_b, np.exp(mu + sigma * _normal_quantile(lower_b)))
    upper = _side(upper_b, np.exp(mu + sigma * _normal_quantile(upper_b)))
    return base, lower, upper


def iqr(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``iqr``: baseline ``q2``; ``lower = q2 − (q3 − q1)·b``, ``upper = q2 + (q3 − q1)·b``."""
    q1, q2, q3 = quartiles(values, counts)
    spread = q3 - q1
    lower = _side(lower_b, q2 - spread * (lower_b or 0.0))
    upper = _side(upper_b, q2 + spread * (upper_b or 0.0))
    return q2, lower, upper


def delta_iqr(
    values: FloatArray, counts: IntArray, lower_b: float | None, upper_b: float | None
) -> Triple:
    """``delta_iqr``: baseline ``q2``; with ``Δq1, Δq3`` the quartiles of
    ``|(x[i+1] − x[i]) / x[i]|`` over adjacent pairs in query (newest-first) order:
    ``lower = q2 − q2·(Δq3 − Δq1)·b``, ``upper = q2 + q2·(Δq3 − Δq1)·b``. Needs ``n ≥ 2``.
    """
    _, q2, _ = quartiles(values, counts)
    deltas, n_deltas = relative_deltas(values, counts)
    d1, _, d3 = quartiles(deltas, n_deltas)
    q2 = np.where(np.isnan(d1), np.nan, q2)
    spread = q2 * (d3 - d1)
    lower = _side(lower_b, q2 - spread * (lower_b or 0.0))
    upper = _side(upper_b, q2 + spread * (upper_b or 0.0))
    return q2, lower, upper
