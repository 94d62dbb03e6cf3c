"""Reports and metrics as a server shows them: list reports, read one, delete one; one metric
with its report, series, boundary and alert.
"""

from __future__ import annotations

from dataclasses import dataclass

from bencher_core.errors import NotFoundError
from bencher_core.models._names import is_uuid
from bencher_core.models.report import Report
from bencher_core.models.threshold import Model
from bencher_core.service.branches import new_head_revision
from bencher_core.service.report_read import read_report
from bencher_core.service.resources import Named, find_one
from bencher_core.service.thresholds import _model_from_row, model_columns
from bencher_core.store.db import Database

__all__ = ["MetricDetail", "delete_report", "get_metric", "get_report", "list_reports"]


def _filters(
    db: Database, project_id: int, branch: str | None, testbed: str | None
) -> tuple[str, list[object]]:
    where: list[str] = ["r.project_id = ?"]
    params: list[object] = [project_id]
    if branch is not None:
        b = find_one(db, "branch", project_id, branch)
        if b is None:
            raise NotFoundError(f"branch {branch!r} not found")
        where.append("r.head_id IN (SELECT id FROM head WHERE branch_id = ?)")
        params.append(b.id)
    if testbed is not None:
        t = find_one(db, "testbed", project_id, testbed)
        if t is None:
            raise NotFoundError(f"testbed {testbed!r} not found")
        where.append("r.testbed_id = ?")
        params.append(t.id)
    return " AND ".join(where), params


def list_reports(
    db: Database,
    project_id: int,
    *,
    branch: str | None = None,
    testbed: str | None = None,
    limit: int = 8,
    offset: int = 0,
) -> tuple[list[Report], int]:
    """A page of reports, newest first, and the total matching the filters."""
    cond, params = _filters(db, project_id, branch, testbed)
    total = int(db.scalar(f"SELECT count(*) FROM report r WHERE {cond}", params))
    ids = db.fetchall(
        f"SELECT r.id FROM report r WHERE {cond} "
        "ORDER BY r.created DESC, r.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [read_report(db, int(i)) for (i,) in ids], total


def _report_id(db: Database, project_id: int, report_uuid: str) -> int:
    rid = None
    if is_uuid(report_uuid):
        rid = db.scalar(
            "SELECT id FROM report WHERE project_id = ? AND uuid = ?",
            (project_id, report_uuid.lower()),
        )
    if rid is None:
        raise NotFoundError(f"report {report_uuid!r} not found")
    return int(rid)


def get_report(db: Database, project_id: int, report_uuid: str) -> Report:
    """One report of the project by UUID."""
    return read_report(db, _report_id(db, project_id, report_uuid))


def delete_report(db: Database, project_id: int, report_uuid: str) -> None:
    """Delete a report with its metrics, boundaries and alerts."""
    with db.transaction():
        report_id = _report_id(db, project_id, report_uuid)
        head_id = db.scalar("SELECT head_id FROM report WHERE id = ?", (report_id,))
        new_head_revision(db, head_id=int(head_id))
        db.execute("DELETE FROM report WHERE id = ?", (report_id,))


@dataclass(frozen=True)
class MetricDetail:
    """One metric, where it belongs (report, branch, testbed, benchmark, measure), its judgement."""

    uuid: str
    report_uuid: str
    iteration: int
    start_time: int
    end_time: int
    version_number: int
    version_hash: str | None
    branch: Named
    testbed: Named
    benchmark: Named
    measure: Named
    value: float
    lower_value: float | None
    upper_value: float | None
    threshold_uuid: str | None = None
    threshold_model: Model | None = None
    threshold_default: bool = False
    baseline: float | None = None
    lower_limit: float | None = None
    upper_limit: float | None = None
    sample_size: int = 0
    alert_uuid: str | None = None
    alert_limit: str | None = None
    alert_status: str | None = None


_METRIC_SQL = (
    "SELECT m.uuid, r.uuid, m.iteration, r.start_time, r.end_time, v.number, v.hash, "
    "br.id, br.uuid, br.name, br.slug, tb.id, tb.uuid, tb.name, tb.slug, "
    "b.id, b.uuid, b.name, b.slug, ms.id, ms.uuid, ms.name, ms.slug, ms.units, "
    "ms.higher_is_better, m.value, m.lower_value, m.upper_value, "
    "t.uuid, t.is_default, bd.baseline, bd.lower_limit, bd.upper_limit, bd.sample_size, a.uuid, "
    "a.boundary_limit, a.status, " + model_columns("md") + " "
    "FROM metric m JOIN report r ON r.id = m.report_id JOIN version v ON v.id = r.version_id "
    "JOIN head h ON h.id = r.head_id JOIN branch br ON br.id = h.branch_id "
    "JOIN testbed tb ON tb.id = r.testbed_id JOIN benchmark b ON b.id = m.benchmark_id "
    "JOIN measure ms ON ms.id = m.measure_id LEFT JOIN boundary bd ON bd.metric_id = m.id "
    "LEFT JOIN threshold t ON t.id = bd.threshold_id LEFT JOIN model md ON md.id = bd.model_id "
    "LEFT JOIN alert a ON a.boundary_id = bd.id WHERE r.project_id = ? AND m.uuid = ?"
)


def get_metric(db: Database, project_id: int, metric_uuid: str) -> MetricDetail:
    """One metric of the project by UUID.

    Raises:
        NotFoundError: no such metric in this project.
    """
    r = (
        db.fetchone(_METRIC_SQL, (project_id, metric_uuid.lower()))
        if is_uuid(metric_uuid)
        else None
    )
    if r is None:
        raise NotFoundError(f"metric {metric_uuid!r} not found")

    def named(i: int, *, measure: bool = False) -> Named:
        if measure:
            return Named(
                int(r[i]),
                str(r[i + 1]),
                str(r[i + 2]),
                str(r[i + 3]),
                str(r[i + 4]),
                bool(r[i + 5]),
            )
        return Named(int(r[i]), str(r[i + 1]), str(r[i + 2]), str(r[i + 3]))

    judged = r[28] is not None
    return MetricDetail(
        uuid=str(r[0]),
        report_uuid=str(r[1]),
        iteration=int(r[2]),
        start_time=int(r[3]),
        end_time=int(r[4]),
        version_number=int(r[5]),
        version_hash=r[6],
        branch=named(7),
        testbed=named(11),
        benchmark=named(15),
        measure=named(19, measure=True),
        value=float(r[25]),
        lower_value=r[26],
        upper_value=r[27],
        threshold_uuid=str(r[28]) if judged else None,
        threshold_model=_model_from_row(r[37:]) if judged and r[37] is not None else None,
        threshold_default=bool(r[29]),
        baseline=r[30],
        lower_limit=r[31],
        upper_limit=r[32],
        sample_size=int(r[33] or 0),
        alert_uuid=None if r[34] is None else str(r[34]),
        alert_limit=None if r[34] is None else ("upper" if r[35] else "lower"),
        alert_status=None if r[36] is None else str(r[36]),
    )
