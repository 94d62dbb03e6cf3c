"""Projects and organizations as a server manages them: list what a caller may see, create,
update (rename, re-slug, visibility), delete; organization members and their roles.

Project slugs are unique on the server; names are unique within an organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bencher_core.errors import ConflictError, InvalidInputError, NotFoundError
from bencher_core.models._names import check_resource_name, is_slug
from bencher_core.service.auth import OrgRow, Principal, UserRow, _org, roles_of, set_role
from bencher_core.service.clock import now_us
from bencher_core.service.projects import ProjectRow, create_project
from bencher_core.store.db import Database

__all__ = [
    "VISIBILITIES",
    "MemberRow",
    "ProjectInfo",
    "create_project_in",
    "delete_project",
    "list_members",
    "list_organizations",
    "list_projects",
    "project_info",
    "update_project",
]

VISIBILITIES = ("public", "private")


@dataclass(frozen=True)
class ProjectInfo:
    """Everything the API shows about a project."""

    id: int
    uuid: str
    organization_id: int
    organization_uuid: str
    name: str
    slug: str
    url: str | None
    visibility: str
    created: int
    modified: int

    def row(self) -> ProjectRow:
        return ProjectRow(
            id=self.id,
            uuid=self.uuid,
            name=self.name,
            slug=self.slug,
            organization_id=self.organization_id,
            visibility=self.visibility,
        )


@dataclass(frozen=True)
class MemberRow:
    """A user's role in an organization."""

    user: UserRow
    role: str


_SQL = (
    "SELECT p.id, p.uuid, p.organization_id, o.uuid, p.name, p.slug, p.url, p.visibility, "
    "p.created, p.modified FROM project p JOIN organization o ON o.id = p.organization_id"
)


def _info(r: tuple[Any, ...]) -> ProjectInfo:
    return ProjectInfo(
        int(r[0]),
        str(r[1]),
        int(r[2]),
        str(r[3]),
        str(r[4]),
        str(r[5]),
        None if r[6] is None else str(r[6]),
        str(r[7]),
        int(r[8]),
        int(r[9]),
    )


def project_info(db: Database, project_id: int) -> ProjectInfo:
    r = db.fetchone(_SQL + " WHERE p.id = ?", (project_id,))
    if r is None:
        raise NotFoundError(f"project {project_id} not found")
    return _info(r)


def _visible(principal: Principal | None) -> tuple[str, list[object]]:
    """A WHERE clause restricting projects to those ``principal`` may read."""
    if principal is not None and principal.admin:
        return "1 = 1", []
    orgs = list(principal.roles) if principal is not None else []
    if not orgs:
        return "p.visibility = 'public'", []
    marks = ", ".join("?" for _ in orgs)
    return f"(p.visibility = 'public' OR p.organization_id IN ({marks}))", list(orgs)


def list_projects(
    db: Database,
    principal: Principal | None,
    *,
    organization_id: int | None = None,
    name: str | None = None,
    search: str | None = None,
    limit: int = 8,
    offset: int = 0,
) -> tuple[list[ProjectInfo], int]:
    """The projects ``principal`` may read (anonymous: public ones), by name, and their count."""
    cond, params = _visible(principal)
    where = [cond]
    if organization_id is not None:
        where.append("p.organization_id = ?")
        params.append(organization_id)
    if name is not None:
        where.append("p.name = ?")
        params.append(name)
    if search:
        where.append("(p.name LIKE ? OR p.slug LIKE ?)")
        params += [f"%{search}%", f"%{search}%"]
    clause = " WHERE " + " AND ".join(where)
    total = int(db.scalar("SELECT count(*) FROM project p" + clause, params))
    rows = db.fetchall(
        _SQL + clause + " ORDER BY p.name, p.id LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return [_info(r) for r in rows], total


def _check_visibility(visibility: str) -> str:
    if visibility not in VISIBILITIES:
        raise InvalidInputError(f"visibility must be public or private, got {visibility!r}")
    return visibility


def _check_name(name: str) -> str:
    try:
        return check_resource_name(name, what="project name")
    except ValueError as e:
        raise InvalidInputError(str(e)) from e


def _ensure_free(
    db: Database,
    organization_id: int,
    *,
    name: str | None,
    slug: str | None,
    except_id: int | None = None,
) -> None:
    if name is not None:
        other = db.scalar(
            "SELECT id FROM project WHERE organization_id = ? AND name = ?", (organization_id, name)
        )
        if other is not None and int(other) != except_id:
            raise ConflictError(f"a project named {name!r} already exists in this organization")
    if slug is not None:
        if not is_slug(slug):
            raise InvalidInputError(
                f"slug {slug!r} is not a slug (1-64 of a-z, 0-9 and single dashes)"
            )
        other = db.scalar("SELECT id FROM project WHERE slug = ?", (slug,))
        if other is not None and int(other) != except_id:
            raise ConflictError(f"a project with slug {slug!r} already exists")


def create_project_in(
    db: Database,
    organization_id: int,
    *,
    name: str,
    slug: str | None = None,
    url: str | None = None,
    visibility: str = "private",
) -> ProjectInfo:
    """Create a project in an organization.

    Raises:
        ConflictError: the name is taken in the organization or the slug on the server.
    """
    name = _check_name(name)
    _check_visibility(visibility)
    with db.transaction():
        _ensure_free(db, organization_id, name=name, slug=slug)
        row = create_project(
            db, name, organization_id=organization_id, visibility=visibility, url=url, slug=slug
        )
        return project_info(db, row.id)


def update_project(
    db: Database,
    project_id: int,
    *,
    name: str | None = None,
    slug: str | None = None,
    url: str | None = None,
    visibility: str | None = None,
) -> ProjectInfo:
    """Rename, re-slug, set the URL or the visibility of a project."""
    with db.transaction():
        current = project_info(db, project_id)
        if name is not None:
            name = _check_name(name)
        if visibility is not None:
            _check_visibility(visibility)
        _ensure_free(db, current.organization_id, name=name, slug=slug, except_id=project_id)
        sets: dict[str, object] = {
            k: v
            for k, v in (("name", name), ("slug", slug), ("url", url), ("visibility", visibility))
            if v is not None
        }
        if sets:
            sets["modified"] = now_us()
            assignments = ", ".join(f"{k} = ?" for k in sets)
            db.execute(
                f"UPDATE project SET {assignments} WHERE id = ?", [*sets.values(), project_id]
            )
        return project_info(db, project_id)


def delete_project(db: Database, project_id: int) -> None:
    """Delete a project with all its branches, reports, metrics and alerts."""
    with db.transaction():
        db.execute("UPDATE branch SET head_id = NULL WHERE project_id = ?", (project_id,))
        db.execute("DELETE FROM project WHERE id = ?", (project_id,))


# -- organizations -----------------------------------------------------------------------------
def list_organizations(db: Database, principal: Principal) -> list[OrgRow]:
    """The organizations a user belongs to (every one for an admin)."""
    rows = db.fetchall("SELECT id, uuid, name, slug FROM organization ORDER BY name, id")
    return [_org(r) for r in rows if principal.admin or int(r[0]) in principal.roles]


def list_members(db: Database, organization_id: int) -> list[MemberRow]:
    """The members of an organization with their roles, by user name."""
    rows = db.fetchall(
        "SELECT u.id, u.uuid, u.name, u.slug, u.admin, r.role FROM organization_role r "
        'JOIN "user" u ON u.id = r.user_id WHERE r.organization_id = ? ORDER BY u.name',
        (organization_id,),
    )
    return [
        MemberRow(UserRow(int(a), str(b), str(c), str(d), bool(e)), str(f))
        for a, b, c, d, e, f in rows
    ]


def set_member(db: Database, organization_id: int, user: UserRow, role: str | None) -> None:
    """Give a user a role in an organization, or remove them (``role=None``)."""
    with db.transaction():
        if role is None and organization_id not in roles_of(db, user.id):
            raise NotFoundError(f"user {user.name!r} is not a member of this organization")
        set_role(db, organization_id, user.id, role)
