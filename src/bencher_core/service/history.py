"""History reads: the newest points of many series, each one index range scan.

For one head, a series (testbed × benchmark × measure) has its own metrics plus those of the
start-point heads in their version ranges (``Segment``). Each segment is read with

    SELECT … FROM metric WHERE head_id = ? AND testbed_id = ? AND benchmark_id = ?
      AND measure_id = ? AND version_number BETWEEN ? AND ?
    ORDER BY version_number DESC, start_time DESC, iteration DESC LIMIT ?

which ``ix_metric_series`` answers as a covering range scan: the cost is O(window), however
long the history. Values come back newest first, as Bencher's detector orders them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bencher_core.service.branches import Segment
from bencher_core.service.history_cache import HistoryCache, OrderKey, WindowKey
from bencher_core.store.db import Database

__all__ = [
    "HISTORY_LATERAL_KEYED_SQL",
    "HISTORY_LATERAL_SQL",
    "HISTORY_LATERAL_VALUES_SQL",
    "HISTORY_SQL",
    "HISTORY_VALUES_SQL",
    "SeriesKey",
    "read_histories",
    "read_windows",
    "window_floor",
]

HISTORY_SQL = (
    "SELECT version_number, start_time, iteration, value FROM metric "
    "WHERE head_id = ? AND testbed_id = ? AND benchmark_id = ? AND measure_id = ? "
    "AND version_number >= ? AND version_number <= ? AND start_time >= ? "
    "ORDER BY version_number DESC, start_time DESC, iteration DESC LIMIT ?"
)

#: The same read when the head has one segment: only the values travel (half the cost).
HISTORY_VALUES_SQL = HISTORY_SQL.replace(
    "SELECT version_number, start_time, iteration, value", "SELECT value"
)

_NO_LIMIT = 2**62

#: PostgreSQL: every series of one segment in one round trip, each still its own index range
#: scan (a LATERAL subquery per series, LIMIT inside).
HISTORY_LATERAL_SQL = (
    "SELECT k.i, h.version_number, h.start_time, h.iteration, h.value "
    "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) "
    "WITH ORDINALITY AS k(testbed_id, benchmark_id, measure_id, lo, i) "
    "CROSS JOIN LATERAL (SELECT m.version_number, m.start_time, m.iteration, m.value "
    "FROM metric m WHERE m.head_id = ? AND m.testbed_id = k.testbed_id "
    "AND m.benchmark_id = k.benchmark_id AND m.measure_id = k.measure_id "
    "AND m.version_number >= k.lo AND m.version_number <= ? AND m.start_time >= ? "
    "ORDER BY m.version_number DESC, m.start_time DESC, m.iteration DESC LIMIT ?) h"
)
#: The same, values only, grouped by series and newest first within each.
HISTORY_LATERAL_VALUES_SQL = (
    HISTORY_LATERAL_SQL.replace(
        "SELECT k.i, h.version_number, h.start_time, h.iteration, h.value", "SELECT k.i, h.value"
    )
    + " ORDER BY k.i, h.version_number DESC, h.start_time DESC, h.iteration DESC"
)

#: The same with every ordering key, grouped by series and newest first within each.
HISTORY_LATERAL_KEYED_SQL = (
    HISTORY_LATERAL_SQL
    + " ORDER BY k.i, h.version_number DESC, h.start_time DESC, h.iteration DESC"
)


@dataclass(frozen=True)
class SeriesKey:
    testbed_id: int
    benchmark_id: int
    measure_id: int


def window_floor(db: Database, segments: Sequence[Segment], since_us: int) -> int:
    """The lowest version number with a report at or after ``since_us`` on these heads."""
    floor = None
    for seg in segments:
        n = db.scalar(
            "SELECT min(v.number) FROM report r JOIN version v ON v.id = r.version_id "
            "WHERE r.head_id = ? AND r.start_time >= ?",
            (seg.source_head_id, since_us),
        )
        if n is not None and (floor is None or int(n) < floor):
            floor = int(n)
    return floor if floor is not None else _NO_LIMIT


def read_histories(
    db: Database,
    segments: Sequence[Segment],
    series: Sequence[SeriesKey],
    *,
    limit: int | None,
    floors: Sequence[int] | None = None,
    since_us: int = -_NO_LIMIT,
) -> tuple[np.ndarray, np.ndarray]:
    """Read the newest ``limit`` values of every series (newest first, NaN-padded).

    Args:
        segments: the head's history segments (its own head first).
        series: the series to read.
        limit: max points per series (None: all — only for small histories).
        floors: per series, the lowest version number that counts (an accepted change).
        since_us: only reports that started at or after this time (a threshold window).

    Returns:
        ``(values, counts)``: values of shape (len(series), limit) and the count per row.
    """
    lim = limit if limit is not None else _NO_LIMIT
    if db.dialect == "postgresql":
        return _to_array(_read_lateral(db, segments, series, lim, floors, since_us))
    sql = db.sql(HISTORY_SQL)
    values_sql = db.sql(HISTORY_VALUES_SQL)
    cur = db.raw.cursor()
    rows_out: list[list[float]] = []
    single = len(segments) == 1
    for i, key in enumerate(series):
        floor = floors[i] if floors is not None else -_NO_LIMIT
        if single:
            seg = segments[0]
            cur.execute(
                values_sql,
                (
                    seg.source_head_id,
                    key.testbed_id,
                    key.benchmark_id,
                    key.measure_id,
                    max(seg.lo, floor),
                    seg.hi,
                    since_us,
                    lim,
                ),
            )
            rows_out.append([r[0] for r in cur.fetchall()])
            continue
        merged: list[tuple[int, int, int, float]] = []
        for seg in segments:
            lo = max(seg.lo, floor)
            if lo > seg.hi:
                continue
            cur.execute(
                sql,
                (
                    seg.source_head_id,
                    key.testbed_id,
                    key.benchmark_id,
                    key.measure_id,
                    lo,
                    seg.hi,
                    since_us,
                    lim,
                ),
            )
            merged.extend(cur.fetchall())
        merged.sort(reverse=True)
        rows_out.append([r[3] for r in merged[:lim]])
    return _to_array(rows_out)


def _read_lateral(
    db: Database,
    segments: Sequence[Segment],
    series: Sequence[SeriesKey],
    lim: int,
    floors: Sequence[int] | None,
    since_us: int,
) -> list[list[float]]:
    """PostgreSQL: one LATERAL query per segment for all series, merged newest first."""
    testbeds = [k.testbed_id for k in series]
    benchmarks = [k.benchmark_id for k in series]
    measures = [k.measure_id for k in series]
    if len(segments) == 1:  # the common case: rows arrive grouped and in history order
        seg = segments[0]
        los = [max(seg.lo, f) for f in floors] if floors is not None else [seg.lo] * len(series)
        params = (testbeds, benchmarks, measures, los, seg.source_head_id, seg.hi, since_us, lim)
        out: list[list[float]] = [[] for _ in series]
        for i, value in db.fetchall(HISTORY_LATERAL_VALUES_SQL, params):
            out[i - 1].append(value)
        return out
    merged: list[list[tuple[int, int, int, float]]] = [[] for _ in series]
    for seg in segments:
        los = [max(seg.lo, f) for f in floors] if floors is not None else [seg.lo] * len(series)
        params = (testbeds, benchmarks, measures, los, seg.source_head_id, seg.hi, since_us, lim)
        for i, vn, st, it, value in db.fetchall(HISTORY_LATERAL_SQL, params):
            merged[int(i) - 1].append((int(vn), int(st), int(it), float(value)))
    result: list[list[float]] = []
    for rows in merged:
        rows.sort(reverse=True)
        result.append([r[3] for r in rows[:lim]])
    return result


#: Windows longer than this are not kept between runs (no max sample size: read every time).
MAX_CACHED_WINDOW = 1024


def read_windows(
    db: Database,
    cache: HistoryCache,
    revision: str,
    head_id: int,
    series: Sequence[SeriesKey],
    *,
    limit: int,
    floors: Sequence[int],
) -> tuple[np.ndarray, np.ndarray, list[WindowKey]]:
    """``read_histories`` for a one-segment head through ``cache`` (valid at ``revision``).

    Windows the cache holds at ``revision`` cost nothing; the others are read as one index range
    scan each (with their newest ordering key, so later runs can extend them) and kept.

    Returns:
        ``(values, counts, keys)``: as ``read_histories``, plus each series' window key.
    """
    keys: list[WindowKey] = [
        (head_id, k.testbed_id, k.benchmark_id, k.measure_id, floors[i], limit)
        for i, k in enumerate(series)
    ]
    rows_out: list[list[float]] = []
    missing: list[int] = []
    for i, key in enumerate(keys):
        hit = cache.get(key, revision)
        if hit is None:
            missing.append(i)
            rows_out.append([])
        else:
            rows_out.append(hit)
    if missing:
        fetched = _read_keyed(
            db, head_id, [series[i] for i in missing], limit, [floors[i] for i in missing]
        )
        for i, (newest, values) in zip(missing, fetched, strict=True):
            cache.put(keys[i], revision, newest, values)
            rows_out[i] = values
    array, counts = _to_array(rows_out)
    return array, counts, keys


def _read_keyed(
    db: Database,
    head_id: int,
    series: Sequence[SeriesKey],
    lim: int,
    floors: Sequence[int],
) -> list[tuple[OrderKey | None, list[float]]]:
    """Newest ``lim`` values of each series on one head, with the newest row's ordering key."""
    if db.dialect == "postgresql":
        params = (
            [k.testbed_id for k in series],
            [k.benchmark_id for k in series],
            [k.measure_id for k in series],
            list(floors),
            head_id,
            _NO_LIMIT,
            -_NO_LIMIT,
            lim,
        )
        grouped: list[list[tuple[int, int, int, float]]] = [[] for _ in series]
        for i, vn, st, it, value in db.fetchall(HISTORY_LATERAL_KEYED_SQL, params):
            grouped[int(i) - 1].append((int(vn), int(st), int(it), float(value)))
    else:
        sql = db.sql(HISTORY_SQL)
        cur = db.raw.cursor()
        grouped = []
        for key, floor in zip(series, floors, strict=True):
            cur.execute(
                sql,
                (
                    head_id,
                    key.testbed_id,
                    key.benchmark_id,
                    key.measure_id,
                    floor,
                    _NO_LIMIT,
                    -_NO_LIMIT,
                    lim,
                ),
            )
            grouped.append(cur.fetchall())
    return [((r[0][0], r[0][1], r[0][2]) if r else None, [x[3] for x in r]) for r in grouped]


def _to_array(rows_out: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
    lengths = [len(r) for r in rows_out]
    width = max(lengths, default=0)
    if width and min(lengths) == width:  # every window full: one conversion
        return np.array(rows_out, dtype=np.float64), np.array(lengths, dtype=np.int64)
    values = np.full((len(rows_out), max(width, 1)), np.nan)
    counts = np.zeros(len(rows_out), dtype=np.int64)
    for i, r in enumerate(rows_out):
        if r:
            values[i, : len(r)] = r
            counts[i] = len(r)
    return values, counts
