"""A run submitted to a server: check the caller may write the project, then ingest it.

Concurrent runs on PostgreSQL can collide where ``ON CONFLICT`` cannot help — two retries of
one run racing on the idempotency key, two new projects with the same slug, a deadlock between
runs creating the same benchmarks in different orders. Those attempts are rolled back whole and
retried; the retry sees the committed rows (and returns the stored report for a known
idempotency key), so every run is stored exactly once.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from bencher_core.errors import ConflictError, NotFoundError, PermissionDenied
from bencher_core.models.report import Report
from bencher_core.models.run import NewRun
from bencher_core.service.auth import Principal, caller_for, can_read, can_write
from bencher_core.service.group_commit import GroupCommit
from bencher_core.service.history_cache import HistoryCache
from bencher_core.service.ingest import DEFAULT_PROJECT, IngestOptions, Ingestor
from bencher_core.service.projects import find_project
from bencher_core.store.db import Database

__all__ = ["is_transient", "submit_run", "submit_run_json"]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: SQLSTATEs worth retrying: unique violation, serialization failure, deadlock.
_TRANSIENT_SQLSTATES = {"23505", "40001", "40P01"}


def is_transient(error: BaseException) -> bool:
    """True for a database error a retry of the whole transaction can resolve."""
    if isinstance(error, sqlite3.IntegrityError):
        return "UNIQUE" in str(error)
    return getattr(error, "sqlstate", None) in _TRANSIENT_SQLSTATES


def submit_run(
    db: Database,
    new_run: NewRun,
    *,
    principal: Principal,
    options: IngestOptions,
    history: HistoryCache | None = None,
    attempts: int = 5,
) -> Report:
    """Ingest ``new_run`` on behalf of ``principal``.

    Raises:
        NotFoundError: the project exists but the principal may not see it.
        PermissionDenied: the project is public but the principal may not write it.
        ConflictError: the run kept colliding with concurrent writes (never a raw DB error).
    """
    return _submit(db, new_run, principal, options, history, attempts, Ingestor.ingest)


def submit_run_json(
    db: Database,
    new_run: NewRun,
    *,
    principal: Principal,
    options: IngestOptions,
    history: HistoryCache | None = None,
    group: GroupCommit | None = None,
    attempts: int = 5,
) -> str:
    """``submit_run`` answering the Report as JSON text (``Ingestor.ingest_json``); with
    ``group``, stored together with the runs submitted at the same time."""
    return _submit(db, new_run, principal, options, history, attempts, Ingestor.ingest_json, group)


def _submit(
    db: Database,
    new_run: NewRun,
    principal: Principal,
    options: IngestOptions,
    history: HistoryCache | None,
    attempts: int,
    ingest: Callable[[Ingestor, NewRun], T],
    group: GroupCommit | None = None,
) -> T:
    """Check the principal may write, then ingest with retries on transient collisions.

    Raises:
        NotFoundError: the project exists but the principal may not see it.
        PermissionDenied: the project is public but the principal may not write it.
        ConflictError: the run kept colliding with concurrent writes (never a raw DB error).
    """
    caller = caller_for(db, principal)
    ident = new_run.project or DEFAULT_PROJECT
    found = find_project(db, ident, organization_id=caller.organization_id)
    if found is not None and not can_write(principal, found):
        if not can_read(principal, found):
            raise NotFoundError(f"project {ident!r} not found")
        raise PermissionDenied(
            f"user {principal.user.name!r} may not write to project {found.slug!r}"
        )
    for attempt in range(1, attempts + 1):
        try:
            ingestor = Ingestor(db, caller=caller, options=options, history=history, group=group)
            return ingest(ingestor, new_run)
        except Exception as e:
            if not is_transient(e):
                raise
            if attempt == attempts:
                first_line = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                raise ConflictError(
                    f"the run for project {ident!r} collided with concurrent writes "
                    f"{attempts} times: {first_line}"
                ) from e
            log.info("run for project %r collided with a concurrent run (%s); retrying", ident, e)
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
