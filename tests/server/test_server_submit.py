"""``service.submit``: which database errors a retry can resolve, and what is left when not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.server.stores import ADMIN_TOKEN

from bencher_core.errors import ConflictError
from bencher_core.models import NewRun, Report
from bencher_core.service import submit
from bencher_core.service.auth import authenticate
from bencher_core.service.ingest import IngestOptions, Ingestor
from bencher_core.store.db import Database, open_database


class PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        pytest.param(
            sqlite3.IntegrityError("UNIQUE constraint failed: report.idempotency_key"),
            True,
            id="sqlite-unique",
        ),
        pytest.param(
            sqlite3.IntegrityError("FOREIGN KEY constraint failed"), False, id="sqlite-foreign-key"
        ),
        pytest.param(PgError("23505"), True, id="pg-unique"),
        pytest.param(PgError("40P01"), True, id="pg-deadlock"),
        pytest.param(PgError("40001"), True, id="pg-serialization"),
        pytest.param(PgError("23503"), False, id="pg-foreign-key"),
        pytest.param(ValueError("nope"), False, id="not-a-db-error"),
    ],
)
def test_is_transient(error: Exception, transient: bool) -> None:
    assert submit.is_transient(error) is transient


@pytest.fixture
def store(populated_sqlite: Path) -> Database:
    return open_database(str(populated_sqlite))


def _submit(store: Database) -> Report:
    principal = authenticate(store, ADMIN_TOKEN)
    new_run = NewRun(project="p", results=['{"a": {"latency": {"value": 1}}}'])
    return submit.submit_run(
        store, new_run, principal=principal, options=IngestOptions(), attempts=3
    )


def test_collisions_are_retried(store: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    real_ingest = Ingestor.ingest

    def flaky(self: Ingestor, new_run: NewRun) -> Report:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: report.idempotency_key")
        return real_ingest(self, new_run)

    monkeypatch.setattr(Ingestor, "ingest", flaky)

    assert _submit(store).project.slug == "p"
    assert len(calls) == 3


def test_endless_collisions_are_a_conflict_not_a_database_error(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def colliding(self: Ingestor, new_run: NewRun) -> Report:
        raise sqlite3.IntegrityError("UNIQUE constraint failed: benchmark.slug")

    monkeypatch.setattr(Ingestor, "ingest", colliding)

    with pytest.raises(
        ConflictError, match="collided with concurrent writes 3 times: UNIQUE constraint failed"
    ):
        _submit(store)
