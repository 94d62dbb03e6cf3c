"""Imported history is history like any other: a server takes it (without alerts, once), and a
live run afterwards is judged against the imported points."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from tests.integrations.conftest import T0, AsvFile, Bencher, commit, write_asv
from tests.server.process import running_server

from bencher_core.store.db import open_database

#: eight commits of a stable benchmark, then one where it is five times slower.
STABLE = [
    AsvFile(commit(n), T0 + dt.timedelta(days=n), {"b.time_x": (1.0 + n % 2 / 100) * 1e-6})
    for n in range(8)
]
SLOW = AsvFile(commit(8), T0 + dt.timedelta(days=8), {"b.time_x": 5e-6})


@pytest.mark.slow
def test_a_server_stores_imported_history_once_and_raises_no_alerts(
    bencher: Bencher, tmp_path: Path
) -> None:
    write_asv(tmp_path / "results", [*STABLE, SLOW])
    admin = "bencher_import-admin-token-0123456789"
    db = str(tmp_path / "server.db")
    remote = {"BENCHER_HOST": "", "BENCHER_API_TOKEN": admin, "BENCHER_PROJECT": "remote"}
    with running_server(db, tmp_path, admin_token=admin) as server:
        remote["BENCHER_HOST"] = server.url
        first = bencher.subprocess("import", "asv", "results", env=remote)
        again = bencher.subprocess("import", "asv", "results", env=remote)

    assert first.code == 0, first
    assert first.out.startswith("imported 9 runs of 9 commits (2024-03-01 → 2024-03-09)")
    assert f"into project 'remote' (testbeds: box) in {server.url}" in first.out
    assert again.code == 0, again  # the server answers the stored report for a known key
    with open_database(db) as store:
        assert store.fetchall("SELECT count(*) FROM report") == [(9,)]
        assert store.fetchall("SELECT count(*) FROM alert") == [(0,)]
        versions = store.fetchall(
            "SELECT v.number, v.hash FROM report r JOIN version v ON v.id = r.version_id "
            "ORDER BY v.number"
        )
    assert versions == [(n, commit(n)) for n in range(9)]
    assert not bencher.db.exists()  # nothing went to the embedded store


def test_a_live_run_after_an_import_is_judged_against_the_imported_points(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_asv(tmp_path / "results", STABLE)
    assert bencher("import", "asv", str(tmp_path / "results"), capsys=capsys).code == 0
    bencher.env.update(BENCHER_BRANCH="main", BENCHER_TESTBED="box")
    slow = 'print(\'{"b.time_x": {"latency": {"value": 5000.0}}}\')'

    live = bencher(
        "run", "--adapter", "json", "--err", "--format", "json", "-q", "--hash", commit(8),
        "--", sys.executable, "-c", slow,
        capsys=capsys,
    )  # fmt: skip

    assert live.code == 1, live
    report = json.loads(live.out)
    boundary = report["results"][0][0]["measures"][0]["boundary"]
    assert boundary["sample_size"] == 8
    assert boundary["baseline"] == pytest.approx(1005.0, rel=1e-3)
    assert [a["benchmark"]["name"] for a in report["alerts"]] == ["b.time_x"]
    assert report["version"]["number"] == 8
