"""Start points, heads and history inheritance (Bencher's semantics), and accepting a change."""

from __future__ import annotations

from bencher_core.models import Model, Report, RunThresholds, StartPoint, Test
from bencher_core.service.alerts import accept_change
from bencher_core.store.db import Database
from bencher_core.testing import submit

PCT = RunThresholds(
    models={"latency": Model(test=Test.PERCENTAGE, upper_boundary=0.5, max_sample_size=100)}
)


def history_size(report: Report) -> int:
    boundary = report.results[0][0].measures[0].boundary
    return 0 if boundary is None else boundary.sample_size


def test_new_branch_inherits_start_point_history_up_to_the_start_hash(db: Database) -> None:
    for i in range(6):
        submit(db, {"a": 100.0}, hash=f"m{i}", thresholds=PCT)
    pr = submit(
        db,
        {"a": 100.0},
        branch="feature",
        hash="f0",
        start_point=StartPoint(branch="main", hash="m3", clone_thresholds=True),
    )
    assert pr.start_point is not None and pr.start_point.branch == "main"
    assert pr.start_point.version is not None and pr.start_point.version.number == 3
    assert history_size(pr) == 4  # versions 0..3 of main
    assert pr.version.number == 4
    assert "started from 'main'" in pr.comparison.baseline
    th = pr.results[0][0].measures[0].threshold  # cloned from main
    assert th is not None and th.model.test is Test.PERCENTAGE
    submit(db, {"a": 100.0}, hash="m6", thresholds=PCT)  # later main runs do not leak into the PR
    pr2 = submit(db, {"a": 100.0}, branch="feature", hash="f1")
    assert history_size(pr2) == 5


def test_max_versions_caps_inherited_versions(db: Database) -> None:
    for i in range(6):
        submit(db, {"a": 100.0}, hash=f"m{i}", thresholds=PCT)
    pr = submit(
        db,
        {"a": 100.0},
        branch="feature",
        start_point=StartPoint(branch="main", max_versions=2, clone_thresholds=True),
    )
    assert history_size(pr) == 2


def test_without_clone_thresholds_the_pr_gets_the_default_gate(db: Database) -> None:
    for i in range(3):
        submit(db, {"a": 100.0}, hash=f"m{i}", thresholds=PCT)
    pr = submit(db, {"a": 100.0}, branch="feature", start_point=StartPoint(branch="main"))
    th = pr.results[0][0].measures[0].threshold
    assert th is not None and th.default


def test_unknown_start_hash_falls_back_to_latest(db: Database) -> None:
    for i in range(3):
        submit(db, {"a": 100.0}, hash=f"m{i}")
    pr = submit(
        db, {"a": 100.0}, branch="feature", start_point=StartPoint(branch="main", hash="nope")
    )
    assert pr.start_point is not None and pr.start_point.version is not None
    assert pr.start_point.version.number == 2


def test_reset_makes_a_new_head_and_silences_old_alerts(db: Database) -> None:
    static = RunThresholds(models={"latency": Model(test=Test.STATIC, upper_boundary=10.0)})
    submit(db, {"a": 100.0}, branch="feature", thresholds=static)
    alert = submit(db, {"a": 100.0}, branch="feature", thresholds=static).alerts[0]
    assert alert.status.value == "active"
    submit(db, {"a": 1.0}, branch="feature", start_point=StartPoint(branch="main", reset=True))
    assert db.scalar("SELECT status FROM alert WHERE uuid = ?", (str(alert.uuid),)) == "silenced"
    heads = db.scalar(
        "SELECT count(*) FROM head h JOIN branch b ON b.id = h.branch_id WHERE b.name = 'feature'"
    )
    assert int(heads) == 2


def test_omitting_the_start_point_keeps_the_head(db: Database) -> None:
    for i in range(3):
        submit(db, {"a": 100.0}, hash=f"m{i}")
    submit(db, {"a": 100.0}, branch="feature", start_point=StartPoint(branch="main"))
    heads_before = int(db.scalar("SELECT count(*) FROM head"))
    again = submit(db, {"a": 100.0}, branch="feature")
    assert int(db.scalar("SELECT count(*) FROM head")) == heads_before
    assert again.start_point is not None


def test_a_new_start_hash_makes_a_new_head(db: Database) -> None:
    for i in range(4):
        submit(db, {"a": 100.0}, hash=f"m{i}")
    submit(db, {"a": 100.0}, branch="feature", start_point=StartPoint(branch="main", hash="m1"))
    moved = submit(
        db, {"a": 100.0}, branch="feature", start_point=StartPoint(branch="main", hash="m3")
    )
    assert moved.start_point is not None and moved.start_point.version is not None
    assert moved.start_point.version.number == 3
    assert history_size(moved) == 4


def test_accepting_a_change_resets_the_baseline(db: Database) -> None:
    for i in range(10):
        submit(db, {"a": 100.0 + i % 2})
    jumped = submit(db, {"a": 200.0})
    assert [a.benchmark.name for a in jumped.alerts] == ["a"]
    project_id = int(db.scalar("SELECT id FROM project WHERE name = 'proj'"))
    accepted = accept_change(db, project_id, branch="main", testbed="tb", benchmarks=["a"])
    assert list(accepted) == [("a", "latency", jumped.version.number)]
    status = db.scalar("SELECT status FROM alert WHERE uuid = ?", (str(jumped.alerts[0].uuid),))
    assert status == "dismissed"
    for i in range(6):
        after = submit(db, {"a": 200.0 + i % 2})
        assert after.alerts == []
    boundary = after.results[0][0].measures[0].boundary
    assert boundary is not None and boundary.baseline is not None and boundary.baseline > 190
