"""``bencher import asv``: asv results folders become history, oldest commit first, once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from tests.integrations.conftest import FIXTURES, T0, AsvFile, Bencher, commit, write_asv

from bencher_core.integrations._importer import RunTarget, import_history
from bencher_core.integrations._targets import LocalTarget
from bencher_core.integrations.asv import AsvHistory
from bencher_core.store.db import open_database

#: six commits a day apart on two machines; time_sort drifts up 1 % per commit.
HISTORY = [
    AsvFile(
        commit(n),
        T0 + dt.timedelta(days=n),
        {
            "benchmarks.time_sort": (1.0 + n / 100) * 1e-6,
            "benchmarks.TimeP.time_p": ([2e-6 * (n + 1), 3e-6 * (n + 1)], [["10", "'x y'"]]),
        },
        machine=machine,
    )
    for n in range(6)
    for machine in ("box", "ci")
]


@pytest.fixture
def results(tmp_path: Path) -> Path:
    folder = tmp_path / "results"
    write_asv(folder, HISTORY)
    return folder


def test_real_asv_results_folder(bencher: Bencher, capsys: pytest.CaptureFixture[str]) -> None:
    folder = FIXTURES / "python_asv" / "results"

    result = bencher("import", "asv", str(folder), capsys=capsys)

    assert result.code == 0, result
    assert result.out.startswith("imported 1 run of 1 commit (2026-11-26 → 2026-11-26)")
    rows = bencher.rows(
        "SELECT b.name, me.slug, m.value FROM metric m JOIN benchmark b ON b.id = m.benchmark_id "
        "JOIN measure me ON me.id = m.measure_id"
    )
    by_name = {name: (measure, value) for name, measure, value in rows}
    assert by_name["benchmarks.TimeSort.time_sort(100, 'random order')"][0] == "latency"
    assert by_name["benchmarks.TimeThree.time_three(2, 'c[d]', False)"][0] == "latency"
    assert by_name["benchmarks.mem_list"][0] == "memory"
    assert by_name["benchmarks.track_value"] == ("track", 42.0)
    assert "benchmarks.time_failing" not in by_name
    ((testbed, vhash, start),) = bencher.rows(
        "SELECT t.name, v.hash, r.start_time FROM report r JOIN testbed t ON t.id = r.testbed_id "
        "JOIN version v ON v.id = r.version_id"
    )
    assert (testbed, vhash) == ("testbox", "456556dcd56522946c43e3b77acd189478323c80")
    assert start == 1795693915000 * 1000  # the commit's date, in µs
    assert bencher.rows("SELECT units, higher_is_better FROM measure WHERE slug = 'memory'") == [
        ("bytes (B)", 0)
    ]


def test_runs_follow_commit_dates_whatever_the_file_order(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], results: Path
) -> None:
    names = sorted(p.name for p in (results / "box").glob("*-*.json"))
    assert names != [f"{commit(n)[:8]}-virtualenv-py3.11.json" for n in range(6)]

    result = bencher("import", "asv", str(results), capsys=capsys)

    assert result.code == 0, result
    assert "imported 12 runs of 6 commits (2024-03-01 → 2024-03-06)" in result.out
    assert "(testbeds: box, ci)" in result.out
    expected: list[tuple[int, str, object]] = [
        (n, commit(n), pytest.approx(1000 + 10 * n)) for n in range(6)
    ]
    assert bencher.history("benchmarks.time_sort", "box") == expected
    assert bencher.history("benchmarks.time_sort", "ci") == expected
    assert [v for _, _, v in bencher.history("benchmarks.TimeP.time_p('x y')")] == [
        pytest.approx(3000.0 * (n + 1)) for n in range(6)
    ]


def test_importing_again_adds_nothing_and_new_files_are_added(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], results: Path
) -> None:
    assert bencher("import", "asv", str(results), capsys=capsys).code == 0

    again = bencher("import", "asv", str(results), capsys=capsys)

    assert again.code == 0
    assert again.out.splitlines() == [
        f"nothing new to import from {results} into project 'demo'",
        "12 runs already imported",
    ]
    assert bencher.reports() == 12
    newer = dataclasses.replace(HISTORY[-1], commit=commit(6), when=T0 + dt.timedelta(days=6))
    write_asv(results, [newer])
    third = bencher("import", "asv", str(results), capsys=capsys)
    assert third.out.startswith("imported 1 run of 1 commit (2024-03-07 → 2024-03-07)")
    assert bencher.reports() == 13


@pytest.mark.parametrize(
    ("config", "args", "env", "branch"),
    [
        pytest.param('{"branches": ["trunk", "x"]}', [], {}, "trunk", id="first-asv-branch"),
        pytest.param('{"branches": ["trunk"]}', ["--branch", "rel"], {}, "rel", id="flag-wins"),
        pytest.param(None, [], {"BENCHER_BRANCH": "dev"}, "dev", id="no-config-settings"),
        pytest.param("{}", [], {"BENCHER_BRANCH": "dev"}, "dev", id="config-without-branches"),
    ],
)
def test_branch_comes_from_the_flag_then_asv_conf_then_settings(
    bencher: Bencher,
    capsys: pytest.CaptureFixture[str],
    config: str | None,
    args: list[str],
    env: dict[str, str],
    branch: str,
) -> None:
    project = bencher.cwd / "proj"
    write_asv(project / "results", HISTORY[:2])
    if config is not None:
        (project / "asv.conf.json").write_text(config)
    bencher.env.update(env)

    result = bencher("import", "asv", str(project / "results"), *args, capsys=capsys)

    assert result.code == 0, result
    assert bencher.rows("SELECT name FROM branch") == [(branch,)]


def test_the_project_folder_names_the_results_folder(
    bencher: Bencher, capsys: pytest.CaptureFixture[str]
) -> None:
    write_asv(bencher.cwd / "proj" / ".asv" / "results", HISTORY[:4])
    (bencher.cwd / "proj" / "asv.conf.json").write_text(
        '{\n  // asv quickstart style\n  "results_dir": ".asv/results",\n  "branches": ["main"],\n}'
    )
    result = bencher("import", "asv", str(bencher.cwd / "proj"), capsys=capsys)
    assert result.code == 0, result
    assert bencher.reports() == 4


def test_history_raises_no_alerts_and_has_no_limits_unless_asked(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stable = [AsvFile(commit(n), T0 + dt.timedelta(days=n), {"b.time_x": 1e-6}) for n in range(8)]
    jump = AsvFile(commit(8), T0 + dt.timedelta(days=8), {"b.time_x": 5e-6})
    write_asv(tmp_path / "r1", stable)
    write_asv(tmp_path / "r2", [jump])
    assert bencher("import", "asv", str(tmp_path / "r1"), capsys=capsys).code == 0

    result = bencher("import", "asv", str(tmp_path / "r2"), "--boundaries", capsys=capsys)

    assert result.code == 0
    assert bencher.rows("SELECT count(*) FROM alert") == [(0,)]
    limits = bencher.rows("SELECT baseline, upper_limit FROM boundary")
    assert len(limits) == 1  # only the run imported with --boundaries was judged
    baseline, upper = limits[0]
    assert baseline == pytest.approx(1000.0)
    assert upper < 5000.0  # it is out of the limits: an alert, had this been a live run


def test_unreadable_files_are_skipped_with_a_warning(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], results: Path
) -> None:
    (results / "box" / "broken-env.json").write_text("{not json")
    (results / "box" / "old-env.json").write_text(json.dumps({"version": 1, "results": {}}))

    result = bencher("import", "asv", str(results), capsys=capsys)

    assert result.code == 0
    warnings = sorted(result.err.splitlines())
    broken = results / "box" / "broken-env.json"
    assert warnings[0].startswith(f"bencher: warning: skipped {broken}: not JSON")
    assert warnings[1] == (
        f"bencher: warning: skipped {results / 'box' / 'old-env.json'}: "
        "asv results format version 1 (run `asv update` to upgrade it)"
    )
    assert result.out.splitlines()[-1] == "2 files skipped"
    assert bencher.reports() == 12


def test_strict_stops_at_the_first_unreadable_file_before_storing_anything(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], results: Path
) -> None:
    (results / "box" / "broken-env.json").write_text("{not json")

    result = bencher("import", "asv", str(results), "--strict", capsys=capsys)

    assert result.code == 2
    assert result.err.startswith(f"bencher: error: {results / 'box' / 'broken-env.json'}: not JSON")
    assert bencher.reports() == 0


def test_several_environments_on_one_machine_warn_and_env_keeps_them_apart(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = [
        AsvFile(commit(n), T0 + dt.timedelta(days=n), {"b.time_x": 1e-6}, env=env)
        for n in range(3)
        for env in ("virtualenv-py3.11", "virtualenv-py3.12")
    ]
    write_asv(tmp_path / "results", files)

    mixed = bencher("import", "asv", str(tmp_path / "results"), "--dry-run", capsys=capsys)
    apart = bencher(
        "import",
        "asv",
        str(tmp_path / "results"),
        "--env",
        "*3.12",
        "--testbed",
        "box-py3.12",
        capsys=capsys,
    )

    assert "machine 'box' has results of 2 environments" in mixed.err
    assert mixed.out.splitlines()[-1] == "dry run: 6 runs would be imported; nothing stored"
    assert apart.code == 0, apart
    assert "environments" not in apart.err
    assert bencher.rows("SELECT name FROM testbed") == [("box-py3.12",)]
    assert bencher.reports() == 3


def test_progress_is_shown_on_large_folders(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = [AsvFile(commit(n), T0 + dt.timedelta(hours=n), {"b.time_x": 1e-6}) for n in range(250)]
    write_asv(tmp_path / "results", files)

    result = bencher("import", "asv", str(tmp_path / "results"), capsys=capsys)

    assert result.code == 0
    lines = result.err.splitlines()
    assert lines[-1].startswith("stored 250/250 runs (")
    assert 1 <= len(lines) <= 10


def _corrupt_after_scan(path: Path) -> object:
    def on_scan(n: int) -> None:
        if n == 3:
            doc = {"version": 2, "result_columns": [], "results": {}, "commit_hash": "x"}
            path.write_text(json.dumps(doc))

    return on_scan


@pytest.mark.parametrize("workers", [0, 1], ids=["in-process", "read-ahead-process"])
def test_second_pass_reads_the_same_runs_in_either_mode(tmp_path: Path, workers: int) -> None:
    results = tmp_path / "results"
    paths = write_asv(results, HISTORY[:6])
    skipped: list[tuple[Path, str]] = []
    with open_database(str(tmp_path / "b.db")) as db:
        outcome = import_history(
            AsvHistory(results, RunTarget(project="p", branch="main")),
            LocalTarget(db),
            project="p",
            workers=workers,
            on_skip=lambda path, reason: skipped.append((path, reason)),
            on_scan=_corrupt_after_scan(paths[0]),  # type: ignore[arg-type]
        )
        stored = db.fetchall("SELECT v.hash FROM report r JOIN version v ON v.id = r.version_id")
    assert (outcome.found, outcome.imported) == (6, 5)
    assert skipped == [(paths[0], "changed while importing (commit x)")]
    assert sorted(h for (h,) in stored) == sorted(f.commit for f in HISTORY[1:6])


def test_importing_older_commits_after_live_runs_warns(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_asv(tmp_path / "new", [HISTORY[-1]])
    write_asv(tmp_path / "old", [HISTORY[0]])
    assert bencher("import", "asv", str(tmp_path / "new"), capsys=capsys).err == ""

    older = bencher("import", "asv", str(tmp_path / "old"), capsys=capsys)

    assert older.code == 0
    assert older.err == (
        "bencher: warning: project 'demo' already has runs up to 2024-03-06 12:00; older "
        "commits imported now are numbered after them (import history before the first live "
        "run to keep versions in commit order)\n"
    )
