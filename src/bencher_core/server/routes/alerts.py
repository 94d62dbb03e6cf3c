"""``/v0/projects/{project}/alerts`` (list, get, dismiss) and ``/accept`` (take a change as the
new baseline)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from bencher_core.errors import NotFoundError
from bencher_core.models._names import is_uuid
from bencher_core.models.report import Alert
from bencher_core.server.deps import DbDep, PageDep, ReadProject, WriteProject
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.schemas import JsonAccept, JsonAccepted, JsonUpdateAlert
from bencher_core.service.alerts import (
    accept_change,
    count_alerts,
    get_alert,
    list_alerts,
    set_alert_status,
)
from bencher_core.store.db import Database

__all__ = ["router"]

router = APIRouter(prefix="/v0/projects/{project}", tags=["alerts"])

AlertId = Annotated[str, Path(min_length=1, max_length=64, description="alert UUID")]
Status = Literal["active", "dismissed", "silenced"]


@router.get("/alerts", name="list_alerts", response_model=list[Alert], responses=READ_ERRORS)
def get_alerts(
    project: ReadProject,
    db: DbDep,
    page: PageDep,
    status: Annotated[Status | None, Query(description="only alerts with this status")] = None,
) -> Response:
    """Alerts, newest first, optionally with one status."""
    rows = list_alerts(db, project.id, status=status, limit=page.per_page, offset=page.offset)
    total = count_alerts(db, project.id, status=status)
    body = "[" + ",".join(a.model_dump_json() for a in rows) + "]"
    return Response(body, media_type="application/json", headers={"X-Total-Count": str(total)})


def _alert(db: Database, project_id: int, alert: str) -> Alert:
    if not is_uuid(alert):
        raise NotFoundError(f"alert {alert!r} not found")
    return get_alert(db, project_id, alert)


@router.get("/alerts/{alert}", name="get_alert", responses=READ_ERRORS)
def get_one_alert(project: ReadProject, alert: AlertId, db: DbDep) -> Alert:
    """One alert with its metric, boundary and threshold."""
    return _alert(db, project.id, alert)


@router.patch("/alerts/{alert}", name="update_alert", responses=WRITE_ERRORS)
def patch_alert(project: WriteProject, alert: AlertId, body: JsonUpdateAlert, db: DbDep) -> Alert:
    """Dismiss an alert (``dismissed``) or re-activate it (``active``)."""
    _alert(db, project.id, alert)
    return set_alert_status(db, project.id, alert, body.status)


@router.post("/accept", name="accept_change", tags=["alerts"], responses=WRITE_ERRORS)
def post_accept(project: WriteProject, body: JsonAccept, db: DbDep) -> list[JsonAccepted]:
    """Accept an intended change: from the newest version on, history of these series counts
    from there (earlier points stop counting) and their active alerts are dismissed."""
    done = accept_change(
        db,
        project.id,
        branch=body.branch,
        testbed=body.testbed,
        benchmarks=body.benchmarks,
        measure=body.measure,
    )
    return [JsonAccepted(benchmark=b, measure=m, from_version=n) for b, m, n in done]
