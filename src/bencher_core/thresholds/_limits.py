"""History + threshold model → limits for many series at once; value + limits → alerts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bencher_core.models.threshold import Model, Test
from bencher_core.thresholds import _bencher
from bencher_core.thresholds._auto import auto
from bencher_core.thresholds._sample import FloatArray, IntArray

__all__ = ["Limits", "compute_limits", "outliers"]

_BencherTest = Callable[[FloatArray, IntArray, "float | None", "float | None"], _bencher.Triple]

_TESTS: dict[Test, _BencherTest] = {
    Test.STATIC: _bencher.static,
    Test.PERCENTAGE: _bencher.percentage,
    Test.Z_SCORE: _bencher.z_score,
    Test.T_TEST: _bencher.t_test,
    Test.LOG_NORMAL: _bencher.log_normal,
    Test.IQR: _bencher.iqr,
    Test.DELTA_IQR: _bencher.delta_iqr,
}


@dataclass(frozen=True)
class Limits:
    """Boundary of each series: arrays of shape ``(S,)``, NaN where there is none.

    Attributes:
        baseline: the test's centre (mean, median, geometric mean…); NaN without one.
        lower: lower limit; NaN when the lower boundary is unset or not computable.
        upper: upper limit; NaN when the upper boundary is unset or not computable.
        sample_size: history points used per series (int64).
    """

    baseline: FloatArray
    lower: FloatArray
    upper: FloatArray
    sample_size: IntArray


def compute_limits(
    model: Model,
    history: npt.ArrayLike,
    counts: npt.ArrayLike,
    *,
    n_tests: int = 1,
    higher_is_better: bool = False,
    current: npt.ArrayLike | None = None,
) -> Limits:
    """Limits of every series under ``model`` (Bencher's semantics; ``auto`` is ours).

    Args:
        model: the threshold model; only its test, boundaries, ``min_sample_size`` and
            ``min_effect`` are read (``max_sample_size`` and ``window`` are applied by the
            caller when it reads the history).
        history: ``(S, N)`` float64, one row per series, newest point first (version desc,
            time desc, iteration desc), padded on the right.
        counts: ``(S,)`` number of real points in each row.
        n_tests: metrics judged in the run; ``auto`` spreads its per-run confidence over
            them. Bencher's tests ignore it.
        higher_is_better: the measure's direction. Every test, ``auto`` included, takes the
            guarded side from the model's boundaries (the service puts the default's boundary
            on the worse side), so it does not change the limits.
        current: ``(S,)`` values of this run, optional: ``auto`` lets its limits follow a
            run-wide shift up to ``min_effect``; Bencher's tests ignore them.

    Returns:
        :class:`Limits`. No limits (NaN, never an error) when both boundaries are unset, when
        ``n < min_sample_size``, when ``min_sample_size`` is unset and ``n = 0``, or when the
        test's statistic does not exist (see each test's formula).
    """
    del higher_is_better  # see Args: it does not change the limits
    values = np.asarray(history, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"history must be 2-D (series × points), got shape {values.shape}")
    n = np.clip(np.asarray(counts, dtype=np.int64).reshape(-1), 0, values.shape[1])
    if n.shape[0] != values.shape[0]:
        raise ValueError(f"counts has {n.shape[0]} entries for {values.shape[0]} series")
    lower_b, upper_b = model.lower_boundary, model.upper_boundary
    nan = np.full(values.shape[0], np.nan)
    if lower_b is None and upper_b is None:
        return Limits(nan, nan.copy(), nan.copy(), n)
    if model.test is Test.AUTO:
        baseline, lower, upper = auto(
            values,
            n,
            lower_b,
            upper_b,
            n_tests=n_tests,
            min_effect=model.min_effect or 0.0,
            min_sample_size=model.min_sample_size or 1,
            current=_current(current, values.shape[0]),
        )
    else:
        baseline, lower, upper = _TESTS[model.test](values, n, lower_b, upper_b)
    enough = n >= (model.min_sample_size if model.min_sample_size is not None else 1)
    return Limits(
        baseline=np.where(enough, baseline, np.nan),
        lower=np.where(enough, lower, np.nan),
        upper=np.where(enough, upper, np.nan),
        sample_size=n,
    )


def _current(current: npt.ArrayLike | None, series: int) -> FloatArray | None:
    if current is None:
        return None
    now = np.asarray(current, dtype=np.float64).reshape(-1)
    if now.shape[0] != series:
        raise ValueError(f"current has {now.shape[0]} values for {series} series")
    return now


def outliers(values: npt.ArrayLike, limits: Limits) -> npt.NDArray[np.int8]:
    """``-1`` where ``value < lower``, ``+1`` where ``value > upper``, else ``0``.

    Strict inequalities (a value exactly on a limit is no alert); NaN limits never alert.
    """
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        below = v < limits.lower
        above = v > limits.upper
    return np.where(below, -1, np.where(above, 1, 0)).astype(np.int8)
