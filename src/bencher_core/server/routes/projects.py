"""``/v0/projects``: list what the caller may read, create, read, update, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from bencher_core.errors import NotFoundError, PermissionDenied
from bencher_core.server.convert import project_json
from bencher_core.server.deps import (
    DbDep,
    PageDep,
    PrincipalDep,
    ReadProject,
    SettingsDep,
    UserDep,
    WriteProject,
    set_total,
)
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.schemas import JsonNewProject, JsonProject, JsonUpdateProject
from bencher_core.service.auth import Principal, caller_for, find_organization
from bencher_core.service.project_admin import (
    create_project_in,
    delete_project,
    list_projects,
    update_project,
)
from bencher_core.store.db import Database

__all__ = ["create_in_organization", "router"]

router = APIRouter(prefix="/v0/projects", tags=["projects"])

NameQuery = Annotated[str | None, Query(max_length=64, description="exact project name")]
SearchQuery = Annotated[str | None, Query(max_length=64, description="part of a name or slug")]


@router.get("", name="list_projects", responses=READ_ERRORS)
def get_projects(
    db: DbDep,
    principal: PrincipalDep,
    page: PageDep,
    response: Response,
    name: NameQuery = None,
    search: SearchQuery = None,
) -> list[JsonProject]:
    """Projects the caller may read (anonymous callers: the public ones), by name."""
    rows, total = list_projects(
        db, principal, name=name, search=search, limit=page.per_page, offset=page.offset
    )
    set_total(response, total)
    return [project_json(p) for p in rows]


def create_in_organization(
    db: Database,
    principal: Principal,
    body: JsonNewProject,
    organization: str | None,
    default_visibility: str,
) -> JsonProject:
    """Create a project in ``organization`` (default: the caller's first one)."""
    if organization is None:
        org_id = caller_for(db, principal).organization_id
        assert org_id is not None
    else:
        org = find_organization(db, organization)
        if org is None or not (principal.admin or principal.role_in(org.id)):
            raise NotFoundError(f"organization {organization!r} not found")
        org_id = org.id
    if not (principal.admin or principal.role_in(org_id)):
        raise PermissionDenied(f"user {principal.user.name!r} may not create projects here")
    info = create_project_in(
        db,
        org_id,
        name=body.name,
        slug=body.slug,
        url=body.url,
        visibility=body.visibility or default_visibility,
    )
    return project_json(info)


@router.post("", name="create_project", status_code=201, responses=WRITE_ERRORS)
def post_project(
    body: JsonNewProject, db: DbDep, principal: UserDep, settings: SettingsDep
) -> JsonProject:
    """Create a project in ``organization`` (default: your first organization)."""
    return create_in_organization(
        db, principal, body, body.organization, settings.new_project_visibility
    )


@router.get("/{project}", name="get_project", responses=READ_ERRORS)
def get_project(project: ReadProject) -> JsonProject:
    """One project by UUID, slug or name."""
    return project_json(project)


@router.patch("/{project}", name="update_project", responses=WRITE_ERRORS)
def patch_project(project: WriteProject, body: JsonUpdateProject, db: DbDep) -> JsonProject:
    """Rename, re-slug, set the URL or make a project public or private."""
    info = update_project(
        db, project.id, name=body.name, slug=body.slug, url=body.url, visibility=body.visibility
    )
    return project_json(info)


@router.delete("/{project}", name="delete_project", status_code=204, responses=WRITE_ERRORS)
def remove_project(project: WriteProject, db: DbDep) -> Response:
    """Delete a project with everything in it."""
    delete_project(db, project.id)
    return Response(status_code=204)
