"""``GET /v0/projects/{project}/perf``: series of branches × testbeds × benchmarks × measures."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from bencher_core.models.report import Resource
from bencher_core.server.convert import perf_series_json
from bencher_core.server.deps import DbDep, ReadProject
from bencher_core.server.routes._responses import READ_ERRORS
from bencher_core.server.schemas import JsonPerf
from bencher_core.service.clock import from_us
from bencher_core.service.perf_query import perf_query

__all__ = ["router"]

router = APIRouter(prefix="/v0/projects/{project}", tags=["perf"])

_IDS = (
    "UUIDs, slugs or names; comma-separated or repeated (a value naming one whole is taken whole)"
)
Idents = Annotated[list[str], Query(min_length=1, max_length=255, description=_IDS)]
Millis = Annotated[int | None, Query(ge=0, le=2**53, description="unix time in milliseconds")]


@router.get("/perf", name="perf", responses=READ_ERRORS)
def get_perf(
    project: ReadProject,
    db: DbDep,
    branches: Idents,
    testbeds: Idents,
    benchmarks: Idents,
    measures: Idents,
    start_time: Millis = None,
    end_time: Millis = None,
    limit: Annotated[
        int | None, Query(ge=1, le=100_000, description="newest points per series")
    ] = None,
) -> JsonPerf:
    """Every combination (at most 255), each with its points ordered by version and time, each
    point with its boundary and alert."""
    start_us = None if start_time is None else start_time * 1000
    end_us = None if end_time is None else end_time * 1000
    series = perf_query(
        db,
        project.id,
        branches=branches,
        testbeds=testbeds,
        benchmarks=benchmarks,
        measures=measures,
        start_us=start_us,
        end_us=end_us,
        limit=limit,
    )
    return JsonPerf(
        project=Resource(uuid=uuid.UUID(project.uuid), name=project.name, slug=project.slug),
        start_time=None if start_us is None else from_us(start_us),
        end_time=None if end_us is None else from_us(end_us),
        results=[perf_series_json(s) for s in series],
    )
