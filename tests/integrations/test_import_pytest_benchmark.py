"""``bencher import pytest-benchmark``: saved runs (``.benchmarks/``) become history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.integrations.conftest import FIXTURES, Bencher, clean_env, commit, git

from bencher_core.integrations.pytest_benchmark_storage import plugin_testbed

SAVED = json.loads((FIXTURES / "python_pytest" / "saved_no_data.json").read_text())
MACHINE = "Linux-CPython-3.11-64bit"


def save(storage: Path, number: int, **commit_info: Any) -> Path:
    """A saved run like pytest-benchmark writes it, with ``commit_info`` fields replaced."""
    doc = json.loads(json.dumps(SAVED))
    doc["commit_info"].update(commit_info)
    doc["datetime"] = f"2024-05-0{number}T10:00:00.000000+00:00"
    folder = storage / MACHINE
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number:04d}_{commit_info.get('id', 'unversioned')}.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.fixture
def storage(bencher: Bencher) -> Path:
    """Three saved runs whose numbering does not follow their commits' dates."""
    folder = bencher.cwd / ".benchmarks"
    save(folder, 1, id=commit(2), time="2024-04-03T09:00:00+02:00", branch="main", dirty=False)
    save(folder, 2, id=commit(0), time="2024-04-01T09:00:00+02:00", branch="main", dirty=False)
    save(folder, 3, id=commit(1), time="2024-04-02T09:00:00+02:00", branch="feature", dirty=True)
    return folder


def test_saved_runs_keep_their_commit_branch_and_date(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], storage: Path
) -> None:
    result = bencher("import", "pytest-benchmark", str(storage), capsys=capsys)

    assert result.code == 0, result
    assert result.out.startswith("imported 3 runs of 3 commits (2024-04-01 → 2024-04-03)")
    rows = bencher.rows(
        "SELECT v.hash, b.name, t.name, r.start_time FROM report r "
        "JOIN version v ON v.id = r.version_id JOIN head h ON h.id = r.head_id "
        "JOIN branch b ON b.id = h.branch_id JOIN testbed t ON t.id = r.testbed_id ORDER BY r.id"
    )
    assert [(h, b, t) for h, b, t, _ in rows] == [
        (commit(0), "main", "linux-x86_64-cpython3.11"),
        (commit(1), "feature", "linux-x86_64-cpython3.11"),
        (commit(2), "main", "linux-x86_64-cpython3.11"),
    ]
    assert rows[0][3] == 1711954800 * 1_000_000  # 2024-04-01T07:00Z, the commit's time
    names = {n for (n,) in bencher.rows("SELECT name FROM benchmark")}
    assert names == {b["fullname"] for b in SAVED["benchmarks"]}


def test_importing_again_adds_nothing(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], storage: Path
) -> None:
    assert bencher("import", "pytest-benchmark", str(storage), capsys=capsys).code == 0
    again = bencher("import", "pytest-benchmark", str(storage), capsys=capsys)
    assert again.out.splitlines()[-1] == "3 runs already imported"
    assert bencher.reports() == 3


@pytest.mark.parametrize(
    ("commit_info", "args", "expected"),
    [
        pytest.param({"branch": "dev"}, ["--branch", "main"], ("main", "abc"), id="flag-wins"),
        pytest.param({"branch": "(unknown)"}, [], ("from-env", "abc"), id="unknown-branch"),
        pytest.param({"branch": "(detached head)"}, [], ("from-env", "abc"), id="detached"),
        pytest.param({"id": "unversioned"}, [], ("dev", None), id="no-commit"),
    ],
)
def test_branch_and_hash_when_commit_info_lacks_them(
    bencher: Bencher,
    capsys: pytest.CaptureFixture[str],
    commit_info: dict[str, str],
    args: list[str],
    expected: tuple[str, str | None],
) -> None:
    bencher.env["BENCHER_BRANCH"] = "from-env"
    path = save(bencher.cwd / "s", 1, **{"id": "abc", "branch": "dev", "time": None, **commit_info})

    result = bencher("import", "pytest-benchmark", str(path), *args, capsys=capsys)

    assert result.code == 0, result
    assert bencher.rows(
        "SELECT b.name, v.hash FROM report r JOIN version v ON v.id = r.version_id "
        "JOIN head h ON h.id = r.head_id JOIN branch b ON b.id = h.branch_id"
    ) == [expected]


def test_files_that_are_not_saved_runs_are_skipped(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], storage: Path
) -> None:
    (storage / MACHINE / "notes.json").write_text('{"hello": 1}')

    result = bencher("import", "pytest-benchmark", str(storage), capsys=capsys)

    assert result.code == 0
    assert result.err == (
        f"bencher: warning: skipped {storage / MACHINE / 'notes.json'}: "
        "not a saved pytest-benchmark run (no machine_info and commit_info)\n"
    )
    assert bencher.reports() == 3


@pytest.mark.parametrize(
    ("machine_info", "testbed"),
    [
        pytest.param(SAVED["machine_info"], "linux-x86_64-cpython3.11", id="this-machine"),
        pytest.param(
            {
                "system": "Darwin",
                "machine": "arm64",
                "python_implementation": "PyPy",
                "python_version": "3.10.14",
            },
            "macos-arm64-pypy3.10",
            id="macos-pypy",
        ),
        pytest.param({"system": "Linux", "machine": "x86_64"}, None, id="incomplete"),
    ],
)
def test_testbed_is_the_one_the_pytest_plugin_uses(
    machine_info: dict[str, Any], testbed: str | None
) -> None:
    assert plugin_testbed(machine_info) == testbed


def test_a_saved_run_the_adapter_refuses_is_skipped_and_named(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], storage: Path
) -> None:
    broken = save(storage, 4, id=commit(3), time="2024-04-04T09:00:00+00:00", branch="main")
    doc = json.loads(broken.read_text())
    del doc["benchmarks"][0]["stats"]
    broken.write_text(json.dumps(doc))

    result = bencher("import", "pytest-benchmark", str(storage), capsys=capsys)

    assert result.code == 0
    assert result.err == (
        f"bencher: warning: skipped {broken}: adapter python_pytest: "
        "benchmarks[0].stats: expected an object, got None\n"
    )
    assert result.out.splitlines()[-1] == "1 file skipped"
    assert bencher.reports() == 3


def test_an_empty_folder_has_nothing_to_import(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    result = bencher("import", "pytest-benchmark", str(tmp_path / "empty"), capsys=capsys)
    assert (result.code, result.out) == (0, f"found no results to import in {tmp_path / 'empty'}\n")


@pytest.mark.slow
def test_a_pytest_bencher_run_after_the_import_is_judged_against_the_saved_runs(
    bencher: Bencher, tmp_path: Path
) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "test_b.py").write_text(
        "import time\n\n\ndef test_nap(benchmark):\n"
        "    benchmark.pedantic(time.sleep, args=(0.002,), rounds=10, iterations=1)\n"
    )
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "bench")
    env = clean_env(
        BENCHER_DB=str(bencher.db), BENCHER_PROJECT="demo", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"
    )
    plugins = ("-p", "benchmark", "-p", "bencher", "-p", "no:cacheprovider")

    def pytest_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", *plugins, "test_b.py", *args],
            cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    for _ in range(3):
        saved = pytest_run("--benchmark-autosave")
        assert saved.returncode == 0, saved
    imported = bencher.subprocess("import", "pytest-benchmark", ".benchmarks", cwd=project)
    assert imported.code == 0, imported
    live = pytest_run("--bencher")

    assert live.returncode == 0, live
    head = git(project, "rev-parse", "HEAD")
    rows = bencher.rows(
        "SELECT v.hash, b.name, t.name, bo.sample_size FROM metric m "
        "JOIN report r ON r.id = m.report_id JOIN version v ON v.id = r.version_id "
        "JOIN head h ON h.id = r.head_id JOIN branch b ON b.id = h.branch_id "
        "JOIN testbed t ON t.id = r.testbed_id LEFT JOIN boundary bo ON bo.metric_id = m.id "
        "ORDER BY r.id"
    )
    saved_run = next((project / ".benchmarks").rglob("*.json"))
    testbed = plugin_testbed(json.loads(saved_run.read_text())["machine_info"])
    assert rows == [
        (head, "main", testbed, None),
        (head, "main", testbed, None),
        (head, "main", testbed, None),
        (head, "main", testbed, 3),  # the live run, against the three imported ones
    ]
