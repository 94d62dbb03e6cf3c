"""The examples in examples/asv and examples/pyperf, run for real: asv on a git repository in
tmp_path, pyperf with its worker processes, the ``bencher`` command as a subprocess."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.integrations.conftest import (
    EXAMPLES,
    T0,
    AsvFile,
    Bencher,
    Result,
    clean_env,
    commit,
    git,
    write_asv,
)

#: pyperf options for a smoke run: 2 worker processes, 3 values each, 1 loop, no warmup.
PYPERF_FAST = ("-p", "2", "-n", "3", "-l", "1", "-w", "0", "-q")

pytestmark = pytest.mark.slow


def _store(folder: Path) -> Path:
    return folder / ".bencher" / "bencher.db"


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql).fetchall())


@pytest.fixture
def asv_project(tmp_path: Path, asv_home: dict[str, str]) -> Path:
    """examples/asv as a git repository of its own, with the asv machine ``ci-box`` set up."""
    project = tmp_path / "asv-example"
    shutil.copytree(EXAMPLES / "asv", project, ignore=shutil.ignore_patterns(".asv", ".bencher"))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "benchmarks")
    subprocess.run(
        [sys.executable, "-m", "asv", "machine", "--yes", "--machine", "ci-box"],
        cwd=project,
        env=asv_home,
        check=True,
        capture_output=True,
    )
    return project


def _bencher_asv(bencher: Bencher, project: Path, env: dict[str, str]) -> Result:
    head = git(project, "rev-parse", "HEAD")
    return bencher.subprocess(
        "asv", "--", "run", "--quick", "--python=same", "--set-commit-hash", head,
        "--machine", "ci-box",
        env={**env, "BENCHER_DB": str(_store(project)), "BENCHER_PROJECT": None},
        cwd=project,
    )  # fmt: skip


def test_asv_example_runs_submits_and_shares_its_history_with_an_import(
    bencher: Bencher, asv_project: Path, asv_home: dict[str, str]
) -> None:
    result = _bencher_asv(bencher, asv_project, asv_home)

    assert result.code == 0, result
    out = result.out
    head = git(asv_project, "rev-parse", "HEAD")
    assert (
        out.splitlines()[0]
        == f"asv-example · branch main · testbed ci-box · version 0 ({head[:12]})"
    )
    assert "benchmarks.TimeSort.time_sort(1000, 'random')" in out
    assert "benchmarks.track_cache_entries" in out
    assert "· Discovering benchmarks" in result.err
    db = _store(asv_project)
    assert _rows(db, "SELECT count(*) FROM report") == [(1,)]
    # the live run's key is the import's: importing the results folder now adds nothing
    imported = bencher.subprocess(
        "import", "asv", ".", env={"BENCHER_DB": str(db), "BENCHER_PROJECT": None}, cwd=asv_project
    )
    assert imported.out.splitlines()[-1] == "1 run already imported", imported
    assert _rows(db, "SELECT count(*) FROM report") == [(1,)]


def test_asv_run_after_an_import_is_judged_against_it_and_fails_on_a_regression(
    bencher: Bencher, asv_project: Path, asv_home: dict[str, str]
) -> None:
    db = _store(asv_project)
    history = [
        AsvFile(commit(n), T0 + dt.timedelta(days=n), {"benchmarks.track_cache_entries": 64},
                machine="ci-box")
        for n in range(8)
    ]  # fmt: skip
    write_asv(asv_project / "old-results", history)
    seeded = bencher.subprocess(
        "import",
        "asv",
        "old-results",
        env={"BENCHER_DB": str(db), "BENCHER_PROJECT": None},
        cwd=asv_project,
    )
    assert seeded.code == 0, seeded

    result = _bencher_asv(bencher, asv_project, asv_home)

    assert result.code == 1, result
    err = result.err.splitlines()
    assert err[-1].startswith("bencher: 1 alert(s) detected: benchmarks.track_cache_entries")
    ((sample_size, baseline),) = _rows(
        db,
        "SELECT bo.sample_size, bo.baseline FROM boundary bo JOIN metric m ON m.id = bo.metric_id "
        "JOIN benchmark b ON b.id = m.benchmark_id WHERE b.name = 'benchmarks.track_cache_entries'",
    )
    assert (sample_size, baseline) == (8, pytest.approx(64.0))
    assert _rows(db, "SELECT count(*) FROM alert") == [(1,)]


@pytest.fixture
def pyperf_project(tmp_path: Path) -> Path:
    project = tmp_path / "pyperf-example"
    shutil.copytree(EXAMPLES / "pyperf", project, ignore=shutil.ignore_patterns(".bencher"))
    return project


def _python(project: Path, *args: str, branch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env=clean_env(BENCHER_BRANCH=branch),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _seed_fast_history(db: Path, branch: str) -> None:
    """Ten runs in which fib(15) took about a nanosecond: any real run is a regression."""
    from bencher_core.api import Bencher as Api

    for n in range(10):
        with Api(
            db=str(db),
            project="pyperf-example",
            branch=branch,
            testbed="pyperf-example-box",
            hash=f"old{n}",
        ) as api:
            api.submit({"fib(15)": {"latency": {"value": 1.0 + n % 2 / 100}}})  # fmt: skip


def test_pyperf_example_gate_submits_once_from_the_main_process_and_fails_on_alerts(
    pyperf_project: Path,
) -> None:
    first = _python(pyperf_project, "bench.py", *PYPERF_FAST, branch="first")

    assert first.returncode == 0, first
    assert "pyperf-example · branch first · testbed pyperf-example-box" in first.stdout
    db = _store(pyperf_project)
    assert _rows(db, "SELECT count(*) FROM report") == [(1,)]  # not one per worker process
    assert _rows(db, "SELECT count(*) FROM benchmark") == [(2,)]
    _seed_fast_history(db, "main")
    _seed_fast_history(db, "release")

    regressed = _python(pyperf_project, "bench.py", *PYPERF_FAST, branch="main")

    assert regressed.returncode == 1, regressed
    assert regressed.stderr.splitlines()[-1].startswith("bencher: 1 alert(s) detected: fib(15)")
    (pyperf_project / "pyproject.toml").write_text(
        '[project]\nname = "pyperf-example"\n[tool.bencher]\n'
        'testbed = "pyperf-example-box"\nfail = false\n'
    )
    reported = _python(pyperf_project, "bench.py", *PYPERF_FAST, branch="release")
    assert reported.returncode == 0, reported
    assert "alert(s) detected: fib(15)" in reported.stderr


def test_bencher_pyperf_runs_any_script_and_the_in_script_gate_stands_aside(
    bencher: Bencher, pyperf_project: Path
) -> None:
    db = _store(pyperf_project)
    env = {"BENCHER_DB": str(db), "BENCHER_PROJECT": "pyperf-example"}

    plain = bencher.subprocess(
        "pyperf", "--", sys.executable, "plain_bench.py", *PYPERF_FAST, env=env, cwd=pyperf_project
    )
    gated = bencher.subprocess(
        "pyperf", "--", sys.executable, "bench.py", *PYPERF_FAST, env=env, cwd=pyperf_project
    )

    assert plain.code == 0, plain
    assert "concat 100" in plain.out
    assert gated.code == 0, gated
    assert gated.out.count("pyperf-example · branch") == 1  # one report, printed once
    assert _rows(db, "SELECT count(*) FROM report") == [(2,)]
