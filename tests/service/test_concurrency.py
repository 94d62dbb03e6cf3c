"""Concurrent runs on PostgreSQL: no race on version numbers or on creating the same resources."""

from __future__ import annotations

import threading

import pytest

from bencher_core.models import StartPoint
from bencher_core.store.db import open_database
from bencher_core.testing import submit


@pytest.mark.postgres
def test_concurrent_runs_on_postgres_do_not_race(pg_url: str) -> None:
    open_database(pg_url).close()  # migrate once
    n_threads, per_thread = 6, 4
    errors: list[BaseException] = []
    versions: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n_threads)

    def worker(k: int) -> None:
        db = open_database(pg_url, migrate_schema=False)
        try:
            barrier.wait()
            for i in range(per_thread):
                report = submit(
                    db,
                    {"shared": 1.0 + i, f"own-{k}": 2.0},
                    branch="feature",
                    start_point=StartPoint(branch="main"),
                    testbed="tb",
                    measure="new-measure",
                )
                with lock:
                    versions.append(report.version.number)
        except BaseException as e:
            errors.append(e)
        finally:
            db.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(versions) == list(range(n_threads * per_thread))
    db = open_database(pg_url)
    assert db.scalar("SELECT count(*) FROM branch WHERE name = 'feature'") == 1
    assert db.scalar("SELECT count(*) FROM benchmark WHERE name = 'shared'") == 1
    assert db.scalar("SELECT count(*) FROM measure WHERE name = 'new-measure'") == 1
    assert db.scalar("SELECT count(*) FROM threshold") == 1
    assert db.scalar("SELECT count(*) FROM report") == n_threads * per_thread


@pytest.mark.postgres
def test_racing_retries_of_one_run_store_it_once(pg_url: str) -> None:
    import uuid

    open_database(pg_url).close()
    key = uuid.uuid4()
    barrier = threading.Barrier(4)
    reports: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        db = open_database(pg_url, migrate_schema=False)
        try:
            barrier.wait()
            reports.append(str(submit(db, {"a": 1.0}, idempotency_key=key).uuid))
        except BaseException as e:
            errors.append(e)
        finally:
            db.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(reports)) == 1
    db = open_database(pg_url)
    assert db.scalar("SELECT count(*) FROM report") == 1
