"""``POST /v0/run``: Bencher's JsonNewRun in, the JsonReport (with alerts) out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from bencher_core.models.report import Report
from bencher_core.models.run import NewRun
from bencher_core.server.deps import DbDep, GroupDep, HistoryDep, SettingsDep, UserDep
from bencher_core.server.routes._responses import WRITE_ERRORS
from bencher_core.service.ingest import IngestOptions
from bencher_core.service.submit import submit_run_json

__all__ = ["router"]

router = APIRouter(prefix="/v0", tags=["run"])


@router.post("/run", name="run", status_code=201, response_model=Report, responses=WRITE_ERRORS)
def post_run(
    new_run: NewRun,
    db: DbDep,
    principal: UserDep,
    settings: SettingsDep,
    history: HistoryDep,
    group: GroupDep,
    alerts: Annotated[
        bool, Query(description="false: store history without raising alerts")
    ] = True,
) -> Response:
    """Parse the raw outputs in ``results[]`` with ``settings.adapter``, store the run, judge every
    metric against its threshold and answer the report. A regression shows as ``alerts``; the
    status stays 201. A known ``idempotency_key`` answers the report already stored."""
    body = submit_run_json(
        db,
        new_run,
        principal=principal,
        options=IngestOptions(
            alerts=alerts, new_project_visibility=settings.new_project_visibility
        ),
        history=history,
        group=group,
    )
    # Encoded straight from the rows the run wrote (the same JSON as the Report model's).
    return Response(body, status_code=201, media_type="application/json")
