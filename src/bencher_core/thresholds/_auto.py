"""The calibrated default gate (``auto``): about 1 % of stable *runs* alert, whatever the suite.

Bencher's tests hold a *per-metric* error rate: ``t_test`` at 0.99 raises a false alert on
about 1 % of metrics, so a run judging ``m`` metrics alerts with probability ``1 − 0.99^m``
(87 % at ``m = 200``). ``auto`` reads its boundary ``b`` as the per-*run* confidence.

Formula, per series with ``n`` history points ``x`` (all positive) and per set side:

1. Work in logs, ``y = ln x`` (noise is multiplicative): ``ȳ`` the mean and ``s²`` the sample
   variance on ``d = n − 1`` degrees of freedom. Baseline ``= e^ȳ`` (the geometric mean).
2. Share the variance evidence of the ``G`` series judged together (empirical Bayes, Smyth
   2004, "moderated t"): with ``h = ln s² − ψ(d/2) + ln(d/2)`` and ``V = Σ(h − h̄)²/(G − 1)
   − mean(ψ'(d/2))``, the prior has ``d₀ = 2·ψ'⁻¹(V)`` degrees of freedom (``∞`` if ``V ≤ 0``)
   and scale ``s₀² = exp(h̄ + ψ(d₀/2) − ln(d₀/2))``. The posterior variance is
   ``s̃² = max(s², (d₀·s₀² + d·s²)/(d₀ + d))`` on ``ν = d₀ + d`` degrees of freedom: never
   below the series' own estimate, so one very noisy series among quiet ones keeps its width.
   Needs ``G ≥ 3`` series with ``s² > 0``; otherwise ``d₀ = 0`` (the plain t prediction).
3. Per-metric one-sided level from the run's ``m = n_tests`` judged metrics (Šidák: exact for
   independent metrics, conservative when they move together): ``α = 1 − b^(1/m)``, and
   ``q = t⁻¹_ν(1 − α)``.
4. Statistical width of the prediction interval for one new point, in log units:
   ``w = q·s̃·√(1 + 1/n)``.
5. Run-wide shift, when the current values ``x_now`` of at least 5 eligible series are given:
   ``ĉ = clip(median(ln x_now − ȳ), −ln(1 + e), ln(1 + e))`` with ``e = min_effect``
   (0 when unset, which disables the shift). A shift of the whole run smaller than the
   minimum effect is noise of the run (a slower or faster machine), not a regression, so the
   limit on the side the run moved to follows it; the other side never tightens.
6. Limits::

       upper = e^ȳ · e^max(ĉ, 0) · (1 + max(e, e^w − 1))
       lower = e^ȳ · e^min(ĉ, 0) · (1 − max(e, 1 − e^−w))

A history with zero variance has ``w = 0``: any change beyond ``min_effect`` alerts. No
limits when ``n < max(2, min_sample_size)`` or any point is not positive. A regression that
slows every benchmark still alerts: the shift is capped at ``min_effect``.

Calibration (``python benchmarks/bench_calibration.py``, 20 history points): per-run false
alarms ≈ 1 % for 10–1000 metrics with Gaussian, run-wide shared and mixed-level noise; a +25 %
step on one benchmark is caught in ≥ 95 % of runs when every benchmark has about 3 % noise
(≈ 91 % at 1000 metrics when noise levels range over 1–10 %: little variance to share).
Independent heavy-tailed noise (Student t₃ on every benchmark) defeats any per-value gate at
large suites; see :func:`bencher_core.thresholds.simulate.heavy_tail_floor`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bencher_core.thresholds._sample import FloatArray, IntArray, mean, std_dev
from bencher_core.thresholds._special import digamma, t_upper_quantile, tetragamma, trigamma

__all__ = [
    "MIN_SERIES_FOR_SHIFT",
    "auto",
    "inverse_trigamma",
    "moderated_variance",
    "run_shift",
    "sidak_level",
    "squeeze_variance",
]


def sidak_level(confidence: float, n_tests: int) -> float:
    """Per-metric one-sided level ``α = 1 − b^(1/m)``: P(any of m alerts) = ``1 − b``."""
    return float(-np.expm1(np.log(confidence) / max(n_tests, 1)))


def inverse_trigamma(x: float) -> float:
    """Solve ``ψ'(y) = x`` for ``y > 0`` by Newton's method (``ψ'`` decreasing, convex).

    Start at ``y = 0.5 + 1/x`` (``ψ'(y) ≈ 1/y + 1/(2y²)`` for large ``y``); iterate
    ``y ← y + ψ'(y)·(1 − ψ'(y)/x)/ψ''(y)`` until the relative step is below 1e-10.
    """
    if x > 1e7:
        return float(1.0 / np.sqrt(x))
    if x < 1e-6:
        return 1.0 / x
    y = 0.5 + 1.0 / x
    for _ in range(100):
        tri = float(trigamma(y)[0])
        step = tri * (1.0 - tri / x) / float(tetragamma(y)[0])
        y += step
        if -step / y < 1e-10:
            break
    return y


def squeeze_variance(var: FloatArray, dof: FloatArray) -> tuple[float, float]:
    """Prior ``(d₀, s₀²)`` from per-series variances ``var`` on ``dof`` degrees of freedom.

    Moment estimates on ``h = ln s² − ψ(d/2) + ln(d/2)`` (step 2 of the module formula).
    Returns ``(0, nan)`` (no pooling) when fewer than 3 positive finite variances are given.
    """
    ok = np.isfinite(var) & (var > 0)
    g = int(ok.sum())
    if g < 3:
        return 0.0, float("nan")
    half = dof[ok] / 2.0
    h = np.log(var[ok]) - digamma(half) + np.log(half)
    h_bar = float(h.mean())
    excess = float(((h - h_bar) ** 2).sum()) / (g - 1) - float(trigamma(half).mean())
    if excess <= 0:
        return float("inf"), float(np.exp(h_bar))
    d0 = 2.0 * inverse_trigamma(excess)
    return d0, float(np.exp(h_bar + digamma(d0 / 2.0)[0] - np.log(d0 / 2.0)))


def moderated_variance(var: FloatArray, dof: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(s̃², ν)`` of step 2: the posterior variance, never below ``var``, and its dof.

    A zero variance (constant history) stays zero; NaN entries stay NaN.
    """
    d0, s0 = squeeze_variance(var, dof)
    if d0 == 0.0:
        return var, dof
    post = np.full_like(var, s0) if np.isinf(d0) else (d0 * s0 + dof * var) / (d0 + dof)
    return np.where(var > 0, np.maximum(var, post), var), dof + d0


#: Fewest eligible series with a current value from which the run-wide shift is estimated.
MIN_SERIES_FOR_SHIFT = 5


def run_shift(
    current: FloatArray | None,
    location: FloatArray,
    eligible: npt.NDArray[np.bool_],
    min_effect: float,
) -> float:
    """Run-wide log shift ``ĉ = clip(median(ln x_now − ȳ), ±ln(1 + e))`` (step 5).

    0 without current values, with ``e = 0`` or with fewer than ``MIN_SERIES_FOR_SHIFT``
    eligible series having a positive current value.
    """
    if current is None or min_effect <= 0:
        return 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        resid = np.log(current) - location
    resid = resid[eligible & np.isfinite(resid)]
    if resid.size < MIN_SERIES_FOR_SHIFT:
        return 0.0
    cap = float(np.log1p(min_effect))
    return float(np.clip(np.median(resid), -cap, cap))


def auto(
    values: FloatArray,
    counts: IntArray,
    lower_b: float | None,
    upper_b: float | None,
    *,
    n_tests: int,
    min_effect: float,
    min_sample_size: int,
    current: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(baseline, lower, upper)`` of the calibrated default (formula in the module docstring).

    ``values``/``counts`` as for Bencher's tests, ``n_tests`` the metrics judged in the run,
    ``current`` this run's values (optional, for the run-wide shift).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log(np.where(values > 0, values, np.nan))
    location = mean(logs, counts)  # NaN for n = 0 or any non-positive point
    eligible = np.isfinite(location) & (counts >= max(2, min_sample_size))
    sd = std_dev(logs, counts, location)  # NaN for a zero variance: width 0 below
    var = np.where(eligible, np.where(np.isnan(sd), 0.0, sd * sd), np.nan)
    dof = np.maximum(counts - 1, 1).astype(np.float64)
    post, nu = moderated_variance(var, dof)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(post * (1.0 + 1.0 / counts))
    baseline = np.where(eligible, np.exp(location), np.nan)
    shift = run_shift(current, location, eligible, min_effect)

    def width(b: float) -> FloatArray:
        alpha = sidak_level(b, n_tests)
        q = t_upper_quantile(nu, alpha)  # t⁻¹_ν(1 − α)
        return np.asarray(np.where(spread > 0, q * spread, 0.0), dtype=np.float64)

    lower = upper = np.full_like(baseline, np.nan)
    if lower_b is not None:
        drop = np.maximum(min_effect, -np.expm1(-width(lower_b)))
        lower = baseline * np.exp(min(shift, 0.0)) * (1.0 - drop)
    if upper_b is not None:
        rise = np.maximum(min_effect, np.expm1(width(upper_b)))
        upper = baseline * np.exp(max(shift, 0.0)) * (1.0 + rise)
    return baseline, lower, upper
