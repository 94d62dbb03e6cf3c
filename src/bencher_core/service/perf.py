"""Series over time: the points of one branch × testbed × benchmark × measure, with boundaries.

The read follows the branch head's segments (its own metrics plus inherited start-point
versions), each an index range scan on ``ix_metric_series``, like the ingest history read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bencher_core.service.branches import _segments
from bencher_core.store.db import Database

__all__ = ["PerfPoint", "series_points"]


@dataclass(frozen=True)
class PerfPoint:
    report_uuid: str
    iteration: int
    start_time_us: int
    end_time_us: int
    version_number: int
    version_hash: str | None
    metric_uuid: str
    value: float
    lower_value: float | None
    upper_value: float | None
    baseline: float | None
    lower_limit: float | None
    upper_limit: float | None
    threshold_uuid: str | None
    alert_uuid: str | None
    alert_limit: str | None
    alert_status: str | None


_SQL = (
    "SELECT r.uuid, m.iteration, r.start_time, r.end_time, m.version_number, v.hash, m.uuid, "
    "m.value, "
    "m.lower_value, m.upper_value, bd.baseline, bd.lower_limit, bd.upper_limit, t.uuid, a.uuid, "
    "a.boundary_limit, a.status "
    "FROM metric m JOIN report r ON r.id = m.report_id JOIN version v ON v.id = r.version_id "
    "LEFT JOIN boundary bd ON bd.metric_id = m.id LEFT JOIN threshold t ON t.id = bd.threshold_id "
    "LEFT JOIN alert a ON a.boundary_id = bd.id "
    "WHERE m.head_id = ? AND m.testbed_id = ? AND m.benchmark_id = ? AND m.measure_id = ? "
    "AND m.version_number >= ? AND m.version_number <= ? AND m.start_time >= ? AND "
    "m.start_time <= ? "
    "ORDER BY m.version_number DESC, m.start_time DESC, m.iteration DESC LIMIT ?"
)
_BIG = 2**62


def series_points(
    db: Database,
    *,
    head_id: int,
    testbed_id: int,
    benchmark_id: int,
    measure_id: int,
    limit: int | None = None,
    start_us: int | None = None,
    end_us: int | None = None,
) -> list[PerfPoint]:
    """Points of one series, oldest first (by version number, start time, iteration).

    ``limit`` keeps the newest ``limit`` points; ``start_us``/``end_us`` bound report start time.
    """
    rows: list[tuple[Any, ...]] = []
    lim = limit if limit is not None else _BIG
    for seg in _segments(db, head_id):
        rows.extend(
            db.fetchall(
                _SQL,
                (
                    seg.source_head_id,
                    testbed_id,
                    benchmark_id,
                    measure_id,
                    seg.lo,
                    seg.hi,
                    start_us if start_us is not None else -_BIG,
                    end_us if end_us is not None else _BIG,
                    lim,
                ),
            )
        )
    rows.sort(key=lambda r: (r[4], r[2], r[1]), reverse=True)
    rows = rows[:lim]
    rows.reverse()
    return [
        PerfPoint(
            str(r[0]),
            int(r[1]),
            int(r[2]),
            int(r[3]),
            int(r[4]),
            r[5],
            str(r[6]),
            float(r[7]),
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            r[14],
            None if r[15] is None else ("upper" if r[15] else "lower"),
            r[16],
        )
        for r in rows
    ]
