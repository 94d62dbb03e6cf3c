"""The console's reading pages: the project list, a project's dashboard, its alerts, one
report, and its thresholds. Each page is one or two service calls, the same the API makes.

Changing an alert's status happens in the browser through the API itself
(``PATCH /v0/projects/{project}/alerts/{alert}``, with the session's CSRF token).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query
from starlette.responses import RedirectResponse, Response

from bencher_core.server.console.access import CONSOLE, ConsoleProject, ConsoleRoute, ViewerDep
from bencher_core.server.console.perf_page import default_selection
from bencher_core.server.console.render import render_page
from bencher_core.server.deps import DbDep
from bencher_core.service.alerts import count_alerts, list_alerts
from bencher_core.service.catalog import list_resources
from bencher_core.service.project_admin import list_projects
from bencher_core.service.report_admin import get_report, list_reports
from bencher_core.service.threshold_admin import list_thresholds

__all__ = ["router"]

router = APIRouter(prefix=CONSOLE, route_class=ConsoleRoute, include_in_schema=False)

PER_PAGE = 50
PageNo = Annotated[int, Query(ge=1, le=2**31 - 1, description="page number, from 1")]
Search = Annotated[str | None, Query(max_length=64)]
Filter = Annotated[str | None, Query(max_length=256)]
StatusFilter = Annotated[Literal["active", "dismissed", "silenced", "all"], Query()]
ReportId = Annotated[str, Path(min_length=1, max_length=64)]


def _pages(total: int, page: int, **keep: str | None) -> dict[str, object]:
    """Pager context; ``keep``: query items the pager links carry along."""
    kept = urlencode({k: v for k, v in keep.items() if v})
    return {
        "page": page,
        "pages": max(1, math.ceil(total / PER_PAGE)),
        "total": total,
        "pager_query": f"{kept}&" if kept else "",
    }


@router.get("", name="console_home")
def home() -> Response:
    """The console starts at the project list."""
    return RedirectResponse(f"{CONSOLE}/projects", status_code=307)


@router.get("/projects", name="console_projects")
def projects_page(db: DbDep, viewer: ViewerDep, page: PageNo = 1, q: Search = None) -> Response:
    """Projects the viewer may read (anonymous visitors: the public ones)."""
    rows, total = list_projects(
        db, viewer.principal, search=q, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    context = {"viewer": viewer, "project": None, "nav": "projects", "projects": rows, "q": q}
    return render_page("projects.html", {**context, **_pages(total, page, q=q)})


@router.get("/projects/{project}", name="console_dashboard")
def dashboard_page(project: ConsoleProject, db: DbDep, viewer: ViewerDep) -> Response:
    """Recent reports, active alerts and the project's benchmarks, branches and testbeds."""
    reports, report_total = list_reports(db, project.id, limit=8)
    alerts = list_alerts(db, project.id, status="active", limit=10)
    resources = {
        "benchmark": list_resources(db, "benchmark", project.id, limit=100),
        "branch": list_resources(db, "branch", project.id, limit=20),
        "testbed": list_resources(db, "testbed", project.id, limit=20),
        "measure": list_resources(db, "measure", project.id, limit=20),
    }
    context = {
        "viewer": viewer,
        "project": project,
        "nav": "dashboard",
        "reports": reports,
        "report_total": report_total,
        "alerts": alerts,
        "active_total": count_alerts(db, project.id, status="active"),
        "resources": resources,
        "defaults": default_selection(db, project.id),
    }
    return render_page("dashboard.html", context)


@router.get("/projects/{project}/alerts", name="console_alerts")
def alerts_page(
    project: ConsoleProject,
    db: DbDep,
    viewer: ViewerDep,
    status: StatusFilter = "active",
    page: PageNo = 1,
) -> Response:
    """Alerts, newest first, by status; dismiss and re-activate where the viewer may write."""
    wanted = None if status == "all" else status
    rows = list_alerts(db, project.id, status=wanted, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    counts = {
        s: count_alerts(db, project.id, status=s) for s in ("active", "dismissed", "silenced")
    }
    counts["all"] = sum(counts.values())
    context = {
        "viewer": viewer,
        "project": project,
        "nav": "alerts",
        "alerts": rows,
        "status": status,
        "counts": counts,
        "may_write": viewer.may_write(project),
    }
    return render_page("alerts.html", {**context, **_pages(counts[status], page, status=status)})


@router.get("/projects/{project}/reports/{report}", name="console_report")
def report_page(
    project: ConsoleProject, report: ReportId, db: DbDep, viewer: ViewerDep
) -> Response:
    """One report: every result with its baseline, limits, change and alert."""
    found = get_report(db, project.id, report)
    status_of = {a.metric.uuid: a.status.value for a in found.alerts}
    context = {
        "viewer": viewer,
        "project": project,
        "nav": "reports",
        "report": found,
        "alert_status": status_of,
    }
    return render_page("report.html", context)


@router.get("/projects/{project}/thresholds", name="console_thresholds")
def thresholds_page(
    project: ConsoleProject,
    db: DbDep,
    viewer: ViewerDep,
    branch: Filter = None,
    testbed: Filter = None,
    measure: Filter = None,
    page: PageNo = 1,
) -> Response:
    """Thresholds per branch, testbed and measure, with their current models."""
    rows, total = list_thresholds(
        db,
        project.id,
        branch=branch or None,
        testbed=testbed or None,
        measure=measure or None,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    choices = {
        "branch": list_resources(db, "branch", project.id, limit=200)[0],
        "testbed": list_resources(db, "testbed", project.id, limit=200)[0],
        "measure": list_resources(db, "measure", project.id, limit=200)[0],
    }
    context = {
        "viewer": viewer,
        "project": project,
        "nav": "thresholds",
        "thresholds": rows,
        "choices": choices,
        "chosen": {"branch": branch, "testbed": testbed, "measure": measure},
    }
    pager = _pages(total, page, branch=branch, testbed=testbed, measure=measure)
    return render_page("thresholds.html", {**context, **pager})
