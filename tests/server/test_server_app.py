"""The app's own parts: settings from the environment, the connection pool, the FIFO write lock."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.server.process import bencher_env

from bencher_core.errors import ConfigError, StoreError
from bencher_core.server import ServerSettings, create_app
from bencher_core.server.pool import DatabasePool, FairLock
from bencher_core.store.db import open_database


@pytest.mark.parametrize(
    ("env", "key", "reason"),
    [
        pytest.param(
            {"BENCHER_SERVER_MAX_BODY": "lots"},
            "BENCHER_SERVER_MAX_BODY",
            "whole number",
            id="body-text",
        ),
        pytest.param(
            {"BENCHER_SERVER_MAX_BODY": "10"},
            "BENCHER_SERVER_MAX_BODY",
            "at least 1024",
            id="body-small",
        ),
        pytest.param(
            {"BENCHER_SERVER_PROJECT_VISIBILITY": "secret"},
            "BENCHER_SERVER_PROJECT_VISIBILITY",
            "public or private",
            id="visibility",
        ),
        pytest.param(
            {"BENCHER_SERVER_POOL_SIZE": "0"}, "BENCHER_SERVER_POOL_SIZE", "at least 1", id="pool"
        ),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as e:
        ServerSettings.from_env(env)

    assert (e.value.key, reason in e.value.reason) == (key, True)


def test_settings_round_trip_through_the_environment() -> None:
    settings = ServerSettings(
        db="/x/b.db", max_body_bytes=2048, new_project_visibility="public", pool_size=3
    )

    assert ServerSettings.from_env(settings.to_env()) == settings
    assert ServerSettings.from_env({}, db="/y.db").db == "/y.db"


def test_the_app_refuses_a_store_that_needs_a_migration(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()

    with pytest.raises(StoreError, match="bencher db upgrade"):
        create_app(ServerSettings(db=str(empty)))


def test_the_pool_reuses_connections_and_drops_broken_ones(tmp_path: Path) -> None:
    path = str(tmp_path / "p.db")
    open_database(path).close()
    pool = DatabasePool(path, size=1)

    with pool.connection() as first:
        pass
    with pool.connection() as again:
        assert again is first
        again.execute("BEGIN")  # left inside a transaction: not reusable
    with pool.connection() as fresh:
        assert fresh is not first
    pool.close()


def test_commits_through_the_pool_are_checkpointed_off_the_request_path(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    open_database(path).close()
    pool = DatabasePool(path, size=2)
    pool.checkpointer.delay = 0.01
    with pool.connection() as db:
        # the writers themselves checkpoint only at a much larger log
        assert db.scalar("PRAGMA wal_autocheckpoint") == 16384
        for i in range(5):
            with db.transaction():
                db.execute(f"CREATE TABLE t{i} (x BLOB)")
                db.execute(f"INSERT INTO t{i} VALUES (zeroblob(100000))")
    deadline = time.monotonic() + 10
    while pool.checkpointer.checkpoints == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.checkpointer.checkpoints >= 1
    with pool.connection() as db:
        busy, log_frames, moved = db.fetchone("PRAGMA wal_checkpoint(PASSIVE)") or (1, 0, 0)
        assert (busy, log_frames) == (0, moved)  # nothing was left in the log
    pool.close()
    thread = pool.checkpointer._thread
    assert thread is not None and not thread.is_alive()  # closing the pool stops it


def test_a_worker_imports_the_run_path_and_freezes_the_collector(tmp_path: Path) -> None:
    """In a fresh interpreter, as a uvicorn worker builds the app: the run path is imported
    before the first run, and what exists then is out of the collector's full sweeps."""
    path = str(tmp_path / "w.db")
    open_database(path).close()
    probe = (
        "import gc, sys\n"
        "from bencher_core.server.app import app_from_env\n"
        "before = gc.get_freeze_count()\n"
        "app_from_env()\n"
        "print(before, gc.get_freeze_count(), 'bencher_core.service.ingest' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=bencher_env(BENCHER_SERVER_DB=path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0] == "0"
    assert int(out[1]) > 10_000  # FastAPI, pydantic, numpy and ours
    assert out[2] == "True"


def test_fair_lock_serves_waiters_in_arrival_order() -> None:
    lock = FairLock()
    order: list[int] = []
    lock.acquire()
    threads = []
    for i in range(5):

        def take(i: int = i) -> None:
            lock.acquire()
            order.append(i)
            lock.release()

        t = threading.Thread(target=take)
        t.start()
        threads.append(t)
        while len(lock._waiters) < i + 1:  # wait until thread i queues before starting the next
            time.sleep(0.001)
    lock.release()
    for t in threads:
        t.join()

    assert order == [0, 1, 2, 3, 4]
