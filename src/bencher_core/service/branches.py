"""Branches, heads, start points and versions, with Bencher's semantics.

A branch has a current *head*. A head started from another branch (its *start point*) links
up to ``max_versions`` of that branch's newest versions at or below the start version
(``head_version``) and counts their metrics as its own history: the ``head_segment`` rows say
which heads' metrics count, for which version-number range, so a history read stays a range
scan. A new head replaces the old one (its active alerts are silenced) when ``reset`` is asked,
when the start-point branch changes, or when a start-point hash is given that differs from the
current one; omitting the start point changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from bencher_core.models._names import check_branch_name
from bencher_core.models.run import StartPoint
from bencher_core.service.clock import now_us
from bencher_core.service.resources import Named, find_one, get_or_create_named
from bencher_core.store.db import Database

__all__ = ["HeadInfo", "Segment", "resolve_branch", "resolve_version"]

_INF = 2**62


@dataclass(frozen=True)
class Segment:
    """Metrics recorded on ``source_head_id`` with version number in [lo, hi] count as history."""

    source_head_id: int
    lo: int
    hi: int


@dataclass
class HeadInfo:
    branch: Named
    head_id: int
    head_uuid: str
    segments: list[Segment] = field(default_factory=list)
    start_branch: str | None = None
    start_version: tuple[int, str | None] | None = None
    created_branch: bool = False
    revision: str | None = None  # the head's revision when the run began (see history_cache)


def _segments(db: Database, head_id: int) -> list[Segment]:
    rows = db.fetchall(
        "SELECT source_head_id, min_number, max_number FROM head_segment WHERE head_id = ?",
        (head_id,),
    )
    return [Segment(head_id, -_INF, _INF)] + [Segment(int(a), int(b), int(c)) for a, b, c in rows]


def _start_info(
    db: Database, head_id: int
) -> tuple[str | None, int | None, tuple[int, str | None] | None]:
    r = db.fetchone(
        "SELECT b.name, b.id, v.number, v.hash FROM head h "
        "JOIN head_version hv ON hv.id = h.start_point_id "
        "JOIN head sh ON sh.id = hv.head_id JOIN branch b ON b.id = sh.branch_id "
        "JOIN version v ON v.id = hv.version_id WHERE h.id = ?",
        (head_id,),
    )
    if r is None:
        return None, None, None
    return str(r[0]), int(r[1]), (int(r[2]), r[3])


def _new_head(db: Database, branch_id: int, old_head_id: int | None) -> tuple[int, str]:
    now = now_us()
    head_uuid = str(uuid.uuid4())
    head_id = db.insert("head", {"uuid": head_uuid, "branch_id": branch_id, "created": now})
    db.execute(
        "UPDATE branch SET head_id = ?, modified = ? WHERE id = ?", (head_id, now, branch_id)
    )
    if old_head_id is not None:
        db.execute("UPDATE head SET replaced = ? WHERE id = ?", (now, old_head_id))
        db.execute(
            "UPDATE alert SET status = 'silenced', modified = ? WHERE status = 'active' AND "
            "boundary_id IN (SELECT b.id FROM boundary b JOIN metric m ON m.id = b.metric_id "
            "WHERE m.head_id = ?)",
            (now, old_head_id),
        )
    return head_id, head_uuid


def _clone_from(
    db: Database, head_id: int, project_id: int, branch_id: int, sp: StartPoint, start: Named
) -> tuple[int, str | None] | None:
    """Link the start point's versions into the new head; return the start version."""
    start_head = db.scalar("SELECT head_id FROM branch WHERE id = ?", (start.id,))
    if start_head is None:
        return None
    version = None
    if sp.hash:
        version = db.fetchone(
            "SELECT hv.id, v.number, v.hash FROM version v JOIN head_version hv "
            "ON hv.version_id = v.id AND hv.head_id = ? WHERE v.project_id = ? AND v.hash = ? "
            "ORDER BY v.number DESC LIMIT 1",
            (start_head, project_id, sp.hash),
        )
    if version is None:  # no hash, or an unknown one: the start branch's latest version
        version = db.fetchone(
            "SELECT hv.id, hv.number, v.hash FROM head_version hv JOIN version v ON v.id = "
            "hv.version_id WHERE hv.head_id = ? ORDER BY hv.number DESC LIMIT 1",
            (start_head,),
        )
    if version is None:
        return None
    hv_id, number, vhash = int(version[0]), int(version[1]), version[2]
    linked = db.fetchall(
        "SELECT version_id, number FROM head_version WHERE head_id = ? AND number <= ? "
        "ORDER BY number DESC LIMIT ?",
        (start_head, number, sp.max_versions),
    )
    db.executemany(
        "INSERT INTO head_version (head_id, version_id, number) VALUES (?, ?, ?)",
        [(head_id, int(v), int(n)) for v, n in linked],
    )
    cutoff = min(int(n) for _, n in linked)
    rows = [
        (head_id, s.source_head_id, max(s.lo, cutoff), min(s.hi, number))
        for s in _segments(db, int(start_head))
        if max(s.lo, cutoff) <= min(s.hi, number)
    ]
    db.executemany(
        "INSERT INTO head_segment (head_id, source_head_id, min_number, max_number) VALUES "
        "(?, ?, ?, ?)",
        rows,
    )
    db.execute("UPDATE head SET start_point_id = ? WHERE id = ?", (hv_id, head_id))
    if sp.clone_thresholds:
        _clone_thresholds(db, project_id, from_branch=start.id, to_branch=branch_id)
    return number, vhash


def _clone_thresholds(db: Database, project_id: int, *, from_branch: int, to_branch: int) -> None:
    """Deep-copy the start branch's thresholds (current models) onto the new branch."""
    from bencher_core.service.thresholds import _model_from_row, model_columns, set_threshold

    rows = db.fetchall(
        f"SELECT t.testbed_id, t.measure_id, t.is_default, {model_columns('m')} FROM threshold t "
        "JOIN model m ON m.id = t.model_id WHERE t.branch_id = ?",
        (from_branch,),
    )
    for testbed_id, measure_id, is_default, *model in rows:
        set_threshold(
            db,
            project_id=project_id,
            branch_id=to_branch,
            testbed_id=int(testbed_id),
            measure_id=int(measure_id),
            model=_model_from_row(model),
            is_default=bool(is_default),
        )


def resolve_branch(
    db: Database, project_id: int, name: str, start_point: StartPoint | None
) -> HeadInfo:
    """Find or create branch ``name`` and decide its head per the start-point rules."""
    check_branch_name(name)
    branch, created = get_or_create_named(db, "branch", project_id, name)
    head_id = db.scalar(
        "SELECT head_id FROM branch WHERE id = ?" + db.lock_for_update(), (branch.id,)
    )
    cur_branch, cur_branch_id, cur_version = (None, None, None)
    if head_id is not None:
        cur_branch, cur_branch_id, cur_version = _start_info(db, int(head_id))
    start: Named | None = None
    if start_point is not None and start_point.branch:
        start = find_one(db, "branch", project_id, start_point.branch)
        if start is not None and start.id == branch.id:
            start = None  # a branch cannot start from itself
    need_new = head_id is None
    if (
        start_point is not None
        and head_id is not None
        and (
            start_point.reset
            or (
                start is not None
                and (
                    cur_branch_id != start.id
                    or (
                        start_point.hash
                        and (cur_version is None or cur_version[1] != start_point.hash)
                    )
                )
            )
        )
    ):
        need_new = True
    if not need_new:
        row = db.fetchone("SELECT uuid, revision FROM head WHERE id = ?", (head_id,))
        assert row is not None  # the branch row is locked and points at it
        return HeadInfo(
            branch,
            int(head_id),
            str(row[0]),
            _segments(db, int(head_id)),
            cur_branch,
            cur_version,
            revision=None if row[1] is None else str(row[1]),
        )
    new_id, new_uuid = _new_head(db, branch.id, int(head_id) if head_id is not None else None)
    start_version = None
    if start is not None and start_point is not None:
        start_version = _clone_from(db, new_id, project_id, branch.id, start_point, start)
    return HeadInfo(
        branch,
        new_id,
        new_uuid,
        _segments(db, new_id),
        start.name if start_version is not None and start else None,
        start_version,
        created,
    )


def resolve_version(
    db: Database, project_id: int, head_id: int, git_hash: str | None
) -> tuple[int, int, str | None]:
    """The version for ``git_hash`` on this head (reused), or a new one numbered max+1."""
    if git_hash:
        r = db.fetchone(
            "SELECT v.id, v.number FROM version v JOIN head_version hv "
            "ON hv.version_id = v.id AND hv.head_id = ? WHERE v.project_id = ? AND v.hash = ? "
            "ORDER BY v.number DESC LIMIT 1",
            (head_id, project_id, git_hash),
        )
        if r is not None:
            return int(r[0]), int(r[1]), git_hash
    top = db.scalar("SELECT max(number) FROM head_version WHERE head_id = ?", (head_id,))
    number = 0 if top is None else int(top) + 1
    vid = db.insert(
        "version",
        {"uuid": str(uuid.uuid4()), "project_id": project_id, "number": number, "hash": git_hash},
    )
    db.execute(
        "INSERT INTO head_version (head_id, version_id, number) VALUES (?, ?, ?)",
        (head_id, vid, number),
    )
    return vid, number, git_hash


def new_head_revision(
    db: Database, *, head_id: int | None = None, project_id: int | None = None
) -> str:
    """Give one head (or every head of a project) a fresh revision: its metrics changed.

    Every write that adds or removes metrics calls this in its transaction, so history windows
    cached by servers (``service.history_cache``) are read again. Returns the new revision.
    """
    from bencher_core.store.uuids import new_uuid

    revision = new_uuid()
    if head_id is not None:
        db.execute("UPDATE head SET revision = ? WHERE id = ?", (revision, head_id))
    if project_id is not None:
        db.execute(
            "UPDATE head SET revision = ? WHERE branch_id IN "
            "(SELECT id FROM branch WHERE project_id = ?)",
            (revision, project_id),
        )
    return revision
