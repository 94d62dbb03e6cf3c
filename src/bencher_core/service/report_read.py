"""Read a stored report back as a Report (idempotent replays, the API, the CLI)."""

from __future__ import annotations

from bencher_core.errors import NotFoundError
from bencher_core.models.metric import Metric
from bencher_core.models.report import AlertStatus, Report
from bencher_core.models.threshold import Model
from bencher_core.service.branches import HeadInfo, _start_info
from bencher_core.service.projects import ProjectRow
from bencher_core.service.report_build import IterationRows, MetricRow, RunContext, build_report
from bencher_core.service.resources import Named
from bencher_core.service.thresholds import _MODEL_COLS, ActiveThreshold, model_columns
from bencher_core.store.db import Database

__all__ = ["read_report"]

_SQL = (
    "SELECT rb.iteration, b.id, b.uuid, b.name, b.slug, ms.id, ms.uuid, ms.name, ms.slug, "
    "ms.units, "
    "ms.higher_is_better, m.id, m.uuid, m.value, m.lower_value, m.upper_value, "
    "bd.id, bd.uuid, bd.baseline, bd.lower_limit, bd.upper_limit, bd.sample_size, "
    "t.id, t.uuid, t.is_default, md.id, " + model_columns("md") + ", "
    "a.uuid, a.boundary_limit, a.status, m.ignored "
    "FROM metric m JOIN report_benchmark rb ON rb.id = m.report_benchmark_id "
    "JOIN benchmark b ON b.id = rb.benchmark_id JOIN measure ms ON ms.id = m.measure_id "
    "LEFT JOIN boundary bd ON bd.metric_id = m.id LEFT JOIN threshold t ON t.id = bd.threshold_id "
    "LEFT JOIN model md ON md.id = bd.model_id LEFT JOIN alert a ON a.boundary_id = bd.id "
    "WHERE m.report_id = ? ORDER BY rb.iteration, rb.id, m.id"
)


def read_report(db: Database, report_id: int) -> Report:
    """The stored report ``report_id`` with its boundaries and alerts' current status."""
    head = db.fetchone(
        "SELECT r.uuid, r.start_time, r.end_time, r.created, r.adapter, r.head_id, h.uuid, "
        "br.id, br.uuid, br.name, br.slug, tb.id, tb.uuid, tb.name, tb.slug, v.number, v.hash, "
        "p.id, p.uuid, p.name, p.slug, p.organization_id, p.visibility "
        "FROM report r JOIN head h ON h.id = r.head_id JOIN branch br ON br.id = h.branch_id "
        "JOIN testbed tb ON tb.id = r.testbed_id JOIN version v ON v.id = r.version_id "
        "JOIN project p ON p.id = r.project_id WHERE r.id = ?",
        (report_id,),
    )
    if head is None:
        raise NotFoundError(f"report {report_id} not found")
    (ruuid, start, end, created, adapter, head_id, head_uuid, *rest) = head
    branch = Named(int(rest[0]), str(rest[1]), str(rest[2]), str(rest[3]))
    testbed = Named(int(rest[4]), str(rest[5]), str(rest[6]), str(rest[7]))
    number, vhash = int(rest[8]), rest[9]
    project = ProjectRow(
        id=int(rest[10]),
        uuid=str(rest[11]),
        name=str(rest[12]),
        slug=str(rest[13]),
        organization_id=int(rest[14]),
        visibility=str(rest[15]),
    )
    start_branch, _, start_version = _start_info(db, int(head_id))
    ctx = RunContext(
        report_id=report_id,
        report_uuid=str(ruuid),
        project=project,
        head=HeadInfo(branch, int(head_id), str(head_uuid), [], start_branch, start_version),
        testbed=testbed,
        version_number=number,
        version_hash=vhash,
        start_us=int(start),
        end_us=int(end),
        created_us=int(created),
        adapter=str(adapter),
    )
    iterations: dict[int, IterationRows] = {}
    statuses: dict[str, str] = {}
    ncols = len(_MODEL_COLS)
    for row in db.fetchall(_SQL, (report_id,)):
        it = int(row[0])
        bench = Named(int(row[1]), str(row[2]), str(row[3]), str(row[4]))
        measure = Named(
            int(row[5]), str(row[6]), str(row[7]), str(row[8]), str(row[9]), bool(row[10])
        )
        mr = MetricRow(
            bench,
            measure,
            Metric.model_construct(
                value=row[13], lower_value=row[14], upper_value=row[15], samples=None
            ),
            ignored=bool(row[-1]),
        )
        mr.metric_id, mr.metric_uuid = int(row[11]), str(row[12])
        if row[16] is not None:
            mr.boundary_id, mr.boundary_uuid = int(row[16]), str(row[17])
            mr.baseline, mr.lower_limit, mr.upper_limit, mr.sample_size = (
                row[18],
                row[19],
                row[20],
                int(row[21]),
            )
            model_vals = row[26 : 26 + ncols]
            model = Model.model_validate(
                {k: v for k, v in zip(_MODEL_COLS, model_vals, strict=True) if v is not None}
            )
            mr.threshold = ActiveThreshold(
                int(row[22]), str(row[23]), int(row[25]), model, bool(row[24])
            )
        a_uuid, a_upper, a_status = row[26 + ncols : 29 + ncols]
        if a_uuid is not None:
            mr.alert, mr.alert_uuid = ("upper" if a_upper else "lower"), str(a_uuid)
            statuses[str(a_uuid)] = str(a_status)
        iterations.setdefault(it, IterationRows(it, [], {})).rows.append(mr)
    report = build_report(ctx, [iterations[k] for k in sorted(iterations)])
    for alert in report.alerts:
        alert.status = AlertStatus(statuses.get(str(alert.uuid), "active"))
    active = sum(1 for a in report.alerts if a.status is AlertStatus.ACTIVE)
    report.counts.alerts.active = active
    return report
