"""The default gate on simulated suites: ~1 % of stable runs alert, clear regressions are caught.

Fixed seeds, 300 simulated runs per cell, generous margins (a per-run false-alarm rate of 1 %
gives 3 alerts in 300 runs on average; the bound is 9). Every cell judges the same suites
for every model (``calibrate`` depends only on its arguments).
"""

from __future__ import annotations

import functools

import pytest

from bencher_core.models.threshold import DEFAULT_MODEL, Model, Test
from bencher_core.thresholds.simulate import (
    NOISE_MODELS,
    Calibration,
    calibrate,
    heavy_tail_floor,
    simulate_runs,
)

BENCHER_T = Model(test=Test.T_TEST, max_sample_size=64, upper_boundary=0.99)
RUNS = 300


@functools.cache
def measured(noise: str, size: int, bencher: bool = False) -> Calibration:
    return calibrate(
        BENCHER_T if bencher else DEFAULT_MODEL, noise=noise, suite_size=size, runs=RUNS
    )


# (noise, suite size, min detection of one +25 % benchmark): 3 % noise and 20 points.
CELLS = [
    ("gaussian", 10, 0.95),
    ("gaussian", 200, 0.95),
    ("gaussian", 1000, 0.95),
    ("shared", 10, 0.95),
    ("shared", 200, 0.95),
    ("shared", 1000, 0.90),  # 96 % measured; run-wide outliers in the history widen limits
    ("mixed", 10, 0.95),
    ("mixed", 200, 0.95),
    ("mixed", 1000, 0.85),  # 91 %: per-series variance on 19 dof, little to pool across 1-10 %
]


@pytest.mark.parametrize(("noise", "size", "min_one"), CELLS, ids=lambda v: str(v))
def test_default_gate_keeps_false_alarms_per_run_near_one_percent(
    noise: str, size: int, min_one: float
) -> None:
    assert measured(noise, size).false_alarm <= 0.03


@pytest.mark.parametrize(("noise", "size", "min_one"), CELLS, ids=lambda v: str(v))
def test_default_gate_catches_a_clear_regression(noise: str, size: int, min_one: float) -> None:
    result = measured(noise, size)
    expected = {"one": True, "all": True}
    assert expected == {"one": result.detect_one >= min_one, "all": result.detect_all >= 0.95}


@pytest.mark.parametrize("noise", ["gaussian", "mixed"])
def test_bencher_t_test_per_metric_fails_most_runs_of_a_200_benchmark_suite(noise: str) -> None:
    assert measured(noise, 200, bencher=True).false_alarm >= 0.8


def test_heavy_tails_small_suite_stays_below_per_metric_t_test() -> None:
    ours, theirs = measured("heavy", 10), measured("heavy", 10, bencher=True)
    expected = {"at most 10%": True, "below t_test": True}
    assert expected == {
        "at most 10%": ours.false_alarm <= 0.10,
        "below t_test": ours.false_alarm < theirs.false_alarm,
    }


def test_heavy_tail_floor_shows_no_gate_can_do_both() -> None:
    floors = [round(heavy_tail_floor(size), 3) for size in (10, 200, 1000)]
    expected = [0.005, 0.096, 0.396]
    assert expected == floors


def test_simulated_runs_have_the_requested_shapes_and_noise() -> None:
    import numpy as np

    for noise in NOISE_MODELS:
        hist, cur = simulate_runs(
            np.random.default_rng(0), noise=noise, runs=50, suite_size=40, history=20
        )
        ratio = np.log(hist / cur[..., None])
        expected = ((50, 40, 20), (50, 40))
        assert expected == (hist.shape, cur.shape)
        assert 0.01 < float(np.median(np.abs(ratio))) < 0.06, noise


def test_unknown_noise_model_is_refused() -> None:
    import numpy as np

    with pytest.raises(ValueError, match="unknown noise model 'pink'"):
        simulate_runs(np.random.default_rng(0), noise="pink", runs=1, suite_size=1, history=2)
