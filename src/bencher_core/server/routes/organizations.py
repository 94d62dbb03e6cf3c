"""``/v0/organizations``: organizations, their members and roles, their projects."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from bencher_core.errors import ConflictError, NotFoundError, PermissionDenied
from bencher_core.server.convert import member_json, org_json, project_json
from bencher_core.server.deps import AdminDep, DbDep, PageDep, SettingsDep, UserDep, set_total
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.routes.projects import create_in_organization
from bencher_core.server.schemas import (
    JsonMember,
    JsonNewMember,
    JsonNewOrganization,
    JsonNewProject,
    JsonOrganization,
    JsonProject,
)
from bencher_core.service.auth import (
    OrgRow,
    Principal,
    ensure_organization,
    find_organization,
    find_user,
)
from bencher_core.service.project_admin import (
    list_members,
    list_organizations,
    list_projects,
    set_member,
)
from bencher_core.store.db import Database

__all__ = ["router"]

router = APIRouter(prefix="/v0/organizations", tags=["organizations"])

OrgId = Annotated[
    str, Path(min_length=1, max_length=64, description="organization UUID, slug or name")
]


def _visible_org(db: Database, principal: Principal, ident: str) -> OrgRow:
    org = find_organization(db, ident)
    if org is None or not (principal.admin or principal.role_in(org.id)):
        raise NotFoundError(f"organization {ident!r} not found")
    return org


@router.get("", name="list_organizations", responses=READ_ERRORS)
def get_organizations(db: DbDep, principal: UserDep) -> list[JsonOrganization]:
    """The organizations you belong to (all of them for an admin)."""
    return [org_json(o) for o in list_organizations(db, principal)]


@router.post("", name="create_organization", status_code=201, responses=WRITE_ERRORS)
def post_organization(body: JsonNewOrganization, db: DbDep, admin: AdminDep) -> JsonOrganization:
    """Create an organization (admins only)."""
    if find_organization(db, body.name) is not None:
        raise ConflictError(f"organization {body.name!r} already exists")
    with db.transaction():
        return org_json(ensure_organization(db, body.name))


@router.get("/{organization}", name="get_organization", responses=READ_ERRORS)
def get_organization(organization: OrgId, db: DbDep, principal: UserDep) -> JsonOrganization:
    """One organization you belong to."""
    return org_json(_visible_org(db, principal, organization))


@router.get("/{organization}/members", name="list_members", responses=READ_ERRORS)
def get_members(organization: OrgId, db: DbDep, principal: UserDep) -> list[JsonMember]:
    """The members of an organization and their roles."""
    return [member_json(m) for m in list_members(db, _visible_org(db, principal, organization).id)]


@router.post("/{organization}/members", name="set_member", responses=WRITE_ERRORS)
def post_member(
    organization: OrgId, body: JsonNewMember, db: DbDep, principal: UserDep
) -> list[JsonMember]:
    """Give a user a role (``member`` or ``leader``), or remove them (``role: null``).
    Leaders of the organization and admins only."""
    org = _visible_org(db, principal, organization)
    if not (principal.admin or principal.role_in(org.id) == "leader"):
        raise PermissionDenied(f"only leaders of {org.slug!r} and admins may change its members")
    user = find_user(db, body.user)
    if user is None:
        raise NotFoundError(f"user {body.user!r} not found")
    set_member(db, org.id, user, body.role)
    return [member_json(m) for m in list_members(db, org.id)]


@router.get("/{organization}/projects", name="list_organization_projects", responses=READ_ERRORS)
def get_org_projects(
    organization: OrgId, db: DbDep, principal: UserDep, page: PageDep, response: Response
) -> list[JsonProject]:
    """The organization's projects."""
    org = _visible_org(db, principal, organization)
    rows, total = list_projects(
        db, principal, organization_id=org.id, limit=page.per_page, offset=page.offset
    )
    set_total(response, total)
    return [project_json(p) for p in rows]


@router.post(
    "/{organization}/projects",
    name="create_organization_project",
    status_code=201,
    responses=WRITE_ERRORS,
)
def post_org_project(
    organization: OrgId, body: JsonNewProject, db: DbDep, principal: UserDep, settings: SettingsDep
) -> JsonProject:
    """Create a project in this organization."""
    return create_in_organization(
        db, principal, body, organization, settings.new_project_visibility
    )
