"""A run's Report as JSON text straight from its rows, for the server's answer to a run.

``Report.model_validate(data).model_dump_json()`` validates and serialises every one of a run's
metrics, and repeats the same measure, benchmark and threshold objects hundreds of times. The
data ``report_build.report_data`` assembles is already valid (it comes from the rows the run
just wrote), so the server encodes it with the standard library's C encoder instead: the shared
sub-models are turned into JSON-ready dicts once each (by pydantic, so their form is pydantic's),
everything else is plain dicts, lists, strings and numbers. The result is the same JSON document
as ``build_report(...).model_dump_json()`` (a test holds the two equal); a value the fast path
cannot write as JSON (a non-finite float) falls back to the pydantic path.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from pydantic import BaseModel, TypeAdapter

from bencher_core.models.report import Report
from bencher_core.service.report_build import IterationRows, RunContext, report_data

__all__ = ["report_json"]

_DATETIME: TypeAdapter[dt.datetime] = TypeAdapter(dt.datetime)


def report_json(ctx: RunContext, iterations: list[IterationRows]) -> str:
    """The run's Report as compact JSON text (equal to the validated model's dump)."""
    data = report_data(ctx, iterations)
    done: dict[int, Any] = {}  # id(sub-model) → its JSON-ready form; each shared one once

    def encode(value: object) -> Any:
        if isinstance(value, BaseModel):
            key = id(value)
            found = done.get(key)
            if found is None:
                found = done[key] = value.model_dump(mode="json")
            return found
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, dt.datetime):
            return _DATETIME.dump_python(value, mode="json")
        raise TypeError(f"cannot encode {type(value).__name__}")  # pragma: no cover

    try:
        return json.dumps(
            data, default=encode, separators=(",", ":"), allow_nan=False, ensure_ascii=False
        )
    except ValueError:  # a non-finite float: let pydantic write it as it does
        return Report.model_validate(data).model_dump_json()
