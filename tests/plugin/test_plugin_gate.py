"""The gate: a real slowdown after a stable history fails the session, unless told otherwise."""

from __future__ import annotations

import pytest
from tests.plugin.conftest import (
    GATE_CONFIG,
    SLEEPY,
    SLEEPY_CONFIG,
    Project,
    gate_config,
    metrics,
    slow_down,
)

SLOW = "test_sleepy.py::test_sleepy"
STEADY = "test_sleepy.py::test_steady"


def test_a_stable_run_passes(history: Project) -> None:
    result = history.run("--bencher")

    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*✓ no alerts*"])
    assert [len(r.alerts) for r in history.reports()] == [0] * 6


def test_a_3x_slowdown_fails_the_session_and_names_the_benchmark(
    history: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_down(monkeypatch)

    result = history.run("--bencher")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "*= bencher =*",
            f"{SLOW} *Latency*+*%*",  # the regression comes first in the table
            f"{STEADY} *Latency*",
            f"*✗ 1 alert*{SLOW}*",
            "*1 alert: the session fails (--bencher-no-fail reports without failing)*",
        ]
    )
    last = history.reports()[-1]
    assert [(a.benchmark.name, a.limit.value) for a in last.alerts] == [(SLOW, "upper")]


def test_the_calibrated_default_gate_catches_a_3x_slowdown(
    history: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No threshold configured: the default gate (5 history points) judges the run."""
    history.write("pyproject.toml", SLEEPY_CONFIG)
    slow_down(monkeypatch)

    result = history.run("--bencher")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    last = history.reports()[-1]
    alerted = {a.benchmark.name: (a.limit.value, a.threshold.default) for a in last.alerts}
    assert alerted[SLOW] == ("upper", True)


@pytest.mark.parametrize(
    ("args", "pyproject"),
    [
        pytest.param(["--bencher-no-fail"], None, id="flag"),
        pytest.param([], "fail = false", id="pyproject"),
    ],
)
def test_no_fail_reports_the_alert_without_failing(
    history: Project, monkeypatch: pytest.MonkeyPatch, args: list[str], pyproject: str | None
) -> None:
    if pyproject:
        history.write("pyproject.toml", gate_config(pyproject))
    slow_down(monkeypatch)

    result = history.run("--bencher", *args)

    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [f"*✗ 1 alert*{SLOW}*", "*1 alert reported; the session does not fail*"]
    )


@pytest.mark.parametrize(
    ("args", "pyproject"),
    [
        pytest.param(["--bencher-ignore", "*::test_sleep?"], None, id="flag"),
        pytest.param([], 'ignore = ["*::test_sleep?"]', id="pyproject"),
    ],
)
def test_ignored_benchmarks_are_stored_but_never_alert(
    history: Project, monkeypatch: pytest.MonkeyPatch, args: list[str], pyproject: str | None
) -> None:
    if pyproject:
        history.write("pyproject.toml", gate_config(pyproject))
    slow_down(monkeypatch)

    result = history.run("--bencher", *args)

    last = history.reports()[-1]
    alerted = {a.benchmark.name for a in last.alerts}
    assert SLOW not in alerted  # tripled, but ignored
    assert metrics(last)[(SLOW, "latency")] > 5e6  # stored: a 6 ms sleep, in ns
    # The steady benchmark is still gated (a busy machine may slow it past the limit).
    assert result.ret == (pytest.ExitCode.TESTS_FAILED if alerted else pytest.ExitCode.OK)


def test_excluded_benchmarks_are_not_submitted(
    history: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_down(monkeypatch)

    result = history.run("--bencher", "--bencher-exclude", "*::test_sleepy")

    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*1 benchmark(s) excluded by configuration, not submitted*"])
    assert list(metrics(history.reports()[-1])) == [(STEADY, "latency")]


def test_a_failed_benchmark_test_is_left_out(project: Project) -> None:
    project.write(
        "test_fails.py",
        """
        import time

        def test_broken(benchmark):
            benchmark.pedantic(time.sleep, args=(0.001,), rounds=2)
            assert False

        def test_fine(benchmark):
            benchmark.pedantic(time.sleep, args=(0.001,), rounds=2)
        """,
    )

    result = project.run("--bencher")

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*1 benchmark test(s) failed: their timings are not submitted*"])
    assert list(metrics(project.reports()[-1])) == [("test_fails.py::test_fine", "latency")]


def test_untimed_benchmarks_are_said_not_silently_dropped(project: Project) -> None:
    project.write("test_sleepy.py", SLEEPY)

    result = project.run("--bencher", "--benchmark-disable")

    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "*2 benchmark tests ran untimed*",
            "*no benchmark results in this session: nothing submitted*",
        ]
    )
    assert project.reports() == []


def test_a_looser_threshold_for_one_noisy_benchmark(
    history: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    history.write(
        "pyproject.toml",
        f"{GATE_CONFIG}"
        "[[tool.bencher.overrides]]\n"
        'benchmarks = ["*::test_sleep?"]\n'
        'thresholds.latency = { test = "percentage", upper_boundary = 4.0 }\n',
    )
    slow_down(monkeypatch)

    result = history.run("--bencher")

    assert result.ret == pytest.ExitCode.OK
    last = history.reports()[-1]
    assert last.alerts == []
    models = {r.benchmark.name: r.measures[0].threshold for r in last.results[0]}
    assert models[SLOW] is not None and models[SLOW].model.test.value == "percentage"
    assert models[STEADY] is not None and models[STEADY].model.upper_boundary == 0.5
