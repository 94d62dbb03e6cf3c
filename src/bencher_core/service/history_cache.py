"""Series windows kept between runs, checked against the head's revision before each use.

A server judges run after run on the same branch: each run reads the newest ``limit`` values
of every series it touches, although only one value per series changed since the previous run.
``HistoryCache`` keeps those windows in memory and treats the database as the truth:

* every write to a head's metrics (a run, a deleted report or resource) gives the head a new
  ``revision`` (a fresh UUID) in the same transaction;
* a window is used only when it was read or extended at the head's current revision, which the
  run reads under the branch's row lock — any other writer (another worker, another thread, the
  CLI on the same SQLite file) changes the revision and the window is read again;
* after a run writes value ``v`` with ordering key ``k`` (version number, start time,
  iteration) into a window whose newest key is below ``k``, the window becomes
  ``[v] + window[: limit - 1]`` at the run's revision: the newest ``limit`` values of a set
  with one more value are the newest of (the old newest ``limit`` + that value). A value that
  lands inside the window (a run for an older version) drops the window instead.

If the run's transaction fails, ``forget`` drops the windows it read or extended (the revision
they carry was never committed, so they could not match anyway; this frees the memory). Entries
are bounded (least recently used go first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["HistoryCache", "OrderKey", "WindowKey"]

#: (head id, testbed id, benchmark id, measure id, lowest version number, limit)
WindowKey = tuple[int, int, int, int, int, int]
#: (version number, start time in µs, iteration): newest first is descending order.
OrderKey = tuple[int, int, int]


@dataclass(slots=True)
class _Window:
    revision: str
    newest: OrderKey | None
    values: list[float]  # newest first, at most ``limit``


class HistoryCache:
    """Newest-first value windows per series, valid for one head revision each (thread-safe)."""

    def __init__(self, max_windows: int = 50_000) -> None:
        self.max_windows = max_windows
        self._windows: OrderedDict[WindowKey, _Window] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._windows)

    def get(self, key: WindowKey, revision: str) -> list[float] | None:
        """The window's values (newest first) if it is current at ``revision``."""
        with self._lock:
            w = self._windows.get(key)
            if w is None or w.revision != revision:
                self.misses += 1
                return None
            self._windows.move_to_end(key)
            self.hits += 1
            return w.values

    def put(
        self, key: WindowKey, revision: str, newest: OrderKey | None, values: list[float]
    ) -> None:
        """Remember a window read from the database at ``revision``."""
        with self._lock:
            self._windows[key] = _Window(revision, newest, values)
            self._windows.move_to_end(key)
            while len(self._windows) > self.max_windows:
                self._windows.popitem(last=False)

    def advance(self, key: WindowKey, old: str, new: str, order: OrderKey, value: float) -> None:
        """A run at revision ``old`` wrote ``value`` at ``order``; the head is now at ``new``.

        ``old`` may equal ``new``: a run's later iterations extend windows it already moved.
        """
        with self._lock:
            w = self._windows.get(key)
            if w is None:
                return
            if w.revision not in (old, new):
                del self._windows[key]
            elif order[0] < key[4]:  # below the window's lowest version: it does not count
                w.revision = new
            elif w.newest is not None and order <= w.newest:  # lands inside: read it again
                del self._windows[key]
            else:
                w.values = [value, *w.values[: key[5] - 1]]
                w.newest = order
                w.revision = new

    def forget(self, keys: list[WindowKey]) -> None:
        """Drop these windows (a transaction that extended them failed)."""
        with self._lock:
            for key in keys:
                self._windows.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
