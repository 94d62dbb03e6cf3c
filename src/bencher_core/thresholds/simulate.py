"""Simulated CI suites that calibrate the default gate: false alarms per run and detection power.

A suite of ``S`` benchmarks has ``N`` history runs and one current run. Benchmark ``i`` has its
own scale ``base_i`` and multiplicative noise, ``x = base_i · e^ε``, with ``ε`` from one of
these noise models (each about 3 % per benchmark):

``gaussian``  ``ε ~ N(0, 3 %)``, independent.
``heavy``     ``ε ~ 3 % · T₃/√3`` (Student t, 3 dof, sd 3 %), independent: rare huge outliers.
``shared``    ``ε = c_run + η``: a run-wide factor ``c_run ~ 2.5 % · T₃/√3`` common to every
              benchmark of a run (the whole machine is slower), plus own ``η ~ N(0, 1.5 %)``.
``mixed``     ``ε ~ N(0, σ_i)`` with ``σ_i`` log-uniform in [1 %, 10 %] per benchmark
              (benchmark 0 at 3 %): quiet and noisy benchmarks judged together.

Per run, with ``n_tests = S``, the run counts as

* a *false alarm* if its stable current values raise any alert,
* *one detected* if benchmark 0, made ``1 + effect`` times slower, raises an upper alert,
* *all detected* if, every benchmark being ``1 + effect`` times slower, any upper alert rises.

Independent heavy tails defeat every per-value gate: a gate that catches a +25 % step at
least half the time must alert when one benchmark's noise alone exceeds +25 %, which
:func:`heavy_tail_floor` gives (10 % of runs at 200 benchmarks, 40 % at 1000).

Everything is a pure function of its arguments (fixed seeds, no global state).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bencher_core.models.threshold import Model
from bencher_core.thresholds._limits import compute_limits, outliers
from bencher_core.thresholds._sample import FloatArray

__all__ = ["NOISE_MODELS", "Calibration", "calibrate", "heavy_tail_floor", "simulate_runs"]

NOISE_MODELS: dict[str, str] = {
    "gaussian": "independent N(0, 3%)",
    "heavy": "independent Student-t(3), sd 3%",
    "shared": "run-wide t(3) sd 2.5% + own N(0, 1.5%)",
    "mixed": "independent N(0, σ_i), σ_i in [1%, 10%]",
}


def _student3(rng: np.random.Generator, sd: float, shape: tuple[int, ...]) -> FloatArray:
    """Student t with 3 dof scaled to standard deviation ``sd`` (its variance is 3)."""
    return np.asarray(rng.standard_t(3, shape) * (sd / math.sqrt(3.0)), dtype=np.float64)


def simulate_runs(
    rng: np.random.Generator, *, noise: str, runs: int, suite_size: int, history: int
) -> tuple[FloatArray, FloatArray]:
    """``(histories, currents)`` of ``runs`` independent suites: ``(R, S, N)`` newest-first
    histories and ``(R, S)`` stable current values.
    """
    shape = (runs, suite_size, history + 1)
    if noise == "gaussian":
        eps = rng.normal(0.0, 0.03, shape)
    elif noise == "heavy":
        eps = _student3(rng, 0.03, shape)
    elif noise == "shared":
        eps = _student3(rng, 0.025, (runs, 1, history + 1)) + rng.normal(0.0, 0.015, shape)
    elif noise == "mixed":
        sigma = np.exp(rng.uniform(math.log(0.01), math.log(0.10), (runs, suite_size, 1)))
        sigma[:, 0] = 0.03
        eps = rng.normal(0.0, 1.0, shape) * sigma
    else:
        raise ValueError(f"unknown noise model {noise!r}; expected one of {sorted(NOISE_MODELS)}")
    base = np.exp(rng.uniform(0.0, 12.0, (runs, suite_size, 1)))  # 1 … 160 000 (ns, say)
    x = base * np.exp(eps)
    return x[..., 1:], x[..., 0]


@dataclass(frozen=True)
class Calibration:
    """Per-run rates measured over ``runs`` simulated suites."""

    noise: str
    suite_size: int
    runs: int
    false_alarm: float
    detect_one: float
    detect_all: float


def calibrate(
    model: Model,
    *,
    noise: str,
    suite_size: int,
    runs: int = 300,
    history: int = 20,
    effect: float = 0.25,
    seed: int = 0,
) -> Calibration:
    """False-alarm and detection rates of ``model`` on simulated suites (module docstring).

    The data depend only on ``(seed, noise, suite_size, runs, history)``: two models
    calibrated with the same arguments judge the same suites.
    """
    rng = np.random.default_rng([seed, zlib.crc32(f"{noise}/{suite_size}".encode())])
    histories, currents = simulate_runs(
        rng, noise=noise, runs=runs, suite_size=suite_size, history=history
    )
    counts = np.full(suite_size, history, dtype=np.int64)
    false_alarm = detect_one = detect_all = 0
    for hist, cur in zip(histories, currents, strict=True):
        slower = cur * (1.0 + effect)
        one = cur.copy()
        one[0] = slower[0]
        false_alarm += bool(_flags(model, hist, counts, cur).any())
        detect_one += bool(_flags(model, hist, counts, one)[0] == 1)
        detect_all += bool((_flags(model, hist, counts, slower) == 1).any())
    return Calibration(
        noise=noise,
        suite_size=suite_size,
        runs=runs,
        false_alarm=false_alarm / runs,
        detect_one=detect_one / runs,
        detect_all=detect_all / runs,
    )


def _flags(
    model: Model, history: FloatArray, counts: npt.NDArray[np.int64], current: FloatArray
) -> npt.NDArray[np.int8]:
    """Alerts of one run judged as a whole (``n_tests`` = suite size)."""
    limits = compute_limits(model, history, counts, n_tests=len(current), current=current)
    return outliers(current, limits)


def heavy_tail_floor(suite_size: int, *, effect: float = 0.25, sd: float = 0.03) -> float:
    """Lowest per-run false-alarm rate of a gate that catches a ``+effect`` step half the time,
    under the ``heavy`` noise model even with the true baseline known.

    Such a gate alerts whenever noise alone exceeds ``ln(1 + effect)`` on some benchmark:
    ``1 − (1 − P(sd·T₃/√3 > ln(1 + effect)))^S``.
    """
    from scipy import special  # lazy: scipy.special costs ~0.2 s to import

    tail = float(special.stdtr(3, -math.log1p(effect) * math.sqrt(3.0) / sd))
    return -math.expm1(suite_size * math.log1p(-tail))
