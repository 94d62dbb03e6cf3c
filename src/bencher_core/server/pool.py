"""Store connections for request handlers: a small pool of :class:`Database` objects.

Each request borrows one connection and gives it back; a connection left in a transaction or
broken is closed instead of reused. The pool never blocks: when every idle connection is in
use a new one is opened, and connections beyond ``size`` are closed when returned. SQLite
connections are cheap; PostgreSQL ones are worth keeping, which is what the pool is for.

SQLite lets one writer in at a time, and a writer that finds the file locked polls with
growing sleeps (up to 100 ms), so under load the newest request often wins and the oldest
starve. The pool's SQLite connections therefore queue for write transactions on a first-come,
first-served lock inside the process: the same one-writer rule, without the starvation.

A SQLite writer also pays for checkpoints: by default the commit that takes the write-ahead log
past 1,000 pages copies them into the database file and syncs it (tens of milliseconds, every
few runs). The pool's connections leave that to :class:`WalCheckpointer`, a thread that runs a
passive checkpoint (it never blocks readers or writers) shortly after commits, off the request
path; the writers' own automatic checkpoint stays as a backstop at a much larger log.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from bencher_core.store.db import Database, normalize_url, open_database

__all__ = ["DatabasePool", "FairLock", "WalCheckpointer"]

#: Writers checkpoint themselves only past this many log pages (64 MiB at 4 KiB pages).
BACKSTOP_PAGES = 16384

log = logging.getLogger(__name__)


class FairLock:
    """A first-come, first-served lock: threads get it in the order they asked for it."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the holder handing the lock over

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # ownership passes on; _held stays True
            else:
                self._held = False


class WalCheckpointer:
    """Checkpoints a SQLite store's write-ahead log from its own thread and connection.

    ``poke`` after a commit; the thread waits ``delay`` seconds (so the commits of a burst share
    one checkpoint: a page written by many runs is copied once), then runs
    ``PRAGMA wal_checkpoint(PASSIVE)``. The thread starts on the first poke.
    """

    def __init__(self, url: str, *, delay: float = 0.25) -> None:
        self.url = url
        self.delay = delay
        self.checkpoints = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None and not self._stop.is_set():
                    self._thread = threading.Thread(
                        target=self._run, name="bencher-wal-checkpoint", daemon=True
                    )
                    self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        db = open_database(self.url, migrate_schema=False)
        try:
            while True:
                self._wake.wait()
                if self._stop.wait(self.delay):
                    return
                self._wake.clear()
                try:
                    db.raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except Exception as e:  # the writers' own checkpoint still bounds the log
                    log.warning("checkpointing %s failed: %s", self.url, e)
        finally:
            db.close()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)


class _QueuedWrites(Database):
    """A SQLite connection whose write transactions queue on the pool's :class:`FairLock`
    and leave checkpoints to the pool's :class:`WalCheckpointer`."""

    def __init__(self, db: Database, lock: FairLock, checkpointer: WalCheckpointer) -> None:
        super().__init__(db.raw, db.dialect, db.url)
        self._write_lock = lock
        self._checkpointer = checkpointer
        self._depth = 0
        db.raw.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        if self._depth:
            yield self
            return
        self._write_lock.acquire()
        self._depth += 1
        try:
            with super().transaction() as db:
                yield db
        finally:
            self._depth -= 1
            self._write_lock.release()
        self._checkpointer.poke()  # committed


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
        self._writes = FairLock()
        self.checkpointer = WalCheckpointer(self.url)

    def check(self) -> None:
        """Open one connection now: fails fast when the schema is not current."""
        self._release(self._open())

    def _open(self) -> Database:
        db = open_database(self.url, migrate_schema=False)
        if db.dialect == "sqlite":
            return _QueuedWrites(db, self._writes, self.checkpointer)
        return db

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
        self.checkpointer.close()
