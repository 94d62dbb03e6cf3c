"""Where imported runs go: the embedded store through the ingest service's batch mode (alerts
off), or a server, one ``POST /v0/run?alerts=false`` per run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bencher_core.models.run import NewRun

if TYPE_CHECKING:
    from bencher_core.client import BencherClient
    from bencher_core.store.db import Database

__all__ = ["Known", "LocalTarget", "RemoteTarget", "Target"]


@dataclass(frozen=True)
class Known:
    """What a store already holds of a project: import keys, and its newest run's start time."""

    keys: set[str]
    latest: dt.datetime | None = None


class Target(Protocol):
    """A store that takes imported runs."""

    def known(self, project: str) -> Known:
        """What the project already holds (nothing, when that cannot be asked)."""

    def store(self, runs: Iterable[NewRun], progress: Callable[[int], None]) -> None:
        """Store the runs without alerts, calling ``progress`` with the count done."""


class LocalTarget:
    """The embedded store (or any database URL): the ingest service's batch mode, alerts off.

    Args:
        db: the store.
        chunk: runs per transaction.
        default_gate: the calibrated default gate (only matters with ``boundaries``).
        boundaries: also compute each imported point's limits, as a live run would have (about
            twice as slow); by default imported points are stored unjudged — live runs are
            judged against them all the same.
    """

    def __init__(
        self, db: Database, *, chunk: int = 200, default_gate: bool = True, boundaries: bool = False
    ) -> None:
        self.db = db
        self.chunk = chunk
        self.default_gate = default_gate
        self.boundaries = boundaries

    def known(self, project: str) -> Known:
        from bencher_core.service.projects import find_project

        found = find_project(self.db, project)
        if found is None:
            return Known(set())
        rows = self.db.fetchall(
            "SELECT idempotency_key FROM report "
            "WHERE project_id = ? AND idempotency_key IS NOT NULL",
            (found.id,),
        )
        latest = self.db.scalar(
            "SELECT max(start_time) FROM report WHERE project_id = ?", (found.id,)
        )
        when = None
        if latest is not None:
            when = dt.datetime.fromtimestamp(int(latest) / 1e6, tz=dt.timezone.utc)
        return Known({str(k) for (k,) in rows}, when)

    def store(self, runs: Iterable[NewRun], progress: Callable[[int], None]) -> None:
        from bencher_core.service.ingest import IngestOptions, Ingestor

        options = IngestOptions(
            alerts=False, default_gate=self.default_gate, boundaries=self.boundaries
        )
        Ingestor(self.db, options=options).ingest_many(
            runs, chunk=self.chunk, progress=progress, keep=False
        )


class RemoteTarget:
    """A server: one ``POST /v0/run?alerts=false`` per run (the server skips known keys)."""

    def __init__(self, client: BencherClient) -> None:
        self.client = client

    def known(self, project: str) -> Known:
        return Known(set())

    def store(self, runs: Iterable[NewRun], progress: Callable[[int], None]) -> None:
        for done, new_run in enumerate(runs, start=1):
            self.client.run(new_run, alerts=False)
            progress(done)
