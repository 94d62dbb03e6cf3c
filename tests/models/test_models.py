"""Validation of the wire models: BMF, threshold models, names, samples."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bencher_core.errors import InvalidInputError
from bencher_core.models import (
    MAX_SAMPLES,
    Metric,
    Model,
    NewRun,
    SampleSummary,
    Test,
    lookup_measure,
    measure_info,
    results_from_bmf,
)
from bencher_core.models._names import is_slug, slugify, strip_ignore


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        pytest.param({"test": "static", "upper_boundary": 1}, None, id="static-ok"),
        pytest.param(
            {"test": "static", "lower_boundary": 2, "upper_boundary": 1},
            "above upper_boundary",
            id="static-order",
        ),
        pytest.param(
            {"test": "static", "upper_boundary": 1, "window": 5},
            "no min_sample_size",
            id="static-window",
        ),
        pytest.param({"test": "t_test"}, "at least one of", id="no-boundary"),
        pytest.param({"test": "t", "upper_boundary": 0.99}, None, id="t-alias"),
        pytest.param({"test": "z", "upper_boundary": 0.5}, None, id="z-alias-low-edge"),
        pytest.param({"test": "z_score", "upper_boundary": 1.0}, r"in \[0.5, 1.0\)", id="z-one"),
        pytest.param(
            {"test": "log_normal", "lower_boundary": 0.49}, r"in \[0.5, 1.0\)", id="lognormal-low"
        ),
        pytest.param({"test": "percentage", "upper_boundary": -0.1}, ">= 0", id="pct-negative"),
        pytest.param(
            {"test": "percentage", "upper_boundary": 0.1, "min_sample_size": 1},
            None,
            id="pct-size-1",
        ),
        pytest.param(
            {"test": "iqr", "upper_boundary": 3, "min_sample_size": 1},
            "at least 2",
            id="iqr-size-1",
        ),
        pytest.param(
            {"test": "t_test", "upper_boundary": 0.9, "min_sample_size": 9, "max_sample_size": 3},
            "above max_sample_size",
            id="min-gt-max",
        ),
        pytest.param(
            {"test": "t_test", "upper_boundary": float("nan")}, "finite", id="nan-boundary"
        ),
        pytest.param(
            {"test": "percentage", "upper_boundary": 0.1, "window": 0},
            "greater than or equal to 1",
            id="window-zero",
        ),
        pytest.param(
            {"test": "t_test", "upper_boundary": 0.9, "min_effect": 0.1},
            "auto test only",
            id="min-effect-not-auto",
        ),
        pytest.param({"test": "nope", "upper_boundary": 0.9}, "Input should be", id="unknown-test"),
    ],
)
def test_threshold_model_validation(spec: dict[str, object], error: str | None) -> None:
    if error is None:
        assert Model.model_validate(spec).test in set(Test)
        return
    with pytest.raises(ValidationError, match=error):
        Model.model_validate(spec)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_metrics_are_refused_with_a_message_that_says_so(bad: float) -> None:
    with pytest.raises(ValidationError, match="NaN and infinities are refused"):
        Metric(value=bad)
    with pytest.raises(InvalidInputError, match=r"benchmark 'b', measure 'latency': .*finite"):
        results_from_bmf({"b": {"latency": {"value": 1.0, "upper_value": bad}}})


def test_bmf_accepts_ints_nulls_and_unknown_fields() -> None:
    results = results_from_bmf({"b": {"latency": {"value": 3, "lower_value": None, "extra": "x"}}})
    assert results["b"]["latency"] == Metric(value=3.0)


def test_sample_summary_is_bounded() -> None:
    small = SampleSummary.of([3.0, 1.0, 2.0], scale=1e9)
    assert (small.kind, small.count, small.values) == ("all", 3, [3e9, 1e9, 2e9])
    big = SampleSummary.of(range(150_000))
    assert (big.kind, big.count, len(big.values)) == ("quantiles", 150_000, MAX_SAMPLES)
    assert (big.values[0], big.values[-1]) == (0.0, 149_999.0)
    with pytest.raises(InvalidInputError, match="finite"):
        SampleSummary.of([1.0, math.nan])


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("tests::benchmark_a", "tests-benchmark-a"),
        ("Büro Zeit!", "buro-zeit"),
        ("x" * 80, "x" * 64),
        ("---", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slug_and_ignore_rules() -> None:
    assert is_slug("benchmark-b") and not is_slug("Benchmark B") and not is_slug("a" * 65)
    assert [
        strip_ignore(n)
        for n in ("a_bencher_ignore", "aBencherIgnore", "a-bencher-ignore", "a", "_bencher_ignore")
    ] == [("a", True), ("a", True), ("a", True), ("a", False), ("_bencher_ignore", False)]


def test_measures_know_units_and_direction() -> None:
    latency, throughput = lookup_measure("latency"), lookup_measure("Throughput")
    assert latency is not None and throughput is not None
    assert (latency.units, latency.higher_is_better) == ("nanoseconds (ns)", False)
    assert (throughput.units, throughput.higher_is_better) == ("operations / second (ops/s)", True)
    custom = measure_info("Peak Memory", units="bytes (B)")
    assert (custom.slug, custom.name, custom.units, custom.higher_is_better) == (
        "peak-memory",
        "Peak Memory",
        "bytes (B)",
        False,
    )
    assert measure_info("accuracy", higher_is_better=True).higher_is_better


def test_new_run_takes_bencher_cli_json() -> None:
    run = NewRun.model_validate(
        {
            "project": "p",
            "branch": "main",
            "hash": "abc",
            "testbed": "t",
            "start_point": {
                "branch": "main",
                "hash": "a",
                "max_versions": 10,
                "clone_thresholds": True,
                "reset": False,
            },
            "thresholds": {
                "models": {
                    "latency": {"test": "t_test", "upper_boundary": 0.99, "max_sample_size": 64}
                },
                "reset": True,
            },
            "start_time": "2026-01-01T00:00:00Z",
            "end_time": "2026-01-01T00:00:01Z",
            "results": ["{}"],
            "settings": {"adapter": "rust_iai_callgrind", "average": "median", "fold": "max"},
            "context": {"bencher.dev/v0/branch/ref/name": "main"},
            "ci": {"something": "new"},
        }
    )
    assert run.settings is not None and run.settings.adapter is not None
    assert run.settings.adapter.value == "rust_gungraun"
    assert run.thresholds is not None and run.thresholds.models["latency"].test is Test.T_TEST


@given(
    st.one_of(
        st.text(max_size=70),
        st.text(alphabet="ab9-", max_size=70),  # mostly slug-like: hyphen placement decides
    )
)
def test_a_slug_is_exactly_what_slugify_leaves_unchanged(text: str) -> None:
    assert is_slug(text) == (0 < len(text) <= 64 and slugify(text) == text)
