"""``bencher import pyperf``: pyperf result files (plain or gzip) become history."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from pathlib import Path

import pytest
from tests.integrations.conftest import FIXTURES, Bencher

ONE = FIXTURES / "python_pyperf" / "one.json"
SUITE = FIXTURES / "python_pyperf" / "suite.json.gz"


def _first_date(path: Path) -> int:
    doc = json.loads(
        gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_text()
    )
    dates = [
        dt.datetime.fromisoformat(run["metadata"]["date"]).astimezone(dt.timezone.utc)
        for bench in doc["benchmarks"]
        for run in bench["runs"]
        if "date" in run.get("metadata", {})
    ]
    return int(min(dates).timestamp() * 1_000_000)


def test_files_become_runs_dated_by_their_first_value(
    bencher: Bencher, capsys: pytest.CaptureFixture[str]
) -> None:
    bencher.env["BENCHER_TESTBED"] = "perf-box"

    result = bencher("import", "pyperf", str(SUITE), str(ONE), "--hash", "c0ffee", capsys=capsys)

    assert result.code == 0, result
    assert result.out.startswith("imported 2 runs of 1 commit")
    rows = bencher.rows(
        "SELECT r.start_time, t.name, v.hash FROM report r JOIN testbed t ON t.id = r.testbed_id "
        "JOIN version v ON v.id = r.version_id ORDER BY r.start_time"
    )
    assert sorted(rows) == sorted(
        [(_first_date(ONE), "perf-box", "c0ffee"), (_first_date(SUITE), "perf-box", "c0ffee")]
    )
    names = {n for (n,) in bencher.rows("SELECT name FROM benchmark")}
    assert names == {"fib 15", "sort 1000 [reversed]", "sum(range(100))", "list comprehension"}


def test_importing_the_same_file_again_adds_nothing_even_renamed(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy = tmp_path / "renamed.json"
    shutil.copy(ONE, copy)
    assert bencher("import", "pyperf", str(ONE), capsys=capsys).code == 0

    again = bencher("import", "pyperf", str(copy), capsys=capsys)

    assert again.out.splitlines() == [
        "nothing new to import from 1 file(s) into project 'demo'",
        "1 run already imported",
    ]
    assert bencher.reports() == 1


def test_pyperformance_commit_metadata_is_used(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = json.loads(ONE.read_text())
    doc["metadata"].update(
        commit_id="abc123", commit_branch="trunk", commit_date="2024-02-01T10:00:00+00:00"
    )
    path = tmp_path / "pyperformance.json"
    path.write_text(json.dumps(doc))

    result = bencher("import", "pyperf", str(path), capsys=capsys)

    assert result.code == 0, result
    assert bencher.rows(
        "SELECT b.name, v.hash, r.start_time FROM report r JOIN version v ON v.id = r.version_id "
        "JOIN head h ON h.id = r.head_id JOIN branch b ON b.id = h.branch_id"
    ) == [("trunk", "abc123", 1706781600 * 1_000_000)]


def test_a_file_that_is_not_pyperf_is_skipped(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"benchmarks": []}')

    result = bencher("import", "pyperf", str(other), str(ONE), capsys=capsys)

    assert result.code == 0
    assert result.err == f"bencher: warning: skipped {other}: not a pyperf result file\n"
    assert bencher.reports() == 1


def test_a_missing_file_is_a_usage_error(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = bencher("import", "pyperf", str(tmp_path / "nope.json"), capsys=capsys)
    assert result.code == 2
    assert result.err == f"bencher: error: {tmp_path / 'nope.json'}: no such file\n"
