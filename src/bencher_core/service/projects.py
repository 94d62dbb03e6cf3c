"""Organizations and projects: lookup by UUID, slug or name; creation on the fly."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from bencher_core.errors import InvalidInputError, NotFoundError
from bencher_core.models._names import check_resource_name, is_slug, is_uuid
from bencher_core.service.clock import now_us
from bencher_core.service.resources import Named, unique_slug
from bencher_core.store.db import Database

__all__ = ["Caller", "ProjectRow", "default_organization", "find_project", "resolve_project"]

LOCAL_ORG = "local"


@dataclass(frozen=True)
class Caller:
    """Who submits: the embedded store's local user, or a server token's user and organization."""

    user_id: int | None = None
    organization_id: int | None = None
    admin: bool = False


@dataclass(frozen=True)
class ProjectRow(Named):
    organization_id: int = 0
    visibility: str = "public"


def default_organization(db: Database) -> int:
    """The embedded store's organization ``local`` (created on first use)."""
    found = db.scalar("SELECT id FROM organization WHERE slug = ?", (LOCAL_ORG,))
    if found is not None:
        return int(found)
    db.execute(
        "INSERT INTO organization (uuid, name, slug, created) VALUES (?, ?, ?, ?) ON "
        "CONFLICT DO NOTHING",
        (str(uuid.uuid4()), "Local", LOCAL_ORG, now_us()),
    )
    return int(db.scalar("SELECT id FROM organization WHERE slug = ?", (LOCAL_ORG,)))


_PCOLS = "id, uuid, name, slug, organization_id, visibility"


def _project(r: tuple[Any, ...]) -> ProjectRow:
    return ProjectRow(
        id=int(r[0]),
        uuid=str(r[1]),
        name=str(r[2]),
        slug=str(r[3]),
        organization_id=int(r[4]),
        visibility=str(r[5]),
    )


def find_project(
    db: Database, ident: str, *, organization_id: int | None = None
) -> ProjectRow | None:
    """A project by UUID, slug or name (names are unique within an organization)."""
    if is_uuid(ident):
        r = db.fetchone(f"SELECT {_PCOLS} FROM project WHERE uuid = ?", (ident.lower(),))
        if r:
            return _project(r)
    if is_slug(ident):
        r = db.fetchone(f"SELECT {_PCOLS} FROM project WHERE slug = ?", (ident,))
        if r:
            return _project(r)
    if organization_id is not None:
        r = db.fetchone(
            f"SELECT {_PCOLS} FROM project WHERE organization_id = ? AND name = ?",
            (organization_id, ident),
        )
    else:
        r = db.fetchone(
            f"SELECT {_PCOLS} FROM project WHERE name = ? ORDER BY id LIMIT 1", (ident,)
        )
    return _project(r) if r else None


def create_project(
    db: Database,
    name: str,
    *,
    organization_id: int,
    visibility: str = "public",
    url: str | None = None,
    slug: str | None = None,
) -> ProjectRow:
    try:
        name = check_resource_name(name, what="project name")
    except ValueError as e:
        raise InvalidInputError(str(e)) from e
    now = now_us()
    taken = {
        str(r[0])
        for r in db.fetchall(
            "SELECT slug FROM project WHERE slug LIKE ?", (unique_slug(name)[:40] + "%",)
        )
    }
    slug = (
        slug
        if slug and is_slug(slug) and slug not in taken
        else unique_slug(name, taken, fallback="project")
    )
    db.execute(
        "INSERT INTO project (uuid, organization_id, name, slug, url, visibility, created, "
        "modified) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (str(uuid.uuid4()), organization_id, name, slug, url, visibility, now, now),
    )
    found = find_project(db, name, organization_id=organization_id)
    if found is None:  # pragma: no cover - concurrent slug theft
        raise InvalidInputError(f"could not create project {name!r}")
    return found


def resolve_project(
    db: Database, ident: str, caller: Caller, *, create: bool = True, visibility: str = "public"
) -> ProjectRow:
    """Find ``ident`` or create it in the caller's organization (the local one if none)."""
    org = caller.organization_id if caller.organization_id is not None else None
    found = find_project(db, ident, organization_id=org)
    if found is None and org is None:
        found = find_project(db, ident)
    if found is not None:
        return found
    if not create or is_uuid(ident):
        raise NotFoundError(f"project {ident!r} not found")
    return create_project(
        db,
        ident,
        organization_id=org if org is not None else default_organization(db),
        visibility=visibility,
    )
