"""The JSON view: a Report in Bencher's ``JsonReport`` shape, a NewRun as ``JsonNewRun``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from bencher_core.models.report import Report
from bencher_core.models.run import NewRun

__all__ = ["dumps", "new_run_json", "report_json"]


def dumps(value: BaseModel | Sequence[BaseModel] | Any, *, indent: int | None = 2) -> str:
    """JSON text for a model, a list of models, or plain JSON data."""
    if isinstance(value, BaseModel):
        data: Any = value.model_dump(mode="json")
    elif isinstance(value, (list, tuple)):
        data = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    else:
        data = value
    return json.dumps(data, indent=indent, ensure_ascii=False)


def report_json(report: Report, *, indent: int | None = 2) -> str:
    """The Report as JSON: results → benchmarks → measures (metric, boundary); alerts; counts."""
    return dumps(report, indent=indent)


def new_run_json(new_run: NewRun, *, indent: int | None = 2) -> str:
    """The NewRun as Bencher's ``JsonNewRun`` without unset fields (what ``--dry-run`` prints)."""
    return json.dumps(
        new_run.model_dump(mode="json", exclude_none=True), indent=indent, ensure_ascii=False
    )
