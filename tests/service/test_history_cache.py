"""The history window cache: its own rules, and runs judged through it exactly as without it."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from bencher_core.models import Model, NewRun, Report, RunThresholds, Test
from bencher_core.service.alerts import accept_change
from bencher_core.service.catalog import delete_resource
from bencher_core.service.history_cache import HistoryCache
from bencher_core.service.ingest import Ingestor
from bencher_core.service.report_admin import delete_report
from bencher_core.store.db import Database

KEY = (1, 1, 1, 1, -(2**62), 3)


def test_a_window_is_used_only_at_its_revision() -> None:
    cache = HistoryCache()
    cache.put(KEY, "r1", (5, 50, 0), [5.0, 4.0, 3.0])
    assert cache.get(KEY, "r1") == [5.0, 4.0, 3.0]
    assert cache.get(KEY, "r2") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_newer_value_is_prepended_and_the_window_keeps_its_limit() -> None:
    cache = HistoryCache()
    cache.put(KEY, "r1", (5, 50, 0), [5.0, 4.0, 3.0])
    cache.advance(KEY, "r1", "r2", (6, 60, 0), 6.0)
    assert cache.get(KEY, "r1") is None
    assert cache.get(KEY, "r2") == [6.0, 5.0, 4.0]
    # a later iteration of the same run (old == new) extends it again
    cache.advance(KEY, "r2", "r2", (6, 60, 1), 6.5)
    assert cache.get(KEY, "r2") == [6.5, 6.0, 5.0]


def test_a_value_inside_the_window_or_a_foreign_revision_drops_it() -> None:
    cache = HistoryCache()
    cache.put(KEY, "r1", (5, 50, 0), [5.0, 4.0, 3.0])
    cache.advance(KEY, "r1", "r2", (4, 70, 0), 4.5)  # an older version: lands inside
    assert len(cache) == 0
    cache.put(KEY, "r1", (5, 50, 0), [5.0])
    cache.advance(KEY, "other", "r3", (6, 60, 0), 6.0)  # read at a revision the run did not see
    assert len(cache) == 0


def test_a_value_below_the_windows_floor_only_moves_its_revision() -> None:
    cache = HistoryCache()
    floored = (1, 1, 1, 1, 10, 3)  # counts versions 10 and up
    cache.put(floored, "r1", (12, 50, 0), [12.0])
    cache.advance(floored, "r1", "r2", (3, 90, 0), 3.0)
    assert cache.get(floored, "r2") == [12.0]


def test_the_least_recently_used_windows_go_first_and_forget_drops() -> None:
    cache = HistoryCache(max_windows=2)
    keys = [(1, 1, b, 1, 0, 3) for b in range(3)]
    cache.put(keys[0], "r", None, [])
    cache.put(keys[1], "r", None, [1.0])
    assert cache.get(keys[0], "r") == []  # touch 0: 1 is now the oldest
    cache.put(keys[2], "r", None, [2.0])
    assert cache.get(keys[1], "r") is None
    assert cache.get(keys[0], "r") == []
    cache.forget([keys[0], keys[1]])
    assert len(cache) == 1


# -- equivalence: one sequence of operations, applied to a project ingested through a cache and
# -- to a twin project ingested without one, must give identical judgements.

MODEL = Model(test=Test.T_TEST, upper_boundary=0.99, lower_boundary=0.99, max_sample_size=6)
THRESHOLDS = RunThresholds(models={"latency": MODEL, "throughput": MODEL})


def _results(rng: random.Random, step: float, iterations: int) -> list[str]:
    docs = []
    for _ in range(iterations):
        doc: dict[str, Any] = {
            f"bench {b}": {
                "latency": {"value": 100.0 * (b + 1) * step * (1 + rng.gauss(0, 0.01))},
                "throughput": {"value": 10.0 * (b + 1) / step * (1 + rng.gauss(0, 0.01))},
            }
            for b in range(4)
        }
        docs.append(json.dumps(doc))
    return docs


def _judgements(report: Report) -> list[tuple[Any, ...]]:
    out = []
    for it, benches in enumerate(report.results):
        for res in benches:
            for m in res.measures:
                b = m.boundary
                out.append(
                    (
                        it,
                        res.benchmark.name,
                        m.measure.name,
                        m.metric.value,
                        None if b is None else (b.baseline, b.lower_limit, b.upper_limit),
                        None if b is None else b.sample_size,
                        m.alert,
                    )
                )
    return out


def _project_id(db: Database, name: str) -> int:
    return int(db.scalar("SELECT id FROM project WHERE name = ?", (name,)))


def test_runs_through_the_cache_are_judged_as_without_it(db: Database) -> None:
    cache = HistoryCache()  # shared by every run, as a server's requests share it
    rng = random.Random(11)
    reports: dict[str, list[Report]] = {"cached": [], "plain": []}

    def both(hash_: str | None, step: float = 1.0, iterations: int = 1, **extra: Any) -> None:
        results = _results(rng, step, iterations)
        for project in ("cached", "plain"):
            nr = NewRun(
                project=project,
                branch="main",
                testbed="tb",
                hash=hash_,
                results=results,
                thresholds=THRESHOLDS,
                **extra,
            )
            history = cache if project == "cached" else None
            reports[project].append(Ingestor(db, history=history).ingest(nr))
        assert _judgements(reports["cached"][-1]) == _judgements(reports["plain"][-1])

    for i in range(8):
        both(f"{i:040x}")
    assert cache.hits > 0  # the windows were really used
    both(f"{3:040x}")  # an older version again: its value lands inside the windows
    both(f"{8:040x}", iterations=3)  # later iterations read what earlier ones wrote
    both(f"{9:040x}", step=1.5)  # a regression: alerts on both sides
    assert reports["cached"][-1].alerts

    # another writer (a second worker without this cache) adds a run to the cached project
    other = NewRun(
        project="cached",
        branch="main",
        testbed="tb",
        hash=f"{10:040x}",
        results=_results(random.Random(5), 1.0, 1),
        thresholds=THRESHOLDS,
    )
    twin = other.model_copy(update={"project": "plain"})
    Ingestor(db).ingest(other)
    Ingestor(db).ingest(twin)
    both(f"{11:040x}")

    # deleting a report, accepting a change and deleting a benchmark change the history
    for project in ("cached", "plain"):
        delete_report(db, _project_id(db, project), str(reports[project][-2].uuid))
    both(f"{12:040x}")
    for project in ("cached", "plain"):
        accept_change(
            db, _project_id(db, project), branch="main", testbed="tb", benchmarks=["bench 1"]
        )
    both(f"{13:040x}", step=1.5)
    for project in ("cached", "plain"):
        delete_resource(db, "benchmark", _project_id(db, project), "bench 2")
    both(f"{14:040x}")
    both(f"{15:040x}")


def test_a_failed_run_leaves_no_window_behind(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = HistoryCache()
    rng = random.Random(3)
    runs = [_results(rng, 1.0, 1) for _ in range(5)]
    for i, results in enumerate(runs[:4]):
        for project in ("cached", "plain"):
            Ingestor(db, history=cache if project == "cached" else None).ingest(
                NewRun(project=project, hash=f"{i:040x}", results=results, thresholds=THRESHOLDS)
            )
    real = Ingestor._advance_windows

    def advance_then_fail(self: Ingestor, *args: Any) -> None:
        real(self, *args)  # the windows moved past values that will be rolled back
        raise RuntimeError("injected after the windows moved")

    with monkeypatch.context() as m:
        m.setattr(Ingestor, "_advance_windows", advance_then_fail)
        with pytest.raises(RuntimeError, match="injected"):
            Ingestor(db, history=cache).ingest(
                NewRun(project="cached", hash="f" * 40, results=[runs[4][0]], thresholds=THRESHOLDS)
            )
    assert len(cache) == 0  # what the failed run read or moved is forgotten
    last = {
        project: Ingestor(db, history=cache if project == "cached" else None).ingest(
            NewRun(project=project, hash="e" * 40, results=runs[4], thresholds=THRESHOLDS)
        )
        for project in ("cached", "plain")
    }
    assert _judgements(last["cached"]) == _judgements(last["plain"])
    assert last["cached"].results[0][0].measures[0].boundary.sample_size == 4  # type: ignore[union-attr]


def test_a_deleted_and_recreated_benchmark_starts_from_nothing(db: Database) -> None:
    """SQLite reuses the highest row id: a re-created benchmark must not inherit the old
    benchmark's cached window (deleting it gives the project's heads a new revision)."""
    cache = HistoryCache()
    rng = random.Random(8)

    def submit(i: int) -> Report:
        nr = NewRun(project="p", hash=f"{i:040x}", results=_results(rng, 1.0, 1))
        return Ingestor(db, history=cache).ingest(nr.model_copy(update={"thresholds": THRESHOLDS}))

    for i in range(5):
        submit(i)
    old_id = db.scalar("SELECT id FROM benchmark WHERE name = 'bench 3'")
    delete_resource(db, "benchmark", _project_id(db, "p"), "bench 3")
    report = submit(5)
    sizes = {
        res.benchmark.name: res.measures[0].boundary.sample_size  # type: ignore[union-attr]
        for res in report.results[0]
    }
    assert sizes == {"bench 0": 5, "bench 1": 5, "bench 2": 5, "bench 3": 0}
    if db.dialect == "sqlite":
        assert db.scalar("SELECT id FROM benchmark WHERE name = 'bench 3'") == old_id
