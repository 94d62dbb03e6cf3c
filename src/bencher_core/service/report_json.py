"""A run's Report as JSON text straight from its rows, for the server's answer to a run.

``Report.model_validate(data).model_dump_json()`` validates and serialises every one of a run's
metrics, and repeats the same measure, benchmark and threshold objects hundreds of times (a run
of 100 benchmarks × 2 measures answers ~140 KB, mostly those repeats). The data
``report_build.report_data`` assembles is already valid (it comes from the rows the run just
wrote), so the server writes it out itself:

* each shared sub-model (benchmark, measure, threshold) is serialised once, by pydantic, and
  its text pasted wherever it recurs;
* each result measure is one template filled with its metric's UUID and numbers (``repr`` of a
  float is the shortest text that reads back as the same float);
* the rest (a few top-level fields, the alerts) goes through the standard library's encoder.

The result is the same JSON document as ``build_report(...).model_dump_json()`` — a test holds
the two equal over many kinds of runs, so a field added to the model and not here fails it. A
value JSON cannot hold (a non-finite float) makes it fall back to the pydantic path.
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


class _NotJson(ValueError):
    """A value the fast path cannot write (the pydantic path decides how)."""


def report_json(ctx: RunContext, iterations: list[IterationRows]) -> str:
    """The run's Report as compact JSON text (equal to the validated model's dump)."""
    data = report_data(ctx, iterations)
    try:
        return _Writer().report(data)
    except _NotJson:
        return Report.model_validate(data).model_dump_json()


def _num(x: float | None) -> str:
    if x is None:
        return "null"
    if x - x != 0:  # inf or nan (x - x is nan for both)
        raise _NotJson(x)
    return repr(x)


class _Writer:
    def __init__(self) -> None:
        self._models: dict[int, str] = {}  # id(sub-model) → its JSON text
        self._heads: dict[int, str] = {}  # id(measure) → a result measure's text up to the UUID

    def model(self, m: BaseModel | None) -> str:
        if m is None:
            return "null"
        text = self._models.get(id(m))
        if text is None:
            text = self._models[id(m)] = m.model_dump_json()
        return text

    def encode(self, value: object) -> Any:
        """``json.dumps``'s hook: the JSON-ready form of what it cannot write itself."""
        if isinstance(value, BaseModel):
            return json.loads(self.model(value))
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, dt.datetime):
            return _DATETIME.dump_python(value, mode="json")
        raise TypeError(f"cannot encode {type(value).__name__}")  # pragma: no cover

    def plain(self, value: object) -> str:
        try:
            return json.dumps(
                value,
                default=self.encode,
                separators=(",", ":"),
                allow_nan=False,
                ensure_ascii=False,
            )
        except ValueError as e:
            raise _NotJson(str(e)) from e

    def report(self, data: dict[str, Any]) -> str:
        parts = []
        for key, value in data.items():
            text = self.results(value) if key == "results" else self.plain(value)
            parts.append(f'"{key}":{text}')
        return "{" + ",".join(parts) + "}"

    def results(self, iterations: list[list[dict[str, Any]]]) -> str:
        return (
            "["
            + ",".join(
                "[" + ",".join(self.result(r) for r in benches) + "]" for benches in iterations
            )
            + "]"
        )

    def result(self, r: dict[str, Any]) -> str:
        measures = ",".join(self.measure(m) for m in r["measures"])
        return (
            f'{{"iteration":{r["iteration"]:d},"benchmark":{self.model(r["benchmark"])},'
            f'"measures":[{measures}]}}'
        )

    def measure(self, m: dict[str, Any]) -> str:
        metric = m["metric"]
        b = m["boundary"]
        # The text before the metric's UUID depends only on the measure: built once per report.
        head = self._heads.get(id(m["measure"]))
        if head is None:
            head = self._heads[id(m["measure"])] = (
                f'{{"measure":{self.model(m["measure"])},"metric":{{"uuid":"'
            )
        boundary = (
            "null"
            if b is None
            else f'{{"baseline":{_num(b["baseline"])},"lower_limit":{_num(b["lower_limit"])},'
            f'"upper_limit":{_num(b["upper_limit"])},"sample_size":{b["sample_size"]:d}}}'
        )
        alert = m["alert"]
        return (
            f'{head}{metric["uuid"]}",'
            f'"value":{_num(metric["value"])},"lower_value":{_num(metric["lower_value"])},'
            f'"upper_value":{_num(metric["upper_value"])}}},'
            f'"threshold":{self.model(m["threshold"])},"boundary":{boundary},'
            f'"ignored":{"true" if m["ignored"] else "false"},'
            f'"alert":{"null" if alert is None else json.dumps(alert)}}}'
        )
