"""The ingest service on real stores (SQLite file and PostgreSQL database)."""

from __future__ import annotations

import uuid

import pytest

from bencher_core.errors import AdapterError, InvalidInputError
from bencher_core.models import Model, NewRun, RunThresholds, Test
from bencher_core.service.ingest import Ingestor, run
from bencher_core.store.db import Database
from bencher_core.testing import bmf, submit

TABLES = (
    "project",
    "branch",
    "testbed",
    "benchmark",
    "measure",
    "version",
    "report",
    "metric",
    "boundary",
    "alert",
)


def counts(db: Database) -> dict[str, int]:
    return {t: int(db.scalar(f'SELECT count(*) FROM "{t}"')) for t in TABLES}


def test_new_branch_has_nothing_to_compare(db: Database) -> None:
    report = submit(db, {"a": 10.0})
    assert report.comparison.empty
    assert "nothing to compare yet" in report.comparison.baseline
    assert report.alerts == []
    boundary = report.results[0][0].measures[0].boundary
    assert boundary is not None
    assert (
        boundary.baseline,
        boundary.lower_limit,
        boundary.upper_limit,
        boundary.sample_size,
    ) == (None, None, None, 0)


def test_the_comparison_counts_earlier_points_in_words(db: Database) -> None:
    submit(db, {"a": 10.0})
    assert submit(db, {"a": 10.0}).comparison.baseline.endswith(
        ": up to 1 earlier point per series"
    )
    assert submit(db, {"a": 10.0}).comparison.baseline.endswith(
        ": up to 2 earlier points per series"
    )


def test_versions_follow_hashes(db: Database) -> None:
    numbers = [submit(db, {"a": 1.0}, hash=h).version.number for h in ("h1", "h1", "h2", "h1")]
    assert numbers == [0, 0, 1, 0]
    no_hash = [submit(db, {"a": 1.0}).version.number for _ in range(2)]
    assert no_hash == [2, 3]


def test_explicit_percentage_threshold_is_bencher_exact(db: Database) -> None:
    model = Model(test=Test.PERCENTAGE, upper_boundary=0.10, lower_boundary=0.10, max_sample_size=4)
    th = RunThresholds(models={"latency": model})
    for v in (90.0, 100.0, 110.0, 100.0, 1000.0):  # the oldest point falls out of the window of 4
        submit(db, {"a": v}, thresholds=th)
    report = submit(db, {"a": 100.0}, thresholds=th)
    boundary = report.results[0][0].measures[0].boundary
    history = [100.0, 110.0, 100.0, 1000.0]
    mean = sum(history) / 4
    assert boundary is not None
    assert boundary.baseline == pytest.approx(mean, rel=1e-12)
    assert boundary.lower_limit == pytest.approx(mean - mean * 0.1, rel=1e-12)
    assert boundary.upper_limit == pytest.approx(mean + mean * 0.1, rel=1e-12)
    assert [a.limit.value for a in report.alerts] == ["lower"]


def test_static_threshold_alerts_strictly(db: Database) -> None:
    th = RunThresholds(models={"latency": Model(test=Test.STATIC, upper_boundary=10.0)})
    on_limit = submit(db, {"a": 10.0}, thresholds=th)
    above = submit(db, {"a": 10.5}, thresholds=th)
    assert on_limit.alerts == []
    assert [(a.benchmark.name, a.limit.value) for a in above.alerts] == [("a", "upper")]


def test_ignore_suffix_stores_but_never_alerts(db: Database) -> None:
    th = RunThresholds(models={"latency": Model(test=Test.STATIC, upper_boundary=1.0)})
    submit(
        db, {"slow_bencher_ignore": 0.5, "slow-too": 0.5}, thresholds=th
    )  # Bencher: n=0 gives no limits
    report = submit(db, {"slow_bencher_ignore": 5.0, "slow-too": 5.0}, thresholds=th)
    names = {r.benchmark.name: r.measures[0] for r in report.results[0]}
    assert set(names) == {"slow", "slow-too"}
    assert names["slow"].ignored and names["slow"].boundary is not None
    assert [a.benchmark.name for a in report.alerts] == ["slow-too"]


def test_ignore_globs(db: Database) -> None:
    th = RunThresholds(models={"latency": Model(test=Test.STATIC, upper_boundary=1.0)})
    submit(db, {"noisy::x": 0.5, "steady": 0.5}, thresholds=th)
    report = submit(db, {"noisy::x": 5.0, "steady": 5.0}, thresholds=th, ignore=["noisy::*"])
    assert [a.benchmark.name for a in report.alerts] == ["steady"]


def test_default_gate_catches_a_clear_regression(db: Database) -> None:
    for i in range(20):
        submit(db, {"a": 100.0 + (i % 5) - 2, "b": 50.0 + (i % 3)})
    report = submit(db, {"a": 150.0, "b": 51.0})
    assert [(a.benchmark.name, a.limit.value) for a in report.alerts] == [("a", "upper")]
    th = report.results[0][0].measures[0].threshold
    assert th is not None and th.default and th.model.test is Test.AUTO


def test_default_gate_guards_the_low_side_of_throughput(db: Database) -> None:
    for i in range(20):
        submit(db, {"t": 1000.0 + (i % 4)}, measure="throughput")
    faster = submit(db, {"t": 1500.0}, measure="throughput")
    slower = submit(db, {"t": 500.0}, measure="throughput")
    assert faster.alerts == []
    assert [a.limit.value for a in slower.alerts] == ["lower"]


def test_default_gate_can_be_switched_off(db: Database) -> None:
    for i in range(10):
        submit(db, {"a": 100.0 + i % 2})
    report = submit(db, {"a": 1000.0}, default_thresholds=False)
    assert report.alerts == []
    assert report.results[0][0].measures[0].threshold is None


def test_idempotency_key_never_stores_twice(db: Database) -> None:
    key = uuid.uuid4()
    first = submit(db, {"a": 1.0, "b": 2.0}, idempotency_key=key)
    before = counts(db)
    again = submit(db, {"a": 1.0, "b": 2.0}, idempotency_key=key)
    assert counts(db) == before
    assert again.uuid == first.uuid
    assert again.model_dump(exclude={"comparison"}) == first.model_dump(exclude={"comparison"})


def test_a_failure_mid_run_stores_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    submit(db, {"a": 1.0})
    before = counts(db)
    original = Ingestor._write
    calls = []

    def fail_on_second_iteration(self: Ingestor, ctx, iteration, rows):  # type: ignore[no-untyped-def]
        calls.append(iteration)
        if iteration == 1:
            raise RuntimeError("disk on fire")
        return original(self, ctx, iteration, rows)

    monkeypatch.setattr(Ingestor, "_write", fail_on_second_iteration)
    new_run = NewRun(
        project="proj",
        branch="new-branch",
        testbed="new-tb",
        hash="abc",
        results=[bmf({"a": 1.0, "new": 2.0}), bmf({"a": 1.0, "new": 2.0})],
    )
    with pytest.raises(RuntimeError, match="disk on fire"):
        run(db, new_run)
    assert calls == [0, 1]
    assert counts(db) == before


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        pytest.param('{"a": {"latency": {"value": NaN}}}', "finite", id="nan"),
        pytest.param('{"a": {"latency": {"value": Infinity}}}', "finite", id="inf"),
        pytest.param('{"": {"latency": {"value": 1}}}', "benchmark name is empty", id="empty-name"),
        pytest.param(
            '{"%s": {"latency": {"value": 1}}}' % ("x" * 1025), "more than 1024", id="long-name"
        ),
        pytest.param("garbage", "no adapter recognised", id="unparseable"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    db: Database, payload: str, match: str
) -> None:
    before = counts(db)
    with pytest.raises((AdapterError, InvalidInputError), match=match):
        run(db, NewRun(project="proj", results=[payload]))
    assert counts(db) == before


def test_iterations_are_history_for_later_iterations(db: Database) -> None:
    th = RunThresholds(
        models={"latency": Model(test=Test.PERCENTAGE, upper_boundary=0.5, min_sample_size=1)}
    )
    report = run(
        db,
        NewRun(
            project="proj",
            testbed="tb",
            thresholds=th,
            results=[bmf({"a": 10.0}), bmf({"a": 20.0})],
        ),
    )
    first, second = (it[0].measures[0].boundary for it in report.results)
    assert first is not None and second is not None
    assert first.baseline is None
    assert second.baseline == 10.0


def test_fold_collapses_iterations(db: Database) -> None:
    from bencher_core.models import RunSettings

    report = run(
        db,
        NewRun(
            project="proj",
            results=[bmf({"a": 1.0}), bmf({"a": 3.0})],
            settings=RunSettings(fold="max"),
        ),
    )
    assert [[r.measures[0].metric.value for r in it] for it in report.results] == [[3.0]]


def test_batch_mode_goes_through_the_same_path(db: Database) -> None:
    runs = [
        NewRun(project="proj", testbed="tb", hash=f"h{i}", results=[bmf({"a": 1.0 + i})])
        for i in range(7)
    ]
    seen: list[int] = []
    reports = Ingestor(db).ingest_many(runs, chunk=3, progress=seen.append)
    assert [r.version.number for r in reports] == list(range(7))
    assert seen == [3, 6, 7]
    assert counts(db)["metric"] == 7
