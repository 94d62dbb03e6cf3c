"""``/v0/projects/{project}/reports`` and ``/metrics``: list, get and delete reports; one metric."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from bencher_core.models.report import Report
from bencher_core.server.convert import metric_json
from bencher_core.server.deps import DbDep, PageDep, ReadProject, WriteProject
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.schemas import JsonOneMetric
from bencher_core.service.report_admin import delete_report, get_metric, get_report, list_reports

__all__ = ["router"]

router = APIRouter(prefix="/v0/projects/{project}", tags=["reports"])

Uuid = Annotated[str, Path(min_length=1, max_length=64, description="UUID")]
Filter = Annotated[
    str | None, Query(min_length=1, max_length=256, description="UUID, slug or name")
]


def _json(payload: str, status: int = 200, total: int | None = None) -> Response:
    headers = {"X-Total-Count": str(total)} if total is not None else None
    return Response(payload, status_code=status, media_type="application/json", headers=headers)


@router.get("/reports", name="list_reports", response_model=list[Report], responses=READ_ERRORS)
def get_reports(
    project: ReadProject, db: DbDep, page: PageDep, branch: Filter = None, testbed: Filter = None
) -> Response:
    """Reports, newest first, optionally of one branch or testbed."""
    rows, total = list_reports(
        db, project.id, branch=branch, testbed=testbed, limit=page.per_page, offset=page.offset
    )
    return _json("[" + ",".join(r.model_dump_json() for r in rows) + "]", total=total)


@router.get("/reports/{report}", name="get_report", response_model=Report, responses=READ_ERRORS)
def get_one_report(project: ReadProject, report: Uuid, db: DbDep) -> Response:
    """One report with its results, boundaries and alerts (with their current status)."""
    return _json(get_report(db, project.id, report).model_dump_json())


@router.delete("/reports/{report}", name="delete_report", status_code=204, responses=WRITE_ERRORS)
def remove_report(project: WriteProject, report: Uuid, db: DbDep) -> Response:
    """Delete a report with its metrics, boundaries and alerts."""
    delete_report(db, project.id, report)
    return Response(status_code=204)


@router.get("/metrics/{metric}", name="get_metric", tags=["metrics"], responses=READ_ERRORS)
def get_one_metric(project: ReadProject, metric: Uuid, db: DbDep) -> JsonOneMetric:
    """One metric with its report, series, boundary and alert."""
    return metric_json(get_metric(db, project.id, metric))
