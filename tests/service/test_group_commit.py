"""Group commit: runs queued behind a writer are stored together, and a bad one fails alone."""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from bencher_core.errors import NotFoundError
from bencher_core.models import NewRun
from bencher_core.service.group_commit import GroupCommit
from bencher_core.service.history_cache import HistoryCache
from bencher_core.service.ingest import Ingestor
from bencher_core.store.db import Database, open_database
from bencher_core.testing import bmf


def _run(i: int, testbed: str = "tb") -> NewRun:
    return NewRun(project="p", testbed=testbed, hash=f"{i:040x}", results=[bmf({"a": 1.0 + i})])


def _queue_behind_a_held_group(
    path: str, runs: list[NewRun]
) -> tuple[GroupCommit, list[Any], list[Database]]:
    """Run 0 leads a group that waits until the other runs have queued, then all finish."""
    group = GroupCommit()
    history = HistoryCache()
    real = group._store_group
    gate = threading.Event()

    def held_first(db: Database, queued: list[Any]) -> None:
        if not gate.is_set():
            while len(group._queue) < len(runs) - 1:  # the others are waiting behind us
                time.sleep(0.005)
            gate.set()
        real(db, queued)

    group._store_group = held_first  # type: ignore[method-assign]
    out: list[Any] = [None] * len(runs)
    dbs = [open_database(path) for _ in runs]

    def submit(k: int) -> None:
        try:
            out[k] = json.loads(Ingestor(dbs[k], history=history, group=group).ingest_json(runs[k]))
        except Exception as e:
            out[k] = e

    first = threading.Thread(target=submit, args=(0,))
    first.start()
    while not group._busy:
        time.sleep(0.001)
    others = [threading.Thread(target=submit, args=(k,)) for k in range(1, len(runs))]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(timeout=60)
    return group, out, dbs


def test_runs_queued_behind_a_writer_share_one_transaction(tmp_path: Path) -> None:
    path = str(tmp_path / "g.db")
    open_database(path).close()
    runs = [_run(i) for i in range(6)]

    group, out, dbs = _queue_behind_a_held_group(path, runs)

    assert all(isinstance(r, dict) for r in out), out
    assert group.groups == 2  # run 0 alone, then the five that queued behind it
    numbers = sorted(r["version"]["number"] for r in out)
    assert numbers == list(range(6))  # each its own version, as if committed one by one
    assert dbs[0].scalar("SELECT count(*) FROM report") == 6
    for db in dbs:
        db.close()


def test_a_bad_run_in_a_group_fails_alone(tmp_path: Path) -> None:
    path = str(tmp_path / "g.db")
    open_database(path).close()
    unknown = str(uuid.uuid4())  # a testbed named by a UUID must exist: refused mid-transaction
    runs = [_run(0), _run(1), _run(2, testbed=unknown), _run(3)]

    group, out, dbs = _queue_behind_a_held_group(path, runs)

    assert isinstance(out[2], NotFoundError)
    assert group.groups == 1  # run 0's; the failed group was stored again run by run
    assert all(isinstance(out[k], dict) for k in (0, 1, 3))
    assert dbs[0].scalar("SELECT count(*) FROM report") == 3
    with pytest.raises(NotFoundError):  # and the same run alone fails the same way
        Ingestor(dbs[0]).ingest(runs[2])
    for db in dbs:
        db.close()
