"""``/v0/projects/{project}/thresholds``: list, create, get, replace the model (PUT), delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from bencher_core.server.convert import threshold_json
from bencher_core.server.deps import DbDep, PageDep, ReadProject, WriteProject, set_total
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.schemas import JsonNewThreshold, JsonThreshold, JsonUpdateThreshold
from bencher_core.service.threshold_admin import (
    create_threshold,
    delete_threshold,
    get_threshold,
    list_thresholds,
    update_threshold,
)

__all__ = ["router"]

router = APIRouter(prefix="/v0/projects/{project}/thresholds", tags=["thresholds"])

ThresholdId = Annotated[str, Path(min_length=1, max_length=64, description="threshold UUID")]
Filter = Annotated[
    str | None, Query(min_length=1, max_length=256, description="UUID, slug or name")
]


@router.get("", name="list_thresholds", responses=READ_ERRORS)
def get_thresholds(
    project: ReadProject,
    db: DbDep,
    page: PageDep,
    response: Response,
    branch: Filter = None,
    testbed: Filter = None,
    measure: Filter = None,
) -> list[JsonThreshold]:
    """The project's thresholds, optionally of one branch, testbed or measure."""
    rows, total = list_thresholds(
        db,
        project.id,
        branch=branch,
        testbed=testbed,
        measure=measure,
        limit=page.per_page,
        offset=page.offset,
    )
    set_total(response, total)
    return [threshold_json(t, project) for t in rows]


@router.post("", name="create_threshold", status_code=201, responses=WRITE_ERRORS)
def post_threshold(project: WriteProject, body: JsonNewThreshold, db: DbDep) -> JsonThreshold:
    """Create the threshold of a branch, testbed and measure with its model."""
    info = create_threshold(
        db,
        project.id,
        branch=body.branch,
        testbed=body.testbed,
        measure=body.measure,
        model=body.model(),
    )
    return threshold_json(info, project)


@router.get("/{threshold}", name="get_threshold", responses=READ_ERRORS)
def get_one(project: ReadProject, threshold: ThresholdId, db: DbDep) -> JsonThreshold:
    """One threshold with its current model."""
    return threshold_json(get_threshold(db, project.id, threshold), project)


@router.put("/{threshold}", name="update_threshold", responses=WRITE_ERRORS)
def put_threshold(
    project: WriteProject, threshold: ThresholdId, body: JsonUpdateThreshold, db: DbDep
) -> JsonThreshold:
    """Replace a threshold's model (earlier boundaries keep the model they were computed with)."""
    info = update_threshold(db, project.id, threshold, body)
    return threshold_json(info, project)


@router.delete("/{threshold}", name="delete_threshold", status_code=204, responses=WRITE_ERRORS)
def remove_threshold(project: WriteProject, threshold: ThresholdId, db: DbDep) -> Response:
    """Delete a threshold with its models, boundaries and alerts."""
    delete_threshold(db, project.id, threshold)
    return Response(status_code=204)
