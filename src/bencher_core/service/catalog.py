"""A project's named resources — branches, testbeds, benchmarks, measures: list, get, create,
update, archive and delete.

Identifiers are taken as Bencher takes them (UUID, else slug, else name). Names and slugs are
unique per project; a create or rename that would collide raises :class:`ConflictError`.
Deleting a resource deletes what hangs off it (a branch's heads and reports, a benchmark's
metrics, a measure's metrics and thresholds) through the schema's cascading foreign keys.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any, Literal

from bencher_core.errors import ConflictError, InvalidInputError, NotFoundError
from bencher_core.models._names import (
    check_benchmark_name,
    check_branch_name,
    check_resource_name,
    is_slug,
    is_uuid,
)
from bencher_core.models.measures import measure_info
from bencher_core.models.run import StartPoint
from bencher_core.service.branches import _start_info, new_head_revision, resolve_branch
from bencher_core.service.clock import now_us
from bencher_core.service.resources import unique_slug
from bencher_core.store.db import Database

__all__ = [
    "TABLES",
    "BranchHead",
    "CatalogRow",
    "ResourceTable",
    "create_resource",
    "delete_resource",
    "get_resource",
    "list_resources",
    "update_resource",
]

ResourceTable = Literal["branch", "testbed", "benchmark", "measure"]
TABLES: tuple[ResourceTable, ...] = ("branch", "testbed", "benchmark", "measure")


@dataclass(frozen=True)
class BranchHead:
    """A branch's current head: where it started and its newest version."""

    uuid: str
    start_branch: str | None
    start_version: tuple[int, str | None] | None
    version: tuple[int, str | None] | None


@dataclass(frozen=True)
class CatalogRow:
    """One resource row; ``units``/``higher_is_better`` for measures, ``head`` for branches."""

    id: int
    uuid: str
    name: str
    slug: str
    created: int
    modified: int
    archived: int | None
    units: str | None = None
    higher_is_better: bool | None = None
    head: BranchHead | None = None


def _cols(table: ResourceTable) -> str:
    base = "id, uuid, name, slug, created, modified, archived"
    if table == "measure":
        return base + ", units, higher_is_better"
    if table == "branch":
        return base + ", head_id"
    return base


def _row(db: Database, table: ResourceTable, r: tuple[Any, ...]) -> CatalogRow:
    row = CatalogRow(
        id=int(r[0]),
        uuid=str(r[1]),
        name=str(r[2]),
        slug=str(r[3]),
        created=int(r[4]),
        modified=int(r[5]),
        archived=None if r[6] is None else int(r[6]),
    )
    if table == "measure":
        return replace(row, units=str(r[7]), higher_is_better=bool(r[8]))
    if table == "branch":
        return replace(row, head=_head(db, r[7]))
    return row


def _head(db: Database, head_id: int | None) -> BranchHead | None:
    if head_id is None:
        return None
    hid = int(head_id)
    start_branch, _, start_version = _start_info(db, hid)
    latest = db.fetchone(
        "SELECT hv.number, v.hash FROM head_version hv JOIN version v ON v.id = hv.version_id "
        "WHERE hv.head_id = ? ORDER BY hv.number DESC LIMIT 1",
        (hid,),
    )
    return BranchHead(
        uuid=str(db.scalar("SELECT uuid FROM head WHERE id = ?", (hid,))),
        start_branch=start_branch,
        start_version=start_version,
        version=None if latest is None else (int(latest[0]), latest[1]),
    )


def _check_name(table: ResourceTable, name: str) -> str:
    try:
        if table == "branch":
            return check_branch_name(name)
        if table == "benchmark":
            return check_benchmark_name(name)
        return check_resource_name(name, what=f"{table} name")
    except ValueError as e:
        raise InvalidInputError(str(e)) from e


def _find(db: Database, table: ResourceTable, project_id: int, ident: str) -> CatalogRow | None:
    base = f'SELECT {_cols(table)} FROM "{table}" WHERE project_id = ? AND '
    if is_uuid(ident):
        r = db.fetchone(base + "uuid = ?", (project_id, ident.lower()))
        if r:
            return _row(db, table, r)
    if is_slug(ident):
        r = db.fetchone(base + "slug = ?", (project_id, ident))
        if r:
            return _row(db, table, r)
    r = db.fetchone(base + "name = ?", (project_id, ident))
    return _row(db, table, r) if r else None


def get_resource(db: Database, table: ResourceTable, project_id: int, ident: str) -> CatalogRow:
    """One resource by UUID, slug or name.

    Raises:
        NotFoundError: naming the resource kind and identifier.
    """
    found = _find(db, table, project_id, ident)
    if found is None:
        raise NotFoundError(f"{table} {ident!r} not found")
    return found


def list_resources(
    db: Database,
    table: ResourceTable,
    project_id: int,
    *,
    name: str | None = None,
    search: str | None = None,
    archived: bool = False,
    limit: int = 8,
    offset: int = 0,
) -> tuple[list[CatalogRow], int]:
    """A page of resources ordered by name, and the total count matching the filters."""
    where = ["project_id = ?", "archived IS NOT NULL" if archived else "archived IS NULL"]
    params: list[object] = [project_id]
    if name is not None:
        where.append("name = ?")
        params.append(name)
    if search:
        where.append("(name LIKE ? OR slug LIKE ?)")
        params += [f"%{search}%", f"%{search}%"]
    cond = " AND ".join(where)
    total = int(db.scalar(f'SELECT count(*) FROM "{table}" WHERE {cond}', params))
    rows = db.fetchall(
        f'SELECT {_cols(table)} FROM "{table}" WHERE {cond} ORDER BY name, id LIMIT ? OFFSET ?',
        [*params, limit, offset],
    )
    return [_row(db, table, r) for r in rows], total


def _ensure_free(
    db: Database,
    table: ResourceTable,
    project_id: int,
    *,
    name: str | None,
    slug: str | None,
    except_id: int | None = None,
) -> None:
    for col, value in (("name", name), ("slug", slug)):
        if value is None:
            continue
        other = db.scalar(
            f'SELECT id FROM "{table}" WHERE project_id = ? AND {col} = ?', (project_id, value)
        )
        if other is not None and int(other) != except_id:
            raise ConflictError(f"a {table} with {col} {value!r} already exists in this project")


def _check_units(units: str) -> str:
    try:
        return check_resource_name(units, what="units")
    except ValueError as e:
        raise InvalidInputError(str(e)) from e


def _check_slug(slug: str) -> str:
    if not is_slug(slug):
        raise InvalidInputError(f"slug {slug!r} is not a slug (1-64 of a-z, 0-9 and single dashes)")
    return slug


def create_resource(
    db: Database,
    table: ResourceTable,
    project_id: int,
    *,
    name: str,
    slug: str | None = None,
    units: str | None = None,
    higher_is_better: bool | None = None,
    start_point: StartPoint | None = None,
) -> CatalogRow:
    """Create a resource; a branch may start from another branch (``start_point``).

    Raises:
        ConflictError: the name or slug is taken in this project.
        InvalidInputError: a bad name, slug or units.
    """
    name = _check_name(table, name)
    if slug is not None:
        _check_slug(slug)
    with db.transaction():
        _ensure_free(db, table, project_id, name=name, slug=slug)
        if slug is None:
            taken = {
                str(r[0])
                for r in db.fetchall(
                    f'SELECT slug FROM "{table}" WHERE project_id = ?', (project_id,)
                )
            }
            slug = unique_slug(name, taken, fallback=table)
        now = now_us()
        values: dict[str, object] = {
            "uuid": str(uuid.uuid4()),
            "project_id": project_id,
            "name": name,
            "slug": slug,
            "created": now,
            "modified": now,
        }
        if table == "measure":
            info = measure_info(
                name,
                units=None if units is None else _check_units(units),
                higher_is_better=higher_is_better,
            )
            values.update(units=info.units, higher_is_better=info.higher_is_better)
        db.insert(table, values)
        if table == "branch":
            resolve_branch(db, project_id, name, start_point)
        return get_resource(db, table, project_id, str(values["uuid"]))


def update_resource(
    db: Database,
    table: ResourceTable,
    project_id: int,
    ident: str,
    *,
    name: str | None = None,
    slug: str | None = None,
    archived: bool | None = None,
    units: str | None = None,
    higher_is_better: bool | None = None,
) -> CatalogRow:
    """Rename, re-slug, archive/unarchive a resource (and set a measure's units or direction)."""
    with db.transaction():
        found = get_resource(db, table, project_id, ident)
        if name is not None:
            name = _check_name(table, name)
        if slug is not None:
            _check_slug(slug)
        _ensure_free(db, table, project_id, name=name, slug=slug, except_id=found.id)
        sets: dict[str, object] = {}
        if name is not None:
            sets["name"] = name
        if slug is not None:
            sets["slug"] = slug
        if archived is not None:
            sets["archived"] = (found.archived or now_us()) if archived else None
        if table == "measure":
            if units is not None:
                sets["units"] = _check_units(units)
            if higher_is_better is not None:
                sets["higher_is_better"] = higher_is_better
        if sets:
            sets["modified"] = now_us()
            assignments = ", ".join(f'"{k}" = ?' for k in sets)
            db.execute(
                f'UPDATE "{table}" SET {assignments} WHERE id = ?', [*sets.values(), found.id]
            )
        return get_resource(db, table, project_id, found.uuid)


def delete_resource(db: Database, table: ResourceTable, project_id: int, ident: str) -> None:
    """Delete a resource and everything that depends on it."""
    with db.transaction():
        found = get_resource(db, table, project_id, ident)
        new_head_revision(db, project_id=project_id)  # its metrics go too
        if table == "branch":
            # Heads point at the branch and the branch at its head: break the cycle first.
            db.execute("UPDATE branch SET head_id = NULL WHERE id = ?", (found.id,))
        db.execute(f'DELETE FROM "{table}" WHERE id = ?', (found.id,))
