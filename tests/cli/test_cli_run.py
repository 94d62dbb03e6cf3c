"""``bencher run`` end to end: subprocesses, a real SQLite store, real commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Cli


@pytest.mark.slow
def test_ten_stable_runs_then_a_60_percent_slower_one_fails_with_err(cli: Cli) -> None:
    for value in cli.STABLE:
        result = cli.run(value, "--err")
        assert (result.code, result.err) == (0, ""), result
    assert "no alerts" in result.out

    slow = cli.run(1600.0, "--err")

    assert slow.code == 1
    assert "bench_a" in slow.err
    assert "alert" in slow.err
    first_row = slow.out.splitlines()[3]
    assert first_row.startswith("bench_a")
    assert "▲ regression" in first_row
    assert "+59.9%" in first_row
    assert slow.out.splitlines()[-1].startswith("✗ 1 alert: bench_a Latency")
    assert cli.reports() == 11  # an alert is a result, not an error: the run is stored


def test_without_err_alerts_exit_0(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    result = cli.run(1600.0)
    assert result.code == 0
    assert "▲ regression" in result.out


def test_format_json_is_the_report(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    report = cli.run(1600.0, "--format", "json").json

    measure = report["results"][0][0]["measures"][0]
    assert report["results"][0][0]["benchmark"]["name"] == "bench_a"
    assert measure["metric"]["value"] == 1600.0
    assert set(measure["boundary"]) >= {"baseline", "lower_limit", "upper_limit"}
    mean = sum(cli.STABLE) / len(cli.STABLE)
    assert measure["boundary"]["baseline"] == pytest.approx(mean, rel=1e-3)
    assert [a["benchmark"]["name"] for a in report["alerts"]] == ["bench_a"]
    assert report["counts"]["alerts"] == {"total": 1, "active": 1}
    assert (report["project"]["slug"], report["branch"]["name"], report["testbed"]["name"]) == (
        "demo",
        "main",
        "tb",
    )


def test_format_markdown_leads_with_the_verdict(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    out = cli.run(1600.0, "--format", "markdown").out
    lines = out.splitlines()
    assert lines[0] == "## Bencher report"
    assert lines[4].startswith("**✗ 1 alert: bench\\_a Latency")
    assert "<details><summary>All 1 results</summary>" in out


def test_dry_run_prints_the_new_run_and_stores_nothing(cli: Cli) -> None:
    result = cli.run(1234.0, "--dry-run", "--hash", "abc123")

    assert result.code == 0, result
    new_run = result.json
    assert {k: new_run[k] for k in ("project", "branch", "hash", "testbed", "settings")} == {
        "project": "demo",
        "branch": "main",
        "hash": "abc123",
        "testbed": "tb",
        "settings": {"adapter": "json"},
    }
    assert json.loads(new_run["results"][0]) == {"bench_a": {"latency": {"value": 1234.0}}}
    assert not cli.db.exists()


def test_dry_run_still_refuses_output_the_adapter_cannot_parse(cli: Cli) -> None:
    result = cli(
        "run", "--adapter", "json", "--dry-run", "-q", "--", sys.executable, "-c", "print('hi')"
    )
    assert result.code == 2
    assert "adapter json: the output of" in result.err
    assert not cli.db.exists()


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        pytest.param("", "not written by the command (unchanged since before it ran)", id="stale"),
        pytest.param(
            "import os; os.remove('out.json')", "the command did not write it", id="removed"
        ),
    ],
)
def test_file_the_command_did_not_write_is_refused(cli: Cli, script: str, expected: str) -> None:
    out = cli.cwd / "out.json"
    out.write_text(json.dumps({"bench_a": {"latency": {"value": 5.0}}}))

    result = cli(
        "run",
        "--adapter",
        "json",
        "--file",
        "out.json",
        "--",
        sys.executable,
        "-c",
        script or "pass",
    )

    assert result.code == 2
    assert result.err.startswith(f"bencher: error: --file out.json: {expected}")
    assert len(result.err.splitlines()) == 1
    assert cli.reports() == 0


def test_file_written_by_the_command_is_read(cli: Cli) -> None:
    script = (
        "import json; json.dump({'from_file': {'latency': {'value': 7.0}}}, open('out.json', 'w'))"
    )
    (cli.cwd / "out.json").write_text("left over")

    result = cli(
        "run",
        "--adapter",
        "json",
        "--file",
        "out.json",
        "--format",
        "json",
        "--",
        sys.executable,
        "-c",
        script,
    )

    assert result.code == 0, result
    assert result.json["results"][0][0]["benchmark"]["name"] == "from_file"


def test_files_alone_are_one_iteration_each(cli: Cli) -> None:
    for i in (1, 2):
        (cli.cwd / f"r{i}.json").write_text(json.dumps({"b": {"latency": {"value": float(i)}}}))
    report = cli(
        "run", "--adapter", "json", "--file", "r1.json", "--file", "r2.json", "--format", "json"
    ).json
    values = [it[0]["measures"][0]["metric"]["value"] for it in report["results"]]
    assert values == [1.0, 2.0]


@pytest.mark.parametrize(
    ("extra", "iterations"),
    [
        pytest.param([], 3, id="each-run-an-iteration"),
        pytest.param(["--fold", "max"], 1, id="folded"),
    ],
)
def test_iter_runs_the_command_n_times(cli: Cli, extra: list[str], iterations: int) -> None:
    script = (
        "import json, pathlib; p = pathlib.Path('n'); "
        "n = int(p.read_text()) + 1 if p.exists() else 1; p.write_text(str(n)); "
        "print(json.dumps({'b': {'latency': {'value': float(n)}}}))"
    )
    result = cli(
        "run",
        "--adapter",
        "json",
        "-q",
        "--iter",
        "3",
        *extra,
        "--format",
        "json",
        "--",
        sys.executable,
        "-c",
        script,
    )

    assert result.code == 0, result
    assert (cli.cwd / "n").read_text() == "3"
    assert len(result.json["results"]) == iterations
    assert result.json["results"][-1][0]["measures"][0]["metric"]["value"] == 3.0


def test_failing_command_stores_nothing_unless_allowed(cli: Cli) -> None:
    script = 'print(\'{"b": {"latency": {"value": 5.0}}}\'); raise SystemExit(3)'
    args = ["run", "--adapter", "json", "-q"]
    failed = cli(*args, "--", sys.executable, "-c", script)

    assert failed.code == 1
    assert "exited with status 3; nothing was stored (use --allow-failure" in failed.err
    assert cli.reports() == 0

    allowed = cli(*args, "--allow-failure", "--", sys.executable, "-c", script)
    assert allowed.code == 0, allowed
    assert cli.reports() == 1


def test_command_output_is_copied_to_stderr_and_stdout_holds_the_report(cli: Cli) -> None:
    result = cli("run", "--adapter", "json", "--format", "json", "--", *cli.command(3.0))
    assert result.code == 0
    assert json.loads(result.err) == {"bench_a": {"latency": {"value": 3.0}}}
    assert result.json["results"][0][0]["benchmark"]["name"] == "bench_a"


def test_shell_command_as_one_argument(cli: Cli) -> None:
    script = Path(cli.cwd / "bmf.py")
    script.write_text('print(\'{"sh": {"latency": {"value": 2.0}}}\')')
    result = cli(
        "run", "--adapter", "json", "-q", "--format", "json", f"{sys.executable} bmf.py | cat"
    )
    assert result.code == 0, result
    assert result.json["results"][0][0]["benchmark"]["name"] == "sh"


def test_threshold_flags_pair_by_position_and_gate(cli: Cli) -> None:
    cli.seed([100.0, 100.0, 100.0])
    args = [
        "--threshold-measure", "latency", "--threshold-test", "percentage",
        "--threshold-upper-boundary", "0.10", "--threshold-lower-boundary", "_",
        "--threshold-measure", "throughput", "--threshold-test", "static",
        "--threshold-upper-boundary", "_", "--threshold-lower-boundary", "5",
    ]  # fmt: skip
    dry = cli.run(115.0, *args, "--dry-run").json
    assert dry["thresholds"] == {
        "models": {
            "latency": {"test": "percentage", "upper_boundary": 0.1},
            "throughput": {"test": "static", "lower_boundary": 5.0},
        }
    }

    report = cli.run(115.0, *args, "--err", "--format", "json")

    assert report.code == 1
    measure = report.json["results"][0][0]["measures"][0]
    assert measure["threshold"]["model"]["test"] == "percentage"
    assert measure["threshold"]["default"] is False
    assert measure["boundary"]["upper_limit"] == pytest.approx(110.0)


def test_backdate_sets_the_run_time(cli: Cli) -> None:
    new_run = cli.run(1.0, "--backdate", "1700000000", "--dry-run").json
    assert new_run["start_time"] == "2023-11-14T22:13:20Z"


def test_start_point_flags(cli: Cli) -> None:
    args = ["--branch", "feature", "--start-point", "main", "--start-point-hash", "abc"]
    args += [
        "--start-point-max-versions",
        "10",
        "--start-point-clone-thresholds",
        "--start-point-reset",
    ]
    new_run = cli.run(1.0, *args, "--dry-run").json
    assert new_run["branch"] == "feature"
    assert new_run["start_point"] == {
        "branch": "main",
        "hash": "abc",
        "max_versions": 10,
        "clone_thresholds": True,
        "reset": True,
    }


def test_start_point_inherits_history(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    report = cli.run(
        1600.0, "--branch", "feature", "--start-point", "main", "--format", "json"
    ).json
    assert report["start_point"]["branch"] == "main"
    assert [a["benchmark"]["name"] for a in report["alerts"]] == ["bench_a"]


def test_no_default_thresholds_turns_the_default_gate_off(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    result = cli.run(1600.0, "--err", "--no-default-thresholds", "--format", "json")
    assert result.code == 0, result
    measure = result.json["results"][0][0]["measures"][0]
    assert (measure["threshold"], measure["alert"], result.json["alerts"]) == (None, None, [])
