"""The JSON view: a Report in Bencher's ``JsonReport`` shape, a NewRun as ``JsonNewRun``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pydantic_core
from pydantic import BaseModel

from bencher_core.models.report import Report
from bencher_core.models.run import NewRun

__all__ = ["dumps", "new_run_json", "report_json"]


def dumps(value: BaseModel | Sequence[BaseModel] | Any, *, indent: int | None = 2) -> str:
    """JSON text (UTF-8, not ASCII-escaped) for a model, a list of models, or plain JSON data.

    Serialised by pydantic-core: ``json.dumps`` with ``indent`` falls back to CPython's
    pure-Python encoder, several times slower on a 1,000-metric report.
    """
    return pydantic_core.to_json(value, indent=indent).decode("utf-8")


def report_json(report: Report, *, indent: int | None = 2) -> str:
    """The Report as JSON: results → benchmarks → measures (metric, boundary); alerts; counts."""
    return dumps(report, indent=indent)


def new_run_json(new_run: NewRun, *, indent: int | None = 2) -> str:
    """The NewRun as Bencher's ``JsonNewRun`` without unset fields (what ``--dry-run`` prints)."""
    return new_run.model_dump_json(indent=indent, exclude_none=True)
