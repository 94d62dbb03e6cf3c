"""The perf page: ``/console/projects/{p}/perf?branches=…&testbeds=…&benchmarks=…&measures=…``.

The series come from the API's perf query (one index range scan per series) and go into the
page as compact JSON: each report once (UUID, version, hash, time), each series as parallel
arrays of report index, value, limits and baseline, plus its alerts. ``perf.js`` draws them
with BokehJS. A dimension left out is filled from the newest report and the browser is sent
to the full address, so every view has a URL that can be shared. The page is streamed (its
head first) while the series are read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from bencher_core.errors import InvalidInputError, NotFoundError
from bencher_core.server.console.access import CONSOLE, ConsoleProject, ConsoleRoute, ViewerDep
from bencher_core.server.console.formats import fmt_units
from bencher_core.server.console.render import json_for_script, render_page, stream_page
from bencher_core.server.console.selection import DIMENSIONS, PerfSelection, series_labels
from bencher_core.server.deps import DbDep
from bencher_core.service.catalog import CatalogRow, list_resources
from bencher_core.service.clock import now_us
from bencher_core.service.perf_query import PerfSeries
from bencher_core.service.report_admin import list_reports
from bencher_core.service.resources import Named
from bencher_core.store.db import Database

__all__ = ["DEFAULT_LIMIT", "default_selection", "pack_series", "router"]

router = APIRouter(
    prefix=f"{CONSOLE}/projects/{{project}}", route_class=ConsoleRoute, include_in_schema=False
)

#: Newest points per series a page shows unless ``limit`` says otherwise.
DEFAULT_LIMIT = 5000
#: Choices listed per picker (the chosen ones are always listed too).
MAX_OPTIONS = 1000
#: Benchmarks chosen for a first look at a project.
FIRST_BENCHMARKS = 4
_DAY_US = 86_400_000_000
#: Quick time ranges: label, days back (None: everything).
RANGES: tuple[tuple[str, int | None], ...] = (
    ("7 days", 7),
    ("30 days", 30),
    ("90 days", 90),
    ("1 year", 365),
    ("all", None),
)

XAxis = Annotated[Literal["date", "version"], Query(description="x-axis: date or version")]
Scale = Annotated[Literal["linear", "log"], Query(description="y-axis scale")]
Limit = Annotated[int | None, Query(ge=1, le=100_000, description="newest points per series")]
Time = Annotated[str | None, Query(max_length=32, description="unix ms or YYYY-MM-DD")]


def default_selection(db: Database, project_id: int) -> dict[str, list[str]]:
    """What to show when nothing is chosen: the newest report's branch and testbed, its first
    measure and its first few benchmarks (slugs). Empty for a project without reports."""
    reports, _ = list_reports(db, project_id, limit=1)
    if not reports:
        return {}
    report = reports[0]
    benchmarks: list[str] = []
    measures: list[str] = []
    for result in report.results[0] if report.results else []:
        if len(benchmarks) < FIRST_BENCHMARKS:
            benchmarks.append(result.benchmark.slug)
        for m in result.measures:
            if m.measure.slug not in measures:
                measures.append(m.measure.slug)
    return {
        "branches": [report.branch.slug],
        "testbeds": [report.testbed.slug],
        "benchmarks": benchmarks,
        "measures": measures[:1],
    }


def _named(n: Named) -> dict[str, Any]:
    out: dict[str, Any] = {"uuid": n.uuid, "name": n.name, "slug": n.slug}
    if n.units:
        out["units"] = n.units
        out["higher_is_better"] = n.higher_is_better
    return out


def pack_series(series: list[PerfSeries]) -> dict[str, Any]:
    """The series as the page's JSON: reports once, series as parallel arrays."""
    index: dict[str, int] = {}
    reports: list[list[Any]] = []
    out: list[dict[str, Any]] = []
    for s, label in zip(series, series_labels(series), strict=True):
        refs: list[int] = []
        for p in s.points:
            k = index.get(p.report_uuid)
            if k is None:
                k = index[p.report_uuid] = len(reports)
                reports.append(
                    [p.report_uuid, p.version_number, p.version_hash, p.start_time_us // 1000]
                )
            refs.append(k)
        pts = s.points
        out.append(
            {
                **{t: _named(getattr(s, t)) for t in ("branch", "testbed", "benchmark", "measure")},
                "label": label,
                "unit": fmt_units(s.measure.units),
                "report": refs,
                "value": [p.value for p in pts],
                "lower": [p.lower_limit for p in pts],
                "upper": [p.upper_limit for p in pts],
                "base": [p.baseline for p in pts],
                "alerts": [
                    [i, p.alert_uuid, p.alert_limit, p.alert_status]
                    for i, p in enumerate(pts)
                    if p.alert_uuid is not None
                ],
            }
        )
    return {"reports": reports, "series": out}


def _chosen(values: tuple[str, ...], row: CatalogRow) -> bool:
    parts = {p for v in values for p in (v, *v.split(","))}
    return bool(parts & {row.uuid, row.slug, row.name})


def _pickers(
    db: Database, project_id: int, selection: PerfSelection, series: list[PerfSeries]
) -> list[dict[str, Any]]:
    """Each dimension's choices, with the chosen ones marked (and always listed)."""
    pickers = []
    for param, table in DIMENSIONS:
        rows, total = list_resources(db, table, project_id, limit=MAX_OPTIONS)
        chosen = {getattr(s, table).uuid for s in series}
        listed = {r.uuid for r in rows}
        wanted = selection.values(param)
        options = [
            {
                "value": r.slug,
                "label": r.name,
                "selected": r.uuid in chosen or (not series and _chosen(wanted, r)),
            }
            for r in rows
        ]
        for s in series:
            extra: Named = getattr(s, table)
            if extra.uuid not in listed:
                listed.add(extra.uuid)
                options.append({"value": extra.slug, "label": extra.name, "selected": True})
        pickers.append(
            {"param": param, "table": table, "options": options, "more": total - len(rows)}
        )
    return pickers


def _ranges(path: str, selection: PerfSelection, **extra: str) -> list[tuple[str, str, bool]]:
    """Quick time ranges from midnight UTC some days back: (label, URL, whether it is shown)."""
    today = now_us() // _DAY_US * _DAY_US
    out = []
    for label, days in RANGES:
        start_us = None if days is None else today - days * _DAY_US
        choice = replace(selection, start_us=start_us, end_us=None)
        current = selection.end_us is None and selection.start_us == start_us
        out.append((label, f"{path}?{choice.query(**extra)}", current))
    return out


def _summary(s: PerfSeries, label: str) -> dict[str, Any]:
    """One row of the table under the plot: the newest point and the alert count."""
    last = s.points[-1] if s.points else None
    return {
        "label": label,
        "series": s,
        "points": len(s.points),
        "last": last,
        "alerts": sum(1 for p in s.points if p.alert_status == "active"),
    }


@router.get("/perf", name="console_perf")
def perf_page(
    request: Request,
    project: ConsoleProject,
    db: DbDep,
    viewer: ViewerDep,
    x: XAxis = "date",
    scale: Scale = "linear",
    limit: Limit = None,
    start_time: Time = None,
    end_time: Time = None,
) -> Response:
    """The perf plot of the chosen series, with pickers for the four dimensions and times.

    A valid selection is streamed: the page's head, which loads BokehJS, goes out before the
    series are read, so the browser fetches and runs the library while the server reads.
    """
    q = request.query_params
    selection = PerfSelection.from_values(
        **{param: q.getlist(param) for param, _ in DIMENSIONS},
        start_time=start_time,
        end_time=end_time,
    )
    missing = selection.missing()
    if missing:
        defaults = default_selection(db, project.id)
        filled = selection.with_values({k: defaults[k] for k in missing if defaults.get(k)})
        if filled != selection and not filled.missing():
            extra = {"x": x, "scale": scale, **({"limit": str(limit)} if limit else {})}
            return RedirectResponse(f"{request.url.path}?{filled.query(**extra)}", 303)
    error: str | None = None
    status = 200
    if not missing:
        try:
            selection.check(db, project.id)
        except (InvalidInputError, NotFoundError) as e:
            error, status = str(e), 404 if isinstance(e, NotFoundError) else 400

    def view() -> dict[str, Any]:
        """What the page shows of the series (read when the template gets there)."""
        series: list[PerfSeries] = []
        shown_error = error
        if not missing and error is None:
            try:
                series = selection.series(db, project.id, limit=limit or DEFAULT_LIMIT)
            except (InvalidInputError, NotFoundError) as e:  # gone since the check
                shown_error = str(e)
        labels = series_labels(series)
        return {
            "series": series,
            "summaries": [_summary(s, label) for s, label in zip(series, labels, strict=True)],
            "pickers": _pickers(db, project.id, selection, series),
            "data": json_for_script(
                {**pack_series(series), "project": project.slug, "x": x, "scale": scale}
            ),
            "error": shown_error,
            "img_query": selection.query(title=project.name) if series else "",
        }

    context = {
        "viewer": viewer,
        "project": project,
        "nav": "perf",
        "ranges": _ranges(request.url.path, selection, x=x, scale=scale),
        "selection": selection,
        "view": view,
        "x": x,
        "scale": scale,
        "limit": limit or DEFAULT_LIMIT,
    }
    encodings = request.headers.get("accept-encoding", "")
    if missing or error:
        return render_page("perf.html", context, status=status, accept_encoding=encodings)
    return stream_page("perf.html", context, accept_encoding=encodings)
