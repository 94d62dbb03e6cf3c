"""Alerts: list, read, change status; and accepting an intended change."""

from __future__ import annotations

import fnmatch
import uuid
from typing import Any

from bencher_core.errors import InvalidInputError, NotFoundError
from bencher_core.models.report import (
    Alert,
    AlertStatus,
    Boundary,
    ReportMeasure,
    Resource,
    ResultMetric,
    ThresholdRef,
)
from bencher_core.models.threshold import BoundaryLimit, Model
from bencher_core.service.clock import from_us, now_us
from bencher_core.service.resources import find_one
from bencher_core.service.thresholds import _MODEL_COLS, model_columns
from bencher_core.store.db import Database

__all__ = [
    "accept_change",
    "count_alerts",
    "get_alert",
    "list_alerts",
    "set_alert_status",
]

_ALERT_SQL = (
    "SELECT a.uuid, a.boundary_limit, a.status, a.created, a.modified, r.uuid, rb.iteration, "
    "b.uuid, b.name, b.slug, ms.uuid, ms.name, ms.slug, ms.units, ms.higher_is_better, "
    "m.uuid, m.value, m.lower_value, m.upper_value, bd.baseline, bd.lower_limit, bd.upper_limit, "
    "bd.sample_size, t.uuid, t.is_default, " + model_columns("md") + " "
    "FROM alert a JOIN boundary bd ON bd.id = a.boundary_id JOIN metric m ON m.id = bd.metric_id "
    "JOIN report_benchmark rb ON rb.id = m.report_benchmark_id JOIN report r ON r.id = m.report_id "
    "JOIN benchmark b ON b.id = rb.benchmark_id JOIN measure ms ON ms.id = m.measure_id "
    "JOIN threshold t ON t.id = bd.threshold_id JOIN model md ON md.id = bd.model_id "
    "WHERE a.project_id = ?"
)


def _alert(row: tuple[Any, ...]) -> Alert:
    U = uuid.UUID
    model = Model.model_validate(
        {k: v for k, v in zip(_MODEL_COLS, row[25:], strict=True) if v is not None}
    )
    return Alert(
        uuid=U(str(row[0])),
        report=U(str(row[5])),
        iteration=int(row[6]),
        benchmark=Resource(uuid=U(str(row[7])), name=str(row[8]), slug=str(row[9])),
        measure=ReportMeasure(
            uuid=U(str(row[10])),
            name=str(row[11]),
            slug=str(row[12]),
            units=str(row[13]),
            higher_is_better=bool(row[14]),
        ),
        metric=ResultMetric(
            uuid=U(str(row[15])), value=row[16], lower_value=row[17], upper_value=row[18]
        ),
        boundary=Boundary(
            baseline=row[19], lower_limit=row[20], upper_limit=row[21], sample_size=row[22]
        ),
        threshold=ThresholdRef(uuid=U(str(row[23])), model=model, default=bool(row[24])),
        limit=BoundaryLimit.UPPER if row[1] else BoundaryLimit.LOWER,
        status=AlertStatus(str(row[2])),
        created=from_us(int(row[3])),
        modified=from_us(int(row[4])),
    )


def list_alerts(
    db: Database, project_id: int, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[Alert]:
    """Alerts of a project, newest first, optionally by status."""
    sql = _ALERT_SQL
    params: list[object] = [project_id]
    if status:
        sql += " AND a.status = ?"
        params.append(AlertStatus(status).value)
    sql += " ORDER BY a.created DESC, a.id DESC LIMIT ? OFFSET ?"
    return [_alert(r) for r in db.fetchall(sql, [*params, limit, offset])]


def count_alerts(db: Database, project_id: int, *, status: str | None = None) -> int:
    if status:
        return int(
            db.scalar(
                "SELECT count(*) FROM alert WHERE project_id = ? AND status = ?",
                (project_id, status),
            )
        )
    return int(db.scalar("SELECT count(*) FROM alert WHERE project_id = ?", (project_id,)))


def get_alert(db: Database, project_id: int, alert_uuid: str) -> Alert:
    row = db.fetchone(_ALERT_SQL + " AND a.uuid = ?", (project_id, alert_uuid.lower()))
    if row is None:
        raise NotFoundError(f"alert {alert_uuid} not found")
    return _alert(row)


def set_alert_status(db: Database, project_id: int, alert_uuid: str, status: str) -> Alert:
    """Dismiss or re-activate an alert (``silenced`` is the system's alone)."""
    if status not in ("active", "dismissed"):
        raise InvalidInputError(f"status must be active or dismissed, got {status!r}")
    with db.transaction():
        get_alert(db, project_id, alert_uuid)
        db.execute(
            "UPDATE alert SET status = ?, modified = ? WHERE project_id = ? AND uuid = ?",
            (status, now_us(), project_id, alert_uuid.lower()),
        )
    return get_alert(db, project_id, alert_uuid)


def accept_change(
    db: Database,
    project_id: int,
    *,
    branch: str,
    testbed: str,
    benchmarks: list[str],
    measure: str | None = None,
    from_version: int | None = None,
) -> list[tuple[str, str, int]]:
    """Accept an intended change: each matching series' history counts from ``from_version`` on.

    ``benchmarks`` are names or globs; ``from_version`` defaults to the branch's latest version
    with a metric of that series (the run that alerted), so earlier points stop counting. Active
    alerts of those series are dismissed.
    """
    with db.transaction():
        br = find_one(db, "branch", project_id, branch)
        tb = find_one(db, "testbed", project_id, testbed)
        if br is None:
            raise NotFoundError(f"branch {branch!r} not found")
        if tb is None:
            raise NotFoundError(f"testbed {testbed!r} not found")
        head_id = db.scalar("SELECT head_id FROM branch WHERE id = ?", (br.id,))
        all_b = db.fetchall("SELECT id, name FROM benchmark WHERE project_id = ?", (project_id,))
        chosen = [
            (int(i), str(n))
            for i, n in all_b
            if any(fnmatch.fnmatchcase(str(n), g) or n == g for g in benchmarks)
        ]
        if not chosen:
            raise NotFoundError(f"no benchmark matches {', '.join(benchmarks)}")
        measure_row = find_one(db, "measure", project_id, measure) if measure else None
        if measure and measure_row is None:
            raise NotFoundError(f"measure {measure!r} not found")
        out: list[tuple[str, str, int]] = []  # (benchmark, measure slug, from version)
        now = now_us()
        for bid, bname in chosen:
            rows = db.fetchall(
                "SELECT m.measure_id, ms.slug, max(m.version_number) FROM metric m JOIN "
                "measure ms ON ms.id = m.measure_id "
                "WHERE m.head_id = ? AND m.testbed_id = ? AND m.benchmark_id = ?"
                + (" AND m.measure_id = ?" if measure_row else "")
                + " GROUP BY m.measure_id, ms.slug",
                (head_id, tb.id, bid, *((measure_row.id,) if measure_row else ())),
            )
            for measure_id, slug, latest in rows:
                number = from_version if from_version is not None else int(latest)
                db.execute(
                    "DELETE FROM baseline_reset WHERE branch_id = ? AND testbed_id = ? AND "
                    "benchmark_id = ? AND measure_id = ?",
                    (br.id, tb.id, bid, measure_id),
                )
                db.execute(
                    "INSERT INTO baseline_reset (branch_id, testbed_id, benchmark_id, "
                    "measure_id, from_number, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (br.id, tb.id, bid, measure_id, number, now),
                )
                db.execute(
                    "UPDATE alert SET status = 'dismissed', modified = ? WHERE status = "
                    "'active' AND boundary_id IN "
                    "(SELECT bd.id FROM boundary bd JOIN metric m ON m.id = bd.metric_id "
                    "WHERE m.head_id = ? "
                    "AND m.testbed_id = ? AND m.benchmark_id = ? AND m.measure_id = ?)",
                    (now, head_id, tb.id, bid, measure_id),
                )
                out.append((bname, str(slug), number))
        return out
