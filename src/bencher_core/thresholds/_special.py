"""Special functions for the calibrated default, without scipy on the import path.

``scipy.special`` costs about 0.5 s to import here (it pulls numpy's array-API layers), which
would dominate every ``pytest --bencher`` run. The default gate needs only ψ, ψ′, ψ″ and the
Student-t quantile, computed here with classical series:

* ψ, ψ′, ψ″: the recurrences ``ψ(x) = ψ(x+1) − 1/x``, ``ψ′(x) = ψ′(x+1) + 1/x²``,
  ``ψ″(x) = ψ″(x+1) − 2/x³`` shift ``x`` to ≥ 10, then the asymptotic (Bernoulli) series:
  ``ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ)``, ``ψ′(x) ≈ 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹``,
  ``ψ″(x) ≈ −1/x² − 1/x³ − Σ (2k+1) B₂ₖ/x²ᵏ⁺²`` (relative error < 1e-14 for x ≥ 10).
* Student-t upper quantile ``t`` with ``P(T_ν > t) = q``: the tail is
  ``q(t) = ½·I_{ν/(ν+t²)}(ν/2, ½)`` (regularised incomplete beta, by Lentz's continued
  fraction); start from the Cornish–Fisher expansion around the normal quantile and refine with
  Newton's method on ``ln q(t)`` (derivative ``−f(t)/q(t)``, ``f`` the t density), safeguarded by
  bisection (for ν > 1e4 the expansion itself is exact to 1e-12). ``ν = ∞`` gives the
  normal quantile.

Tests compare every function with scipy.special to 1e-12 relative.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

__all__ = ["digamma", "t_upper_quantile", "tetragamma", "trigamma"]

FloatArray = npt.NDArray[np.float64]

_B = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)  # B2, B4, ..., B14
_SHIFT = 10.0


def _shifted(x: npt.ArrayLike, power: int, sign: float) -> tuple[FloatArray, FloatArray]:
    """Shift ``x`` up to ≥ 10, accumulating ``sign·Σ 1/(x+k)^power`` (power 0: ``ln``)."""
    y = np.array(x, dtype=np.float64, ndmin=1)
    acc = np.zeros_like(y)
    while True:
        small = y < _SHIFT
        if not small.any():
            return y, acc
        acc[small] += sign / y[small] ** power
        y = np.where(small, y + 1.0, y)


def digamma(x: npt.ArrayLike) -> FloatArray:
    """ψ(x) for x > 0."""
    y, acc = _shifted(x, 1, -1.0)
    inv2 = 1.0 / (y * y)
    series = np.zeros_like(y)
    p = inv2.copy()
    for k, b in enumerate(_B, start=1):
        series += b / (2 * k) * p
        p = p * inv2
    return np.log(y) - 0.5 / y - series + acc


def trigamma(x: npt.ArrayLike) -> FloatArray:
    """ψ′(x) for x > 0."""
    y, acc = _shifted(x, 2, 1.0)
    inv = 1.0 / y
    inv2 = inv * inv
    series = np.zeros_like(y)
    p = inv2 * inv
    for b in _B:
        series += b * p
        p = p * inv2
    return inv + 0.5 * inv2 + series + acc


def tetragamma(x: npt.ArrayLike) -> FloatArray:
    """ψ″(x) for x > 0."""
    y, acc = _shifted(x, 3, -2.0)
    inv = 1.0 / y
    inv2 = inv * inv
    series = np.zeros_like(y)
    p = inv2 * inv2
    for k, b in enumerate(_B, start=1):
        series += (2 * k + 1) * b * p
        p = p * inv2
    return -inv2 - inv2 * inv - series + acc


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return h


def _log_betainc(a: float, b: float, x: float) -> float:
    """ln I_x(a, b), the regularised incomplete beta function, for 0 < x < 1."""
    ln_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return ln_front + math.log(_betacf(a, b, x)) - math.log(a)
    rest = math.exp(ln_front) * _betacf(b, a, 1.0 - x) / b
    return math.log1p(-rest)


def _log_tail(t: float, nu: float) -> float:
    """ln P(T_ν > t) for t ≥ 0."""
    if t <= 0.0:
        return math.log(0.5)
    return math.log(0.5) + _log_betainc(nu / 2.0, 0.5, nu / (nu + t * t))


def _log_density(t: float, nu: float) -> float:
    return (
        math.lgamma((nu + 1) / 2)
        - math.lgamma(nu / 2)
        - 0.5 * math.log(nu * math.pi)
        - (nu + 1) / 2 * math.log1p(t * t / nu)
    )


def _t_upper(nu: float, q: float) -> float:
    z = -NormalDist().inv_cdf(q)
    if q >= 0.5:
        return 0.0
    if not math.isfinite(nu):
        return z
    t = (
        z
        + (z**3 + z) / (4 * nu)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * nu**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * nu**3)
    )
    if nu > 1e4:  # the Cornish–Fisher expansion is exact to ~1e-12 here, the fraction is not
        return t
    lo, hi = 0.0, max(2.0 * t, 1.0)
    while _log_tail(hi, nu) > math.log(q):
        hi *= 2.0
    t = min(max(t, lo), hi)
    target = math.log(q)
    for _ in range(100):
        g = _log_tail(t, nu) - target
        if g > 0:
            lo = t
        else:
            hi = t
        step = g / math.exp(_log_density(t, nu) - _log_tail(t, nu))
        nxt = t + step
        if not lo < nxt < hi:
            nxt = 0.5 * (lo + hi)
        if abs(nxt - t) <= 1e-15 * max(1.0, abs(t)):
            return nxt
        t = nxt
    return t


def t_upper_quantile(nu: npt.ArrayLike, q: float) -> FloatArray:
    """``t`` with ``P(T_ν > t) = q`` (0 < q ≤ ½) for each ν (computed once per distinct ν)."""
    nus = np.array(nu, dtype=np.float64, ndmin=1)
    uniq, inverse = np.unique(nus, return_inverse=True)
    out = np.array([_t_upper(float(v), q) for v in uniq])
    return np.asarray(out[inverse].reshape(nus.shape), dtype=np.float64)
