"""Helpers for tests of code that uses bencher_core (and for bencher_core's own tests)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bencher_core.models import Report
    from bencher_core.store.db import Database

__all__ = ["bmf", "submit"]


def bmf(values: dict[str, float], measure: str = "latency") -> str:
    """A BMF document with one measure per benchmark: ``{name: {measure: {"value": v}}}``."""
    return json.dumps({name: {measure: {"value": v}} for name, v in values.items()})


def submit(db: Database, values: dict[str, float], **fields: Any) -> Report:
    """Ingest ``values`` as one run (project ``proj``, branch ``main``, testbed ``tb`` by "
    "default)."""
    from bencher_core.models import NewRun
    from bencher_core.service.ingest import run

    fields.setdefault("project", "proj")
    fields.setdefault("branch", "main")
    fields.setdefault("testbed", "tb")
    measure = fields.pop("measure", "latency")
    return run(db, NewRun(results=[bmf(values, measure)], **fields))
