"""The calibrated default ``auto``: its formula, floors, direction, run-wide shift, pooling."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from bencher_core.models.threshold import DEFAULT_MODEL, Model, Test
from bencher_core.thresholds import Limits, compute_limits, outliers
from bencher_core.thresholds._auto import (
    inverse_trigamma,
    moderated_variance,
    sidak_level,
    squeeze_variance,
)

NAN = math.nan
UPPER_99 = Model(test=Test.AUTO, upper_boundary=0.99)  # no min_effect: pure statistics
LOWER_99 = Model(test=Test.AUTO, lower_boundary=0.99, min_effect=0.05)


def suite(rng: np.random.Generator, series: int, points: int, sd: float) -> np.ndarray:
    """``series`` rows of ``points`` values around 100·e^i with log-noise ``sd``."""
    base = 100.0 * np.exp(np.arange(series))[:, None]
    return base * np.exp(rng.normal(0.0, sd, (series, points)))


def single(model: Model, row: list[float] | np.ndarray, **kw: object) -> Limits:
    history = np.asarray(row, dtype=np.float64)[None, :]
    return compute_limits(model, history, np.array([history.shape[1]]), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("n_tests", [1, 10, 200, 1000], ids=lambda m: f"m{m}")
def test_single_series_is_a_t_prediction_interval_on_logs(n_tests: int) -> None:
    row = [10.0, 10.4, 9.8, 10.1, 10.6, 9.7, 10.2]
    y = np.log(row)
    alpha = 1.0 - 0.99 ** (1.0 / n_tests)
    w = special.stdtrit(len(y) - 1, 1.0 - alpha) * y.std(ddof=1) * math.sqrt(1 + 1 / len(y))
    expected = (math.exp(y.mean()), math.exp(y.mean() - w), math.exp(y.mean() + w))
    both = Model(test=Test.AUTO, lower_boundary=0.99, upper_boundary=0.99)
    limits = single(both, row, n_tests=n_tests)
    actual = (limits.baseline[0], limits.lower[0], limits.upper[0])
    assert expected == pytest.approx(actual, rel=1e-9)


def test_more_metrics_in_the_run_widen_the_limits() -> None:
    row = [10.0, 10.4, 9.8, 10.1, 10.6, 9.7, 10.2]
    uppers = [float(single(UPPER_99, row, n_tests=m).upper[0]) for m in (1, 10, 200, 1000)]
    assert sorted(uppers) == uppers
    assert len(set(uppers)) == 4


def test_min_effect_floors_a_quiet_history() -> None:
    row = list(1000.0 * np.exp(np.random.default_rng(1).normal(0.0, 1e-4, 30)))
    limits = single(DEFAULT_MODEL, row, n_tests=1000)
    expected = 1.05
    assert expected == pytest.approx(float(limits.upper[0] / limits.baseline[0]), rel=1e-12)


@pytest.mark.parametrize(
    ("min_effect", "expected"),
    [
        pytest.param(0.05, (100.0, 95.0, 105.0), id="min_effect"),
        pytest.param(None, (100.0, 100.0, 100.0), id="no-min_effect"),
    ],
)
def test_constant_history_alerts_beyond_min_effect(
    min_effect: float | None, expected: tuple[float, float, float]
) -> None:
    both = Model(test=Test.AUTO, lower_boundary=0.99, upper_boundary=0.99, min_effect=min_effect)
    limits = single(both, [100.0] * 8)
    actual = (limits.baseline[0], limits.lower[0], limits.upper[0])
    assert expected == pytest.approx(actual, rel=1e-12)
    upper = float(limits.upper[0])
    just_above = math.nextafter(upper, math.inf)
    on_limit_and_just_above = [0, 1]
    assert on_limit_and_just_above == [
        outliers(np.array([v]), limits)[0] for v in (upper, just_above)
    ]


@pytest.mark.parametrize(
    ("threshold", "side_set", "side_unset"),
    [
        pytest.param(DEFAULT_MODEL, "upper", "lower", id="latency-guards-upper"),
        pytest.param(LOWER_99, "lower", "upper", id="throughput-guards-lower"),
    ],
)
def test_only_the_guarded_side_has_a_limit(
    threshold: Model, side_set: str, side_unset: str
) -> None:
    limits = compute_limits(threshold, suite(np.random.default_rng(2), 3, 20, 0.03), np.full(3, 20))
    expected = {side_set: True, side_unset: False}
    assert expected == {
        side: bool(np.isfinite(getattr(limits, side)).any()) for side in ("lower", "upper")
    }


NO_LIMITS = [
    pytest.param([5.0, 6.0, 7.0, 8.0], id="below-default-min-5"),
    pytest.param([5.0, 6.0, 0.0, 8.0, 7.0], id="zero-value"),
    pytest.param([5.0, -6.0, 7.0, 8.0, 7.0], id="negative-value"),
]


@pytest.mark.parametrize("row", NO_LIMITS)
def test_unusable_history_gives_nan_limits(row: list[float]) -> None:
    limits = single(DEFAULT_MODEL, row)
    expected = (NAN, NAN)
    assert expected == pytest.approx((limits.baseline[0], limits.upper[0]), nan_ok=True)


def test_one_point_without_min_sample_size_gives_nan_limits() -> None:
    limits = single(UPPER_99, [5.0])
    expected = (NAN, NAN)
    assert expected == pytest.approx((limits.baseline[0], limits.upper[0]), nan_ok=True)


def test_rows_order_and_padding_do_not_change_the_limits() -> None:
    history = suite(np.random.default_rng(3), 40, 30, 0.03)
    counts = np.random.default_rng(4).integers(5, 31, 40)
    history[np.arange(30) >= counts[:, None]] = NAN
    first = compute_limits(DEFAULT_MODEL, history, counts, n_tests=40)
    order = np.random.default_rng(5).permutation(40)
    padded = np.hstack([history[order], np.full((40, 7), NAN)])
    second = compute_limits(DEFAULT_MODEL, padded, counts[order], n_tests=40)
    assert first.upper[order] == pytest.approx(second.upper, rel=1e-12)


class TestRunWideShift:
    """Up to ``min_effect``, a shift of the whole run moves the limits on its side."""

    rng = np.random.default_rng(6)
    history = suite(rng, 50, 20, 0.01)
    counts = np.full(50, 20)
    geo_mean = np.exp(np.log(history).mean(axis=1))

    def alerts(self, current: np.ndarray) -> list[int]:
        limits = compute_limits(
            DEFAULT_MODEL, self.history, self.counts, n_tests=50, current=current
        )
        return [int(i) for i in np.flatnonzero(outliers(current, limits))]

    @pytest.mark.parametrize(
        ("factors", "expected"),
        [
            pytest.param({}, [], id="stable"),
            pytest.param({"all": 1.06}, [], id="whole-run-6pct-slower-is-run-noise"),
            pytest.param({"all": 1.06, 7: 1.25}, [7], id="one-regression-in-a-slow-run"),
            pytest.param({7: 1.25}, [7], id="one-regression"),
            pytest.param({"all": 1.25}, list(range(50)), id="all-25pct-slower-still-alerts"),
        ],
    )
    def test_alerts(self, factors: dict[object, float], expected: list[int]) -> None:
        current = self.geo_mean * factors.get("all", 1.0)
        for key, factor in factors.items():
            if isinstance(key, int):
                current[key] *= factor
        assert expected == self.alerts(current)

    def test_a_faster_run_never_tightens_the_upper_limit(self) -> None:
        alone = compute_limits(DEFAULT_MODEL, self.history, self.counts, n_tests=50)
        faster = compute_limits(
            DEFAULT_MODEL, self.history, self.counts, n_tests=50, current=self.geo_mean * 0.9
        )
        assert alone.upper == pytest.approx(faster.upper, rel=1e-12)

    def test_the_shift_is_capped_at_min_effect(self) -> None:
        alone = compute_limits(DEFAULT_MODEL, self.history, self.counts, n_tests=50)
        slower = compute_limits(
            DEFAULT_MODEL, self.history, self.counts, n_tests=50, current=self.geo_mean * 1.5
        )
        assert np.full(50, 1.05) == pytest.approx(slower.upper / alone.upper, rel=1e-12)


def test_sidak_level_keeps_the_per_run_confidence() -> None:
    expected = [0.99, 0.99, 0.99]
    actual = [(1.0 - sidak_level(0.99, m)) ** m for m in (1, 200, 1000)]
    assert expected == pytest.approx(actual, rel=1e-12)


@pytest.mark.parametrize("x", [1e-3, 0.1, 1.0, 10.0, 1e3], ids=str)
def test_inverse_trigamma_inverts_trigamma(x: float) -> None:
    assert x == pytest.approx(float(special.polygamma(1, inverse_trigamma(x))), rel=1e-8)


POOLING = [
    pytest.param([0.01, 0.01, 0.01, 0.01], math.inf, id="equal-variances-pool-fully"),
    pytest.param([0.01, 0.02], 0.0, id="fewer-than-3-no-pooling"),
    pytest.param([1e-6, 1e-2, 1.0, 1e2, 1e4], 0.0, id="wildly-different-barely-pool"),
]


@pytest.mark.parametrize(("variances", "expected_d0"), POOLING)
def test_prior_degrees_of_freedom(variances: list[float], expected_d0: float) -> None:
    d0, _ = squeeze_variance(np.array(variances), np.full(len(variances), 19.0))
    assert expected_d0 == pytest.approx(d0, abs=0.5)


def test_moderated_variance_never_shrinks_a_noisy_series() -> None:
    var = np.array([1.0, 1.1, 0.9, 1.2, 0.8, 25.0, 0.0])
    post, nu = moderated_variance(var, np.full(7, 19.0))
    expected = (True, 0.0, True)
    actual = (bool((post[:6] >= var[:6]).all()), float(post[6]), bool((nu > 19.0).all()))
    assert expected == actual
