"""What a perf view shows: the four dimensions and a time range, read from a query string the
way the API reads it (``branches``, ``testbeds``, ``benchmarks``, ``measures``: UUIDs, slugs or
names, comma-separated or repeated; ``start_time``/``end_time``: unix milliseconds). The
console also accepts dates (``2024-05-01``) for the times, which is what its date pickers send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from bencher_core.errors import InvalidInputError
from bencher_core.service.catalog import ResourceTable
from bencher_core.service.perf_query import PerfSeries, perf_query
from bencher_core.store.db import Database

__all__ = ["DIMENSIONS", "PerfSelection", "parse_time", "series_labels"]

#: query parameter -> table, in the order of the API.
DIMENSIONS: tuple[tuple[str, ResourceTable], ...] = (
    ("branches", "branch"),
    ("testbeds", "testbed"),
    ("benchmarks", "benchmark"),
    ("measures", "measure"),
)
_DAY_US = 86_400_000_000


def parse_time(raw: str | None, *, name: str, end: bool = False) -> int | None:
    """Unix milliseconds or a ``YYYY-MM-DD`` date (UTC) as microseconds; an end date counts
    to the end of its day.

    Raises:
        InvalidInputError: naming the parameter and its value.
    """
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if text.isdigit():
        ms = int(text)
        if ms > 2**53:
            raise InvalidInputError(f"{name}: {raw!r} is too far in the future")
        return ms * 1000
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as e:
        raise InvalidInputError(
            f"{name}: expected unix milliseconds or a date like 2024-05-01, got {raw!r}"
        ) from e
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    us = int(midnight.timestamp()) * 1_000_000
    return us + _DAY_US - 1 if end else us


def _values(raw: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in raw if v.strip())


@dataclass(frozen=True)
class PerfSelection:
    """The series asked for and the time range (microseconds, either end open)."""

    branches: tuple[str, ...] = ()
    testbeds: tuple[str, ...] = ()
    benchmarks: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    start_us: int | None = None
    end_us: int | None = None

    @classmethod
    def from_values(
        cls,
        *,
        branches: Sequence[str],
        testbeds: Sequence[str],
        benchmarks: Sequence[str],
        measures: Sequence[str],
        start_time: str | None = None,
        end_time: str | None = None,
    ) -> PerfSelection:
        """A selection from query values (blank values are dropped).

        Raises:
            InvalidInputError: a time is neither milliseconds nor a date, or the range is empty.
        """
        selection = cls(
            _values(branches),
            _values(testbeds),
            _values(benchmarks),
            _values(measures),
            parse_time(start_time, name="start_time"),
            parse_time(end_time, name="end_time", end=True),
        )
        lo, hi = selection.start_us, selection.end_us
        if lo is not None and hi is not None and lo > hi:
            raise InvalidInputError("start_time: the time range starts after it ends")
        return selection

    def values(self, param: str) -> tuple[str, ...]:
        """The identifiers of one dimension, by its query parameter name."""
        found: tuple[str, ...] = getattr(self, param)
        return found

    def missing(self) -> list[str]:
        """The dimensions with nothing chosen."""
        return [param for param, _ in DIMENSIONS if not self.values(param)]

    def with_values(self, dims: Mapping[str, Sequence[str]]) -> PerfSelection:
        """A copy with some dimensions (by query parameter name) replaced."""
        current = {param: self.values(param) for param, _ in DIMENSIONS}
        current.update({k: tuple(v) for k, v in dims.items() if k in current})
        return replace(
            self,
            branches=current["branches"],
            testbeds=current["testbeds"],
            benchmarks=current["benchmarks"],
            measures=current["measures"],
        )

    def query_items(self) -> list[tuple[str, str]]:
        """The selection as query items (dimensions repeated; times in milliseconds)."""
        items = [(param, v) for param, _ in DIMENSIONS for v in self.values(param)]
        if self.start_us is not None:
            items.append(("start_time", str(self.start_us // 1000)))
        if self.end_us is not None:
            items.append(("end_time", str(self.end_us // 1000)))
        return items

    def query(self, **extra: str) -> str:
        """The selection as a query string, with ``extra`` items appended."""
        return urlencode([*self.query_items(), *extra.items()])

    def check(self, db: Database, project_id: int) -> None:
        """Raise what :meth:`series` would, without reading any point (the same query, for
        the newest 0 points of each series).

        Raises:
            InvalidInputError: a dimension is empty or there are too many combinations.
            NotFoundError: an identifier matches nothing.
        """
        self.series(db, project_id, limit=0)

    def series(self, db: Database, project_id: int, *, limit: int | None) -> list[PerfSeries]:
        """The series through the API's perf query (index range scans per series).

        Raises:
            InvalidInputError: a dimension is empty or there are too many combinations.
            NotFoundError: an identifier matches nothing.
        """
        return perf_query(
            db,
            project_id,
            branches=self.branches,
            testbeds=self.testbeds,
            benchmarks=self.benchmarks,
            measures=self.measures,
            start_us=self.start_us,
            end_us=self.end_us,
            limit=limit,
        )


def series_labels(series: list[PerfSeries]) -> list[str]:
    """A label per series naming only what differs between them (the benchmark at least)."""
    dims = ("benchmark", "branch", "testbed", "measure")
    varying = [d for d in dims if d == "benchmark" or len({getattr(s, d).uuid for s in series}) > 1]
    return [" · ".join(getattr(s, d).name for d in varying) for s in series]
