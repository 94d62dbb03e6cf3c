"""``/v0/projects/{project}/{branches,testbeds,benchmarks,measures}``: list, create, get, patch,
delete — one router per resource, built by one function.

(No ``from __future__ import annotations`` here: FastAPI reads the body types of the routes
this module builds from their runtime annotations.)
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from bencher_core.server.convert import branch_json, resource_fields
from bencher_core.server.deps import DbDep, PageDep, ReadProject, WriteProject, set_total
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.schemas import (
    JsonBenchmark,
    JsonBranch,
    JsonMeasure,
    JsonNewBenchmark,
    JsonNewBranch,
    JsonNewMeasure,
    JsonNewTestbed,
    JsonTestbed,
    JsonUpdateBenchmark,
    JsonUpdateBranch,
    JsonUpdateMeasure,
    JsonUpdateTestbed,
)
from bencher_core.service.catalog import (
    CatalogRow,
    ResourceTable,
    create_resource,
    delete_resource,
    get_resource,
    list_resources,
    update_resource,
)
from bencher_core.service.project_admin import ProjectInfo

__all__ = ["routers"]


@dataclass(frozen=True)
class _Kind:
    table: ResourceTable
    plural: str
    new: type[BaseModel]
    update: type[BaseModel]
    out: type[BaseModel]


_KINDS = (
    _Kind("branch", "branches", JsonNewBranch, JsonUpdateBranch, JsonBranch),
    _Kind("testbed", "testbeds", JsonNewTestbed, JsonUpdateTestbed, JsonTestbed),
    _Kind("benchmark", "benchmarks", JsonNewBenchmark, JsonUpdateBenchmark, JsonBenchmark),
    _Kind("measure", "measures", JsonNewMeasure, JsonUpdateMeasure, JsonMeasure),
)


def _json(kind: _Kind, row: CatalogRow, project: ProjectInfo) -> Any:
    if kind.table == "branch":
        return branch_json(row, project)
    return kind.out(**resource_fields(row, project))


def _build(kind: _Kind) -> APIRouter:
    router = APIRouter(prefix=f"/v0/projects/{{project}}/{kind.plural}", tags=[kind.plural])
    table, Out, New, Update = kind.table, kind.out, kind.new, kind.update
    Ident = Annotated[
        str,
        Path(alias=table, min_length=1, max_length=1024, description=f"{table} UUID, slug or name"),
    ]
    NameQuery = Annotated[str | None, Query(max_length=1024, description=f"exact {table} name")]
    SearchQuery = Annotated[
        str | None, Query(max_length=1024, description="part of a name or slug")
    ]

    @router.get("", name=f"list_{kind.plural}", response_model=list[Out], responses=READ_ERRORS)  # type: ignore[valid-type]
    def list_(
        project: ReadProject,
        db: DbDep,
        page: PageDep,
        response: Response,
        name: NameQuery = None,
        search: SearchQuery = None,
        archived: bool = False,
    ) -> Any:
        rows, total = list_resources(
            db,
            table,
            project.id,
            name=name,
            search=search,
            archived=archived,
            limit=page.per_page,
            offset=page.offset,
        )
        set_total(response, total)
        return [_json(kind, r, project) for r in rows]

    list_.__doc__ = f"The project's {kind.plural} by name (archived ones with ``archived=true``)."

    @router.post(
        "", name=f"create_{table}", status_code=201, response_model=Out, responses=WRITE_ERRORS
    )
    def create(project: WriteProject, body: New, db: DbDep) -> Any:  # type: ignore[valid-type]
        fields = body.model_dump()  # type: ignore[attr-defined]
        start_point = getattr(body, "start_point", None)
        fields.pop("start_point", None)
        row = create_resource(db, table, project.id, start_point=start_point, **fields)
        return _json(kind, row, project)

    create.__doc__ = f"Create a {table}."

    @router.get(f"/{{{table}}}", name=f"get_{table}", response_model=Out, responses=READ_ERRORS)
    def get(project: ReadProject, ident: Ident, db: DbDep) -> Any:
        return _json(kind, get_resource(db, table, project.id, ident), project)

    get.__doc__ = f"One {table} by UUID, slug or name."

    @router.patch(
        f"/{{{table}}}", name=f"update_{table}", response_model=Out, responses=WRITE_ERRORS
    )
    def patch(project: WriteProject, ident: Ident, body: Update, db: DbDep) -> Any:  # type: ignore[valid-type]
        row = update_resource(db, table, project.id, ident, **body.model_dump(exclude_none=True))  # type: ignore[attr-defined]
        return _json(kind, row, project)

    patch.__doc__ = f"Rename, re-slug or archive a {table}."

    @router.delete(f"/{{{table}}}", name=f"delete_{table}", status_code=204, responses=WRITE_ERRORS)
    def delete(project: WriteProject, ident: Ident, db: DbDep) -> Response:
        delete_resource(db, table, project.id, ident)
        return Response(status_code=204)

    delete.__doc__ = f"Delete a {table} and everything recorded for it."
    return router


def routers() -> list[APIRouter]:
    """One router per resource."""
    return [_build(kind) for kind in _KINDS]
