"""Thresholds on (branch, testbed, measure): run-time upserts, the calibrated default, lookup.

Models are versioned: changing a threshold writes a new ``model`` row and marks the old one
``replaced``; removing it sets ``threshold.model_id`` NULL (no detection). Where a measure has
no threshold, the calibrated default (``DEFAULT_MODEL``, direction from the measure) is stored
as a threshold flagged ``is_default`` so its limits show in reports like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from bencher_core.models.run import RunThresholds
from bencher_core.models.threshold import DEFAULT_MODEL, Model
from bencher_core.service.clock import now_us
from bencher_core.service.resources import Named
from bencher_core.store.db import Database

__all__ = ["ActiveThreshold", "default_model_for", "load_thresholds", "upsert_thresholds"]

_MODEL_COLS = (
    "test",
    "min_sample_size",
    "max_sample_size",
    "window",
    "lower_boundary",
    "upper_boundary",
    "min_effect",
)


def model_columns(alias: str = "") -> str:
    """The model columns for a SELECT (quoted: ``window`` is reserved in PostgreSQL)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{c}"' for c in _MODEL_COLS)


@dataclass(frozen=True)
class ActiveThreshold:
    id: int
    uuid: str
    model_id: int
    model: Model
    is_default: bool


def default_model_for(measure: Named) -> Model:
    """The calibrated default, guarding the side that is worse for this measure."""
    if measure.higher_is_better:
        return DEFAULT_MODEL.model_copy(
            update={"lower_boundary": DEFAULT_MODEL.upper_boundary, "upper_boundary": None}
        )
    return DEFAULT_MODEL


def _model_from_row(row: Iterable[object]) -> Model:
    return Model.model_validate(
        {k: v for k, v in zip(_MODEL_COLS, row, strict=True) if v is not None}
    )


def _insert_model(db: Database, threshold_id: int, model: Model, now: int) -> int:
    values: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "threshold_id": threshold_id,
        "created": now,
    }
    values.update({c: getattr(model, c) for c in _MODEL_COLS})
    values["test"] = model.test.value
    return db.insert("model", values)


def set_threshold(
    db: Database,
    *,
    project_id: int,
    branch_id: int,
    testbed_id: int,
    measure_id: int,
    model: Model | None,
    is_default: bool = False,
) -> int:
    """Create or update one threshold; ``model=None`` removes its current model."""
    now = now_us()
    row = db.fetchone(
        "SELECT t.id, t.model_id, t.is_default FROM threshold t WHERE t.branch_id = ? AND "
        "t.testbed_id = ? "
        "AND t.measure_id = ?",
        (branch_id, testbed_id, measure_id),
    )
    if row is None:
        tid = db.insert(
            "threshold",
            {
                "uuid": str(uuid.uuid4()),
                "project_id": project_id,
                "branch_id": branch_id,
                "testbed_id": testbed_id,
                "measure_id": measure_id,
                "is_default": is_default,
                "created": now,
                "modified": now,
            },
        )
        current_id, current = None, None
    else:
        tid, current_id = int(row[0]), row[1]
        current = None
        if current_id is not None:
            mrow = db.fetchone(f"SELECT {model_columns()} FROM model WHERE id = ?", (current_id,))
            current = _model_from_row(mrow) if mrow else None
    if model == current and (row is None or bool(row[2]) == is_default):
        return tid
    if current_id is not None:
        db.execute("UPDATE model SET replaced = ? WHERE id = ?", (now, current_id))
    new_model_id = _insert_model(db, tid, model, now) if model is not None else None
    db.execute(
        "UPDATE threshold SET model_id = ?, is_default = ?, modified = ? WHERE id = ?",
        (new_model_id, is_default, now, tid),
    )
    return tid


def upsert_thresholds(
    db: Database,
    *,
    project_id: int,
    branch_id: int,
    testbed_id: int,
    thresholds: RunThresholds,
    measures: dict[str, Named],
) -> None:
    """Apply a run's ``thresholds``: create/update the listed ones; ``reset`` removes the rest."""
    listed: set[int] = set()
    for key, model in thresholds.models.items():
        measure = measures[key]
        listed.add(measure.id)
        set_threshold(
            db,
            project_id=project_id,
            branch_id=branch_id,
            testbed_id=testbed_id,
            measure_id=measure.id,
            model=model,
        )
    if thresholds.reset:
        now = now_us()
        for tid, model_id, measure_id in db.fetchall(
            "SELECT id, model_id, measure_id FROM threshold WHERE branch_id = ? AND testbed_id = ? "
            "AND model_id IS NOT NULL",
            (branch_id, testbed_id),
        ):
            if int(measure_id) not in listed:
                db.execute("UPDATE model SET replaced = ? WHERE id = ?", (now, model_id))
                db.execute(
                    "UPDATE threshold SET model_id = NULL, modified = ? WHERE id = ?", (now, tid)
                )


def load_thresholds(
    db: Database,
    *,
    project_id: int,
    branch_id: int,
    testbed_id: int,
    measures: Iterable[Named],
    default_gate: bool,
) -> dict[int, ActiveThreshold]:
    """measure id -> the threshold that judges it (creating default ones where allowed)."""
    measures = list(measures)
    rows = db.fetchall(
        f"SELECT t.measure_id, t.id, t.uuid, t.model_id, t.is_default, {model_columns('m')} "
        "FROM threshold t LEFT JOIN model m ON m.id = t.model_id WHERE t.branch_id = ? AND "
        "t.testbed_id = ?",
        (branch_id, testbed_id),
    )
    found: dict[int, ActiveThreshold | None] = {}
    for measure_id, tid, tuuid, model_id, is_default, *model in rows:
        if model_id is None or (is_default and not default_gate):
            found[int(measure_id)] = None
            continue
        found[int(measure_id)] = ActiveThreshold(
            int(tid), str(tuuid), int(model_id), _model_from_row(model), bool(is_default)
        )
    missing = [m for m in measures if m.id not in found]
    if default_gate and missing:
        for measure in missing:
            set_threshold(
                db,
                project_id=project_id,
                branch_id=branch_id,
                testbed_id=testbed_id,
                measure_id=measure.id,
                model=default_model_for(measure),
                is_default=True,
            )
        return load_thresholds(
            db,
            project_id=project_id,
            branch_id=branch_id,
            testbed_id=testbed_id,
            measures=measures,
            default_gate=default_gate,
        )
    return {k: v for k, v in found.items() if v is not None}
