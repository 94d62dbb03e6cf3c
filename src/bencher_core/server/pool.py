"""Store connections for request handlers: a small pool of :class:`Database` objects.

Each request borrows one connection and gives it back; a connection left in a transaction or
broken is closed instead of reused. The pool never blocks: when every idle connection is in
use a new one is opened, and connections beyond ``size`` are closed when returned. SQLite
connections are cheap; PostgreSQL ones are worth keeping, which is what the pool is for.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from bencher_core.store.db import Database, normalize_url, open_database

__all__ = ["DatabasePool"]

log = logging.getLogger(__name__)


class DatabasePool:
    """Up to ``size`` idle connections to one store, opened without migrating it.

    Raises:
        StoreError: (from :meth:`check`) the store is unreachable or its schema is not current.
    """

    def __init__(self, url: str, *, size: int = 8) -> None:
        self.url = normalize_url(url)
        self.size = size
        self._idle: list[Database] = []
        self._lock = threading.Lock()

    def check(self) -> None:
        """Open one connection now: fails fast when the schema is not current."""
        self._release(self._open())

    def _open(self) -> Database:
        return open_database(self.url, migrate_schema=False)

    def _acquire(self) -> Database:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._open()

    @staticmethod
    def _reusable(db: Database) -> bool:
        raw = db.raw
        try:
            if db.dialect == "sqlite":
                return not raw.in_transaction
            from psycopg.pq import TransactionStatus

            return not raw.closed and raw.info.transaction_status == TransactionStatus.IDLE
        except Exception:  # a connection that cannot even say its state is not reused
            return False

    def _release(self, db: Database) -> None:
        if self._reusable(db):
            with self._lock:
                if len(self._idle) < self.size:
                    self._idle.append(db)
                    return
        try:
            db.close()
        except Exception as e:  # pragma: no cover - closing a broken connection
            log.debug("closing a store connection failed: %s", e)

    @contextmanager
    def connection(self) -> Iterator[Database]:
        """Borrow a connection for the duration of the ``with`` block."""
        db = self._acquire()
        try:
            yield db
        finally:
            self._release(db)

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
