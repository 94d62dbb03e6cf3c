"""Calibration of the default gate, and the cost of computing limits.

Run: ``python benchmarks/bench_calibration.py [runs]`` (default 300 simulated runs per cell,
about 30 s).

Prints, for suites of 10, 200 and 1,000 benchmarks with 20 history points under each noise
model of :mod:`bencher_core.thresholds.simulate`, the per-run false-alarm rate of stable runs
and the detection rate of a +25 % step on one benchmark and on all benchmarks, for the
calibrated default (``DEFAULT_MODEL``, test ``auto``) and for Bencher's recommended model
(``t_test``, upper boundary 0.99, 64 points) tested per metric. Then the time of one
``compute_limits`` call over 1,000 series of 64 points next to a plain numpy mean/std floor.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np

from bencher_core.models.threshold import DEFAULT_MODEL, Model, Test
from bencher_core.thresholds import compute_limits
from bencher_core.thresholds.simulate import (
    NOISE_MODELS,
    Calibration,
    calibrate,
    heavy_tail_floor,
)

BENCHER_T = Model(test=Test.T_TEST, max_sample_size=64, upper_boundary=0.99)
SUITES = (10, 200, 1000)


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def _rates(c: Calibration) -> str:
    return f"{_pct(c.false_alarm):>11} {_pct(c.detect_one):>9} {_pct(c.detect_all):>9}"


def calibration_table(runs: int) -> None:
    print(f"Per-run rates over {runs} simulated runs, 20 history points, effect +25 %")
    print(f"auto = {DEFAULT_MODEL!r}")
    print(f"t    = {BENCHER_T!r} (Bencher's recommended model, per metric)")
    print()
    cols = f"{'false alarm':>11} {'one +25%':>9} {'all +25%':>9}"
    print(f"{'noise model':48} {'S':>5} | auto: {cols} | t_test 0.99: {cols}")
    for noise, description in NOISE_MODELS.items():
        for size in SUITES:
            a = calibrate(DEFAULT_MODEL, noise=noise, suite_size=size, runs=runs)
            t = calibrate(BENCHER_T, noise=noise, suite_size=size, runs=runs)
            print(
                f"{noise + ': ' + description:48} {size:5d} | {_rates(a):>{6 + len(cols)}} | ",
                end="",
            )
            print(f"{_rates(t):>{13 + len(cols)}}")
    floors = ", ".join(f"{size}: {_pct(heavy_tail_floor(size)).strip()}" for size in SUITES)
    print(
        "\nheavy: lowest false-alarm rate of ANY gate that catches +25 % half the time "
        f"(true baseline known): {floors}"
    )


def _best_of(fn: Callable[[], object], repeat: int = 7, number: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def timing_table() -> None:
    rng = np.random.default_rng(0)
    series, points = 1000, 64
    history = np.exp(rng.normal(0.0, 0.03, (series, points))) * 1e3
    counts = rng.integers(20, points + 1, series)
    history[np.arange(points) >= counts[:, None]] = np.nan
    current = history[:, 0] * 1.01

    def floor() -> object:
        return np.nanmean(history, axis=1), np.nanstd(history, axis=1, ddof=1)

    print(f"\nTime per compute_limits call, {series} series × up to {points} points (best of 7):")
    print(f"  {'numpy nanmean + nanstd (floor)':34} {1e3 * _best_of(floor):7.2f} ms")
    models = {
        "auto (DEFAULT_MODEL, n_tests=1000)": DEFAULT_MODEL,
        "t_test 0.99": BENCHER_T,
        "log_normal 0.99": Model(test=Test.LOG_NORMAL, upper_boundary=0.99),
        "iqr 1.5": Model(test=Test.IQR, upper_boundary=1.5),
        "delta_iqr 1.5": Model(test=Test.DELTA_IQR, upper_boundary=1.5),
    }
    for name, model in models.items():

        def call(model: Model = model) -> object:
            return compute_limits(model, history, counts, n_tests=series, current=current)

        call()  # first call imports scipy.special
        print(f"  {name:34} {1e3 * _best_of(call):7.2f} ms")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    start = time.perf_counter()
    calibration_table(runs)
    timing_table()
    print(f"\n(total {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
