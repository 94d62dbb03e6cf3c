"""``GET /v0/projects/{project}/perf/img``: the perf plot as an SVG image to embed in a README
or a pull-request comment, for the same query as ``/v0/projects/{project}/perf`` plus a
``title``. Public projects' images need no token (what README image proxies require).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.responses import Response

from bencher_core.server.console.formats import fmt_units
from bencher_core.server.console.selection import PerfSelection, series_labels
from bencher_core.server.console.svg import Line, render_svg
from bencher_core.server.deps import DbDep, ReadProject
from bencher_core.server.routes._responses import READ_ERRORS
from bencher_core.service.perf_query import PerfSeries

__all__ = ["router"]

router = APIRouter(prefix="/v0/projects/{project}", tags=["perf"])

_IDS = "UUIDs, slugs or names; comma-separated or repeated (as for /perf)"
Idents = Annotated[list[str], Query(min_length=1, max_length=255, description=_IDS)]
Time = Annotated[
    str | None, Query(max_length=32, description="unix time in milliseconds, or YYYY-MM-DD")
]
SVG = "image/svg+xml"


def _y_label(series: list[PerfSeries]) -> str:
    measures = {s.measure.uuid: s.measure for s in series}
    if len(measures) != 1:
        return ""
    (m,) = measures.values()
    return f"{m.name} ({fmt_units(m.units)})" if m.units else m.name


@router.get(
    "/perf/img",
    name="perf_img",
    response_class=Response,
    responses={200: {"content": {SVG: {}}, "description": "the plot (SVG)"}, **READ_ERRORS},
)
def get_perf_img(
    project: ReadProject,
    db: DbDep,
    branches: Idents,
    testbeds: Idents,
    benchmarks: Idents,
    measures: Idents,
    start_time: Time = None,
    end_time: Time = None,
    title: Annotated[str | None, Query(max_length=256, description="title above the plot")] = None,
    x_axis: Annotated[Literal["date", "version"], Query(description="x-axis")] = "date",
    width: Annotated[int, Query(ge=200, le=4000, description="pixels")] = 900,
    height: Annotated[int, Query(ge=150, le=3000, description="pixels")] = 420,
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="newest points")] = 2000,
) -> Response:
    """The chosen series as an SVG line chart: limits as a band, active alerts circled."""
    selection = PerfSelection.from_values(
        branches=branches,
        testbeds=testbeds,
        benchmarks=benchmarks,
        measures=measures,
        start_time=start_time,
        end_time=end_time,
    )
    series = selection.series(db, project.id, limit=limit)
    lines = [
        Line(
            label=label,
            x=[
                p.start_time_us / 1000 if x_axis == "date" else float(p.version_number)
                for p in s.points
            ],
            y=[p.value for p in s.points],
            lower=[p.lower_limit for p in s.points],
            upper=[p.upper_limit for p in s.points],
            baseline=[p.baseline for p in s.points],
            alerts=[i for i, p in enumerate(s.points) if p.alert_status == "active"],
        )
        for s, label in zip(series, series_labels(series), strict=True)
    ]
    svg = render_svg(
        lines,
        title=title or "",
        y_label=_y_label(series),
        x_kind=x_axis,
        width=width,
        height=height,
    )
    cache = "public, max-age=300" if project.visibility == "public" else "private, no-store"
    headers = {
        "Cache-Control": cache,
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(svg, media_type=SVG, headers=headers)
