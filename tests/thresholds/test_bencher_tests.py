"""Bencher's seven tests: known-answer vectors, no-limit rules, batching, outliers."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

import bencher_core.thresholds
from bencher_core.models.threshold import Model, Test
from bencher_core.thresholds import Limits, compute_limits, outliers

NAN = math.nan

# Bencher's t vector (FACTS §4): mean 0, sd 1, n = 6 → T = StudentsT(0, 1·√(1 + 1/6), df 5),
# T⁻¹(0.85) = 1.2483714094976244. Any 6 values with mean 0 and Σx² = 5 give it; the
# alternating ±√(5/6) sums to exactly 0 in floating point. The z vector is the same data:
# N(0, 1)⁻¹(0.85) = 1.0364333894937896 does not depend on n.
UNIT_6 = [v * math.sqrt(5 / 6) for v in (-1, 1, -1, 1, -1, 1)]
ONE_TO_FIVE_X6 = [1.0, 2.0, 3.0, 4.0, 5.0] * 6


def limits_of(model: Model, *rows: list[float], width: int | None = None) -> Limits:
    """compute_limits over rows padded with NaN to a common width."""
    width = width if width is not None else max((len(r) for r in rows), default=0)
    history = np.full((len(rows), width), NAN)
    for i, row in enumerate(rows):
        history[i, : len(row)] = row
    return compute_limits(model, history, np.array([len(r) for r in rows]))


def triple(limits: Limits, i: int = 0) -> tuple[float, float, float]:
    return (float(limits.baseline[i]), float(limits.lower[i]), float(limits.upper[i]))


def model(test: str, lower: float | None, upper: float | None, **kw: int) -> Model:
    return Model(test=Test(test), lower_boundary=lower, upper_boundary=upper, **kw)


KNOWN_ANSWERS = [
    pytest.param(
        model("z_score", 0.85, 0.85),
        UNIT_6,
        (0.0, -1.0364333894937896, 1.0364333894937896),
        id="z_score-N(0,1)-0.85",
    ),
    pytest.param(
        model("t_test", 0.85, 0.85),
        UNIT_6,
        (0.0, -1.2483714094976244, 1.2483714094976244),
        id="t_test-n6-0.85",
    ),
    pytest.param(
        model("log_normal", 0.85, 0.85),
        ONE_TO_FIVE_X6,
        (2.6051710846973517, 0.467218645251152, 4.743123524143551),
        id="log_normal-1..5x6-0.85",
    ),
    pytest.param(
        model("iqr", 1.5, 1.5), [4.0, 0.0, 3.0, 1.0, 2.0], (2.0, -1.0, 5.0), id="iqr-q123-1.5"
    ),
    pytest.param(model("percentage", 5, 5), [1.0], (1.0, -4.0, 6.0), id="percentage-mean1-5"),
    pytest.param(
        model("percentage", 5, 5), [0.5, 1.5], (1.0, -4.0, 6.0), id="percentage-mean-of-2"
    ),
    pytest.param(model("static", -5, 5), [123.0], (NAN, -5.0, 5.0), id="static-both"),
    # Δ-quartiles of [1..5] newest first: (0.3125, 0.41666…, 0.625); q2 = 3.
    pytest.param(
        model("delta_iqr", 1, 1),
        [1.0, 2.0, 3.0, 4.0, 5.0],
        (3.0, 2.0625, 3.9375),
        id="delta_iqr-asc",
    ),
    # Query order matters: [5..1] has Δ-quartiles (0.2375, 0.29166…, 0.375).
    pytest.param(
        model("delta_iqr", 1, 1),
        [5.0, 4.0, 3.0, 2.0, 1.0],
        (3.0, 2.5875, 3.4125),
        id="delta_iqr-desc",
    ),
    # Bencher's bimodal vector: quartiles (−4.25, 1, 7), Δ-quartiles (0, 0, 7/6).
    pytest.param(
        model("iqr", 1, 2), [-6.0, -6.0, 1.0, 1.0, 9.0, 9.0], (1.0, -10.25, 23.5), id="iqr-bimodal"
    ),
    pytest.param(
        model("delta_iqr", 1, 1),
        [-6.0, -6.0, 1.0, 1.0, 9.0, 9.0],
        (1.0, 1 - 7 / 6, 1 + 7 / 6),
        id="delta_iqr-bimodal",
    ),
]


@pytest.mark.parametrize(("threshold", "history", "expected"), KNOWN_ANSWERS)
def test_known_answers(
    threshold: Model, history: list[float], expected: tuple[float, float, float]
) -> None:
    assert expected == pytest.approx(triple(limits_of(threshold, history)), rel=1e-12, nan_ok=True)


ONE_SIDE = [
    pytest.param(model("t_test", None, 0.85), (0.0, NAN, 1.2483714094976244), id="upper-only"),
    pytest.param(model("t_test", 0.85, None), (0.0, -1.2483714094976244, NAN), id="lower-only"),
    pytest.param(model("z_score", 0.5, 0.975), (0.0, 0.0, 1.959963984540054), id="asymmetric"),
]


@pytest.mark.parametrize(("threshold", "expected"), ONE_SIDE)
def test_a_limit_exists_only_on_a_side_with_a_boundary(
    threshold: Model, expected: tuple[float, float, float]
) -> None:
    assert expected == pytest.approx(triple(limits_of(threshold, UNIT_6)), rel=1e-12, nan_ok=True)


NO_LIMITS = [
    pytest.param(model("t_test", None, 0.9), [], id="t-empty"),
    pytest.param(model("t_test", None, 0.9), [1.0], id="t-one-point-no-sd"),
    pytest.param(model("z_score", None, 0.9), [2.0, 2.0, 2.0], id="z-zero-variance"),
    pytest.param(model("log_normal", None, 0.9), [1.0, 1.0], id="log_normal-zero-variance"),
    pytest.param(model("log_normal", None, 0.9), [1.0, 0.0, 2.0], id="log_normal-zero"),
    pytest.param(model("log_normal", None, 0.9), [1.0, -2.0, 2.0], id="log_normal-negative"),
    pytest.param(model("percentage", None, 0.1), [], id="percentage-empty"),
    pytest.param(model("iqr", None, 1.5), [], id="iqr-empty"),
    pytest.param(model("delta_iqr", None, 1.5), [3.0], id="delta_iqr-one-point"),
    pytest.param(model("delta_iqr", None, 1.5), [0.0, 0.0, 1.0], id="delta_iqr-division-by-zero"),
    pytest.param(model("static", None, 5), [], id="static-no-history"),
    pytest.param(model("t_test", None, 0.9, min_sample_size=4), [1.0, 2.0, 3.0], id="below-min"),
    pytest.param(
        model("percentage", None, 0.1, min_sample_size=2), [1.0], id="percentage-below-min"
    ),
    pytest.param(model("iqr", None, 1.5, min_sample_size=3), [1.0, 2.0], id="iqr-below-min"),
]


@pytest.mark.parametrize(("threshold", "history"), NO_LIMITS)
def test_too_little_or_unusable_history_gives_nan_limits(
    threshold: Model, history: list[float]
) -> None:
    limits = limits_of(threshold, history, width=max(len(history), 3))
    expected = (NAN, NAN, NAN)
    assert expected == pytest.approx(triple(limits), nan_ok=True)
    assert [len(history)] == limits.sample_size.tolist()


def test_min_sample_size_met_exactly_gives_limits() -> None:
    limits = limits_of(model("t_test", None, 0.85, min_sample_size=6), UNIT_6)
    expected = 1.2483714094976244
    assert expected == pytest.approx(float(limits.upper[0]), rel=1e-12)


BATCH_MODELS = [
    pytest.param(model(t, lo, hi), id=t)
    for t, lo, hi in [
        ("static", 1.0, 9.0),
        ("percentage", 0.1, 0.2),
        ("z_score", 0.9, 0.95),
        ("t_test", 0.9, 0.95),
        ("log_normal", 0.9, 0.95),
        ("iqr", 1.5, 3.0),
        ("delta_iqr", 1.5, 3.0),
    ]
]


@pytest.mark.parametrize("threshold", BATCH_MODELS)
def test_mixed_length_series_in_one_call_equal_per_series_results(threshold: Model) -> None:
    rng = np.random.default_rng(7)
    rows = [list(rng.lognormal(3.0, 0.2, n)) for n in (0, 1, 2, 5, 17, 64)]
    rows.append([5.0, 5.0, 5.0])  # zero variance
    batch = limits_of(threshold, *rows)
    alone = np.array([triple(limits_of(threshold, row, width=len(row) + 3)) for row in rows])
    together = np.array([triple(batch, i) for i in range(len(rows))])
    assert alone == pytest.approx(together, rel=1e-12, nan_ok=True)


def test_no_boundary_gives_no_limits_for_any_history() -> None:
    # Model validation refuses a model without boundaries; bypass it as a stored row might.
    unbounded = Model.model_construct(test=Test.T_TEST, lower_boundary=None, upper_boundary=None)
    limits = limits_of(unbounded, UNIT_6)
    expected = (NAN, NAN, NAN)
    assert expected == pytest.approx(triple(limits), nan_ok=True)


OUTLIERS = [
    pytest.param(-10.0, -1, id="below"),
    pytest.param(-5.0, 0, id="on-lower-is-no-alert"),
    pytest.param(0.0, 0, id="inside"),
    pytest.param(5.0, 0, id="on-upper-is-no-alert"),
    pytest.param(math.nextafter(5.0, math.inf), 1, id="just-above"),
    pytest.param(10.0, 1, id="above"),
    pytest.param(NAN, 0, id="nan-value"),
]


@pytest.mark.parametrize(("value", "expected"), OUTLIERS)
def test_outliers_use_strict_inequalities(value: float, expected: int) -> None:
    limits = limits_of(model("static", -5, 5), [0.0])
    assert [expected] == outliers(np.array([value]), limits).tolist()


def test_nan_limits_never_alert() -> None:
    limits = Limits(
        baseline=np.array([NAN, 1.0]),
        lower=np.array([NAN, NAN]),
        upper=np.array([NAN, 2.0]),
        sample_size=np.array([0, 5]),
    )
    actual = outliers(np.array([-1e300, 1e300]), limits)
    expected = (np.dtype(np.int8), [0, 1])
    assert expected == (actual.dtype, actual.tolist())


def test_public_api() -> None:
    expected = ["Limits", "compute_limits", "outliers"]
    assert expected == bencher_core.thresholds.__all__


def test_history_must_be_two_dimensional() -> None:
    with pytest.raises(ValueError, match="2-D"):
        compute_limits(model("t_test", None, 0.9), np.ones(3), np.array([3]))


def test_import_is_light_and_never_loads_scipy_stats() -> None:
    code = (
        "import sys, numpy as np\n"
        "import bencher_core.thresholds as t\n"
        "assert 'scipy' not in sys.modules, 'scipy imported eagerly'\n"
        "from bencher_core.models.threshold import Model, DEFAULT_MODEL\n"
        "h = np.abs(np.random.default_rng(0).normal(10, 1, (4, 8)))\n"
        "for name in ('t_test', 'z_score', 'log_normal'):\n"
        "    t.compute_limits(Model(test=name, upper_boundary=0.9), h, np.full(4, 8))\n"
        "t.compute_limits(DEFAULT_MODEL, h, np.full(4, 8), n_tests=4, current=h[:, 0])\n"
        "assert 'scipy.stats' not in sys.modules, 'scipy.stats imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_current_must_have_one_value_per_series() -> None:
    history = np.ones((3, 5))
    with pytest.raises(ValueError, match="current has 2 values for 3 series"):
        compute_limits(
            Model(test=Test.AUTO, upper_boundary=0.99), history, np.full(3, 5), current=[1.0, 2.0]
        )
