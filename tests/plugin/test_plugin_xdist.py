"""pytest-xdist: one report from all workers, with benchmarks really timed."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from tests.plugin.conftest import SLEEPY, Project, metrics

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RECORDS = """\
import time


def test_memory(bencher):
    bencher.record("peak-memory", 1024.0, units="bytes (B)", higher_is_better=False)


def test_accuracy(bencher):
    bencher.record("accuracy", 0.93, lower=0.9, upper=0.95, units="ratio", higher_is_better=True)


def test_unit_a():
    time.sleep(0.05)


def test_unit_b():
    time.sleep(0.05)
"""

EXPECTED_METRICS = {
    ("test_sleepy.py::test_sleepy", "latency"),
    ("test_sleepy.py::test_steady", "latency"),
    ("test_records.py::test_memory", "peak-memory"),
    ("test_records.py::test_accuracy", "accuracy"),
}


def workers_of(output: str, test: str) -> set[str]:
    """The xdist workers ``-v`` output says ran ``test``."""
    return set(re.findall(rf"\[(gw\d+)\].*PASSED {re.escape(test)}\b", output))


@pytest.fixture
def suite(project: Project) -> Project:
    project.write("test_sleepy.py", SLEEPY)
    project.write("test_records.py", RECORDS)
    return project


def test_two_workers_give_one_report_with_everything(suite: Project) -> None:
    result = suite.run("--bencher", "-n", "2", "-v")

    result.assert_outcomes(passed=6)
    out = result.stdout.str()
    (report,) = suite.reports()
    values = metrics(report)
    assert set(values) == EXPECTED_METRICS
    # Really timed (a disabled pytest-benchmark gives no timing at all): a 2 ms sleep, in ns.
    assert values[("test_sleepy.py::test_steady", "latency")] >= 2e6
    assert values[("test_records.py::test_accuracy", "accuracy")] == 0.93
    # Both benchmarks ran on one worker, under their own node ids.
    gw = workers_of(out, "test_sleepy.py::test_sleepy@bencher-benchmarks")
    assert len(gw) == 1
    assert gw == workers_of(out, "test_sleepy.py::test_steady@bencher-benchmarks")
    result.stdout.fnmatch_lines(["*pytest-xdist: benchmarks were timed on one worker*noise*"])
    assert "Benchmarks are automatically disabled" not in out + result.stderr.str()


def test_custom_measures_keep_their_units_and_direction_across_workers(suite: Project) -> None:
    suite.run("--bencher", "-n", "2")

    (report,) = suite.reports()
    measures = {m.measure.slug: m.measure for r in report.results[0] for m in r.measures}
    assert (measures["accuracy"].units, measures["accuracy"].higher_is_better) == ("ratio", True)
    assert measures["peak-memory"].units == "bytes (B)"


def test_another_dist_mode_spreads_benchmarks_but_still_times_them(suite: Project) -> None:
    result = suite.run("--bencher", "-n", "2", "--dist", "loadfile")

    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*benchmarks were timed on several workers at once*noise*"])
    (report,) = suite.reports()
    assert set(metrics(report)) == EXPECTED_METRICS


def test_an_explicit_benchmark_disable_is_respected_and_said(suite: Project) -> None:
    result = suite.run("--bencher", "-n", "2", "--benchmark-disable")

    result.stdout.fnmatch_lines(["*2 benchmark tests ran untimed*"])
    (report,) = suite.reports()
    assert {b for b, _ in metrics(report)} == {
        "test_records.py::test_memory",
        "test_records.py::test_accuracy",
    }


def test_the_installed_pytest_benchmark_is_in_the_supported_range() -> None:
    """Re-enabling timing on workers relies on ``BenchmarkSession.disabled`` (4.x and 5.x; tox
    runs these tests against 4.x too): the tests above show it works with the installed one."""
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    (pin,) = [d for d in deps if d.startswith("pytest-benchmark")]
    supported = SpecifierSet(pin.removeprefix("pytest-benchmark"))
    assert metadata.version("pytest-benchmark") in supported
    assert str(supported) == "<6,>=4.0"


def test_without_pytest_benchmark_the_records_still_arrive(suite: Project) -> None:
    args = ("-p", "bencher", "-p", "xdist.plugin", "-p", "no:cacheprovider", "--bencher", "-n", "2")
    suite.write("test_sleepy.py", "def test_nothing():\n    pass\n")

    result = suite.pytester.runpytest_subprocess(*args)

    result.assert_outcomes(passed=5)
    assert "offers no session" not in result.stdout.str()
    (report,) = suite.reports()
    assert {b for b, _ in metrics(report)} == {
        "test_records.py::test_memory",
        "test_records.py::test_accuracy",
    }
