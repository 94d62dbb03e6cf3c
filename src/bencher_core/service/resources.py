"""Find-or-create of project resources, safe under concurrent runs.

Identifiers are taken as Bencher takes them: a UUID, else a slug, else a name. Creation uses
``INSERT … ON CONFLICT DO NOTHING`` and re-reads, so two runs creating the same branch,
benchmark or measure at once both end up with the one row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bencher_core.errors import InvalidInputError, NotFoundError
from bencher_core.models._names import (
    check_benchmark_name,
    check_resource_name,
    is_slug,
    is_uuid,
    slugify,
)
from bencher_core.models.measures import measure_info
from bencher_core.models.run import MeasureSpec
from bencher_core.service.clock import now_us
from bencher_core.store.db import Database

__all__ = ["Named", "ResourceCache", "find_one", "get_or_create_named", "unique_slug"]


@dataclass(frozen=True)
class Named:
    """A resolved resource row: id, uuid, name, slug (+ units/direction for measures)."""

    id: int
    uuid: str
    name: str
    slug: str
    units: str = ""
    higher_is_better: bool = False


def _suffix() -> str:
    n = uuid.uuid4().int
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(8):
        n, r = divmod(n, 36)
        out += alphabet[r]
    return out


def unique_slug(name: str, taken: set[str] | None = None, *, fallback: str = "x") -> str:
    """``slugify(name)`` (≤64), with a ``-<8 base36>`` suffix when it is taken."""
    base = slugify(name) or fallback
    if taken is None or base not in taken:
        return base
    return f"{base[:55].rstrip('-')}-{_suffix()}"


_COLS = {
    "measure": "id, uuid, name, slug, units, higher_is_better",
}


def _row(table: str, r: tuple[Any, ...]) -> Named:
    if table == "measure":
        return Named(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), bool(r[5]))
    return Named(int(r[0]), str(r[1]), str(r[2]), str(r[3]))


def find_one(db: Database, table: str, project_id: int, ident: str) -> Named | None:
    """Find a branch/testbed/benchmark/measure of a project by UUID, slug or name."""
    cols = _COLS.get(table, "id, uuid, name, slug")
    base = f'SELECT {cols} FROM "{table}" WHERE project_id = ? AND '
    if is_uuid(ident):
        r = db.fetchone(base + "uuid = ?", (project_id, ident.lower()))
        if r:
            return _row(table, r)
    if is_slug(ident):
        r = db.fetchone(base + "slug = ?", (project_id, ident))
        if r:
            return _row(table, r)
    r = db.fetchone(base + "name = ?", (project_id, ident))
    return _row(table, r) if r else None


def get_or_create_named(
    db: Database, table: str, project_id: int, ident: str, *, extra: dict[str, object] | None = None
) -> tuple[Named, bool]:
    """Find ``ident`` (UUID, slug or name) or create it; returns (row, created)."""
    found = find_one(db, table, project_id, ident)
    if found:
        return found, False
    if is_uuid(ident):
        raise NotFoundError(f"no {table} with UUID {ident}")
    taken = {
        str(r[0])
        for r in db.fetchall(f'SELECT slug FROM "{table}" WHERE project_id = ?', (project_id,))
    }
    now = now_us()
    values: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "project_id": project_id,
        "name": ident,
        "slug": ident if is_slug(ident) and ident not in taken else unique_slug(ident, taken),
        "created": now,
        "modified": now,
        **(extra or {}),
    }
    cols = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" for _ in values)
    db.execute(
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING',
        list(values.values()),
    )
    found = find_one(db, table, project_id, ident)
    if found is None:  # pragma: no cover - only if a concurrent writer took the slug
        raise InvalidInputError(f"could not create {table} {ident!r}")
    return found, found.uuid == values["uuid"]


class ResourceCache:
    """Benchmarks and measures of one project, resolved in bulk and kept across a batch.

    Only the identifiers a run names are read (``WHERE name IN … OR slug IN … OR uuid IN …``,
    answered by the unique indexes), so resolving costs O(run), not O(project); the set of
    taken slugs is read only when something has to be created.
    """

    _CHUNK = 250  # identifiers per statement (three IN lists stay under SQLite's limits)

    def __init__(self, db: Database, project_id: int) -> None:
        self.db = db
        self.project_id = project_id
        self._by: dict[str, dict[str, Named]] = {"benchmark": {}, "measure": {}}
        self._slugs: dict[str, set[str] | None] = {"benchmark": None, "measure": None}
        self._asked: dict[str, set[str]] = {"benchmark": set(), "measure": set()}

    def _fetch(self, table: str, keys: list[str]) -> None:
        """Read the rows that ``keys`` may name (as UUID, slug or name) into the cache."""
        cols = _COLS.get(table, "id, uuid, name, slug")
        self._asked[table].update(keys)
        for i in range(0, len(keys), self._CHUNK):
            chunk = keys[i : i + self._CHUNK]
            slugs = [k for k in chunk if is_slug(k)]
            uuids = [k.lower() for k in chunk if is_uuid(k)]
            where = [f"name IN ({', '.join('?' * len(chunk))})"]
            if slugs:
                where.append(f"slug IN ({', '.join('?' * len(slugs))})")
            if uuids:
                where.append(f"uuid IN ({', '.join('?' * len(uuids))})")
            rows = self.db.fetchall(
                f'SELECT {cols} FROM "{table}" WHERE project_id = ? AND ({" OR ".join(where)})',
                (self.project_id, *chunk, *slugs, *uuids),
            )
            for r in rows:
                self._remember(table, _row(table, r))

    def _taken(self, table: str) -> set[str]:
        """Every slug of the table in this project (read once, kept up to date)."""
        taken = self._slugs[table]
        if taken is None:
            taken = self._slugs[table] = {
                str(r[0])
                for r in self.db.fetchall(
                    f'SELECT slug FROM "{table}" WHERE project_id = ?', (self.project_id,)
                )
            }
        return taken

    def _remember(self, table: str, n: Named) -> None:
        by = self._by[table]
        by[f"n:{n.name}"] = n
        by[f"s:{n.slug}"] = n
        by[f"u:{n.uuid}"] = n
        taken = self._slugs[table]
        if taken is not None:
            taken.add(n.slug)

    def _lookup(self, table: str, key: str) -> Named | None:
        by = self._by[table]
        if is_uuid(key) and f"u:{key.lower()}" in by:
            return by[f"u:{key.lower()}"]
        if is_slug(key) and f"s:{key}" in by:
            return by[f"s:{key}"]
        return by.get(f"n:{key}")

    def resolve(
        self, table: str, keys: Iterable[str], specs: dict[str, MeasureSpec] | None = None
    ) -> dict[str, Named]:
        """Map every key to its row, creating the missing ones in one statement."""
        keys = list(keys)
        asked = self._asked[table]
        unknown = [k for k in keys if k not in asked]
        if unknown:
            self._fetch(table, unknown)
        out: dict[str, Named] = {}
        missing: list[tuple[str, dict[str, object]]] = []
        now = now_us()
        for key in keys:
            hit = self._lookup(table, key)
            if hit is not None:
                out[key] = hit
                continue
            if is_uuid(key):
                raise InvalidInputError(
                    f"{table} {key} does not exist (a UUID must name an existing {table})"
                )
            values = self._new_values(table, key, specs, now)
            self._taken(table).add(str(values["slug"]))
            missing.append((key, values))
        if missing:
            cols = list(missing[0][1])
            marks = ", ".join("?" for _ in cols)
            sql = (
                f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({marks}) ON CONFLICT DO NOTHING'
            )
            self.db.executemany(sql, [[v[c] for c in cols] for _, v in missing])
            self._fetch(table, [key for key, _ in missing])
            for key, _ in missing:
                hit = self._lookup(table, key)
                if hit is None:  # pragma: no cover - concurrent slug theft
                    raise InvalidInputError(f"could not create {table} {key!r}")
                out[key] = hit
        return out

    def _new_values(
        self, table: str, key: str, specs: dict[str, MeasureSpec] | None, now: int
    ) -> dict[str, object]:
        taken = self._taken(table)
        values: dict[str, object] = {
            "uuid": str(uuid.uuid4()),
            "project_id": self.project_id,
            "created": now,
            "modified": now,
        }
        if table == "benchmark":
            try:
                check_benchmark_name(key)
            except ValueError as e:
                raise InvalidInputError(str(e)) from e
            values["name"] = key
            values["slug"] = (
                key
                if is_slug(key) and key not in taken
                else unique_slug(key, taken, fallback="benchmark")
            )
            return values
        try:
            check_resource_name(key, what="measure")
        except ValueError as e:
            raise InvalidInputError(str(e)) from e
        spec = (specs or {}).get(key)
        info = measure_info(
            key,
            units=spec.units if spec else None,
            higher_is_better=spec.higher_is_better if spec else None,
        )
        slug = info.slug if info.slug not in taken else unique_slug(info.slug, taken)
        values.update(
            name=info.name, slug=slug, units=info.units, higher_is_better=info.higher_is_better
        )
        return values
