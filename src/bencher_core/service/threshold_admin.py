"""Thresholds as a server manages them: list, get, create, replace the model, delete.

A threshold is unique per (branch, testbed, measure); changing its model writes a new model
version (``service.thresholds.set_threshold``), so boundaries already stored keep the model
they were computed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bencher_core.errors import ConflictError, NotFoundError
from bencher_core.models._names import is_uuid
from bencher_core.models.threshold import Model
from bencher_core.service.resources import Named, find_one
from bencher_core.service.thresholds import _model_from_row, model_columns, set_threshold
from bencher_core.store.db import Database

__all__ = [
    "ThresholdInfo",
    "create_threshold",
    "delete_threshold",
    "get_threshold",
    "list_thresholds",
    "update_threshold",
]


@dataclass(frozen=True)
class ThresholdInfo:
    """A threshold with its branch, testbed, measure and current model (None when removed)."""

    id: int
    uuid: str
    branch: Named
    testbed: Named
    measure: Named
    model: Model | None
    model_uuid: str | None
    is_default: bool
    created: int
    modified: int


_SQL = (
    "SELECT t.id, t.uuid, b.id, b.uuid, b.name, b.slug, tb.id, tb.uuid, tb.name, tb.slug, "
    "ms.id, ms.uuid, ms.name, ms.slug, ms.units, ms.higher_is_better, t.is_default, t.created, "
    "t.modified, md.uuid, " + model_columns("md") + " "
    "FROM threshold t JOIN branch b ON b.id = t.branch_id JOIN testbed tb ON tb.id = t.testbed_id "
    "JOIN measure ms ON ms.id = t.measure_id LEFT JOIN model md ON md.id = t.model_id "
    "WHERE t.project_id = ?"
)


def _info(r: tuple[Any, ...]) -> ThresholdInfo:
    model = None if r[19] is None else _model_from_row(r[20:])
    return ThresholdInfo(
        id=int(r[0]),
        uuid=str(r[1]),
        branch=Named(int(r[2]), str(r[3]), str(r[4]), str(r[5])),
        testbed=Named(int(r[6]), str(r[7]), str(r[8]), str(r[9])),
        measure=Named(int(r[10]), str(r[11]), str(r[12]), str(r[13]), str(r[14]), bool(r[15])),
        model=model,
        model_uuid=None if r[19] is None else str(r[19]),
        is_default=bool(r[16]),
        created=int(r[17]),
        modified=int(r[18]),
    )


def _named(db: Database, table: str, project_id: int, ident: str) -> Named:
    found = find_one(db, table, project_id, ident)
    if found is None:
        raise NotFoundError(f"{table} {ident!r} not found")
    return found


def list_thresholds(
    db: Database,
    project_id: int,
    *,
    branch: str | None = None,
    testbed: str | None = None,
    measure: str | None = None,
    limit: int = 8,
    offset: int = 0,
) -> tuple[list[ThresholdInfo], int]:
    """A page of thresholds (optionally of one branch/testbed/measure) and their total."""
    sql, params = _SQL, [project_id]
    for table, ident, col in (
        ("branch", branch, "t.branch_id"),
        ("testbed", testbed, "t.testbed_id"),
        ("measure", measure, "t.measure_id"),
    ):
        if ident is not None:
            sql += f" AND {col} = ?"
            params.append(_named(db, table, project_id, ident).id)
    total = int(db.scalar("SELECT count(*) FROM (" + sql + ") q", params))
    rows = db.fetchall(
        sql + " ORDER BY b.name, tb.name, ms.name, t.id LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return [_info(r) for r in rows], total


def get_threshold(db: Database, project_id: int, threshold_uuid: str) -> ThresholdInfo:
    """One threshold by UUID.

    Raises:
        NotFoundError: no such threshold in this project.
    """
    r = (
        db.fetchone(_SQL + " AND t.uuid = ?", (project_id, threshold_uuid.lower()))
        if is_uuid(threshold_uuid)
        else None
    )
    if r is None:
        raise NotFoundError(f"threshold {threshold_uuid!r} not found")
    return _info(r)


def create_threshold(
    db: Database, project_id: int, *, branch: str, testbed: str, measure: str, model: Model
) -> ThresholdInfo:
    """Create the threshold of (branch, testbed, measure).

    Raises:
        ConflictError: that combination has a threshold already (replace its model instead).
    """
    with db.transaction():
        b = _named(db, "branch", project_id, branch)
        tb = _named(db, "testbed", project_id, testbed)
        ms = _named(db, "measure", project_id, measure)
        existing = db.fetchone(
            "SELECT uuid, is_default FROM threshold "
            "WHERE branch_id = ? AND testbed_id = ? AND measure_id = ?",
            (b.id, tb.id, ms.id),
        )
        if existing is not None and not existing[1]:
            raise ConflictError(
                f"branch {b.name!r}, testbed {tb.name!r}, measure {ms.name!r} "
                f"has a threshold already: {existing[0]}"
            )
        tid = set_threshold(
            db,
            project_id=project_id,
            branch_id=b.id,
            testbed_id=tb.id,
            measure_id=ms.id,
            model=model,
            is_default=False,
        )
        return get_threshold(
            db, project_id, str(db.scalar("SELECT uuid FROM threshold WHERE id = ?", (tid,)))
        )


def update_threshold(
    db: Database, project_id: int, threshold_uuid: str, model: Model | None
) -> ThresholdInfo:
    """Replace a threshold's model (``None`` removes it: no detection until a new one is set)."""
    with db.transaction():
        found = get_threshold(db, project_id, threshold_uuid)
        set_threshold(
            db,
            project_id=project_id,
            branch_id=found.branch.id,
            testbed_id=found.testbed.id,
            measure_id=found.measure.id,
            model=model,
            is_default=False,
        )
        return get_threshold(db, project_id, found.uuid)


def delete_threshold(db: Database, project_id: int, threshold_uuid: str) -> None:
    """Delete a threshold with its models and the boundaries and alerts computed with it."""
    with db.transaction():
        found = get_threshold(db, project_id, threshold_uuid)
        db.execute("UPDATE threshold SET model_id = NULL WHERE id = ?", (found.id,))
        db.execute("DELETE FROM threshold WHERE id = ?", (found.id,))
