"""Group commit: runs that arrive together on a SQLite store are stored in one transaction.

SQLite takes one writer at a time, and every commit writes each page the run touched into the
write-ahead log: for a run of 200 metrics that is one page per series (the series index keeps
each series together), about 200 pages, whatever else the run costs. A server that receives
runs from several clients at once queues them anyway; ``GroupCommit`` lets the first waiting
request store every run queued behind it in the same transaction (up to ``max_runs``), so the
pages those runs share are written once and one commit serves them all.

Each run keeps its own meaning: it is ingested by its own :class:`~.ingest.Ingestor` (its
caller, options and history cache) in arrival order, exactly as if committed one by one. If any
run of a group fails, the group is rolled back and its runs are stored again one transaction
each, so one bad run fails alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bencher_core.models.metric import Results
    from bencher_core.models.run import NewRun
    from bencher_core.service.ingest import Ingestor
    from bencher_core.store.db import Database

__all__ = ["GroupCommit"]


@dataclass
class _Queued:
    make: Callable[[Database], Ingestor]  # the run's own ingestor, on the leader's connection
    new_run: NewRun
    parsed: list[Results]
    stored: Any = None
    error: BaseException | None = None
    done: bool = False


class GroupCommit:
    """Stores queued runs in groups; thread-safe (one leader at a time)."""

    def __init__(self, max_runs: int = 16) -> None:
        self.max_runs = max_runs
        self._cond = threading.Condition()
        self._queue: list[_Queued] = []
        self._busy = False
        self.groups = 0  # transactions committed by leaders (for tests and benchmarks)

    def store(
        self,
        db: Database,
        make: Callable[[Database], Ingestor],
        new_run: NewRun,
        parsed: list[Results],
    ) -> Any:
        """Store one parsed run, possibly together with others; what ``_ingest_parsed`` gives.

        ``db`` is the caller's connection: used only if this call leads a group.
        """
        item = _Queued(make, new_run, parsed)
        with self._cond:
            self._queue.append(item)
            while not item.done:
                if self._busy:
                    self._cond.wait()
                    continue
                self._busy = True
                group = self._queue[: self.max_runs]
                del self._queue[: len(group)]
                self._cond.release()
                try:
                    self._store_group(db, group)
                finally:
                    self._cond.acquire()
                    for queued in group:
                        if not queued.done:  # interrupted (BaseException): fail, never hang
                            queued.error = RuntimeError("the group this run was in was interrupted")
                            queued.done = True
                    self._busy = False
                    self._cond.notify_all()
        if item.error is not None:
            raise item.error
        return item.stored

    def _store_group(self, db: Database, group: list[_Queued]) -> None:
        ingestors = [q.make(db) for q in group]
        try:
            with db.transaction():
                for ingestor, q in zip(ingestors, group, strict=True):
                    q.stored = ingestor._ingest_parsed(q.new_run, q.parsed)
        except Exception as e:
            for ingestor in ingestors:
                ingestor._rolled_back()
            if len(group) == 1:
                group[0].error, group[0].done = e, True
                return
            for q in group:  # one by one: only the bad run fails
                try:
                    q.stored = q.make(db)._transaction(q.new_run, q.parsed)
                except Exception as one:
                    q.error = one
                q.done = True
            return
        for ingestor, q in zip(ingestors, group, strict=True):
            ingestor._windows.clear()
            q.done = True
        self.groups += 1
