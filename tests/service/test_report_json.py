"""The server's JSON report (encoded from the run's rows) is the Report model's own JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from bencher_core.models import Model, NewRun, Report, RunThresholds, Test
from bencher_core.models.run import StartPoint
from bencher_core.service import report_json as report_json_module
from bencher_core.service.history_cache import HistoryCache
from bencher_core.service.ingest import Ingestor
from bencher_core.service.report_build import build_report
from bencher_core.store.db import Database

MODEL = Model(test=Test.T_TEST, upper_boundary=0.99, lower_boundary=0.99, max_sample_size=8)


def _doc(scale: float, *, names: tuple[str, ...] = ("a", "b")) -> str:
    doc: dict[str, Any] = {}
    for k, name in enumerate(names):
        doc[name] = {
            "latency": {
                "value": (100.0 + k) * scale,
                "lower_value": (99.0 + k) * scale,
                "upper_value": (101.0 + k) * scale,
            },
            "throughput": {"value": 7.25 / scale},
        }
    return json.dumps(doc)


def _both(db: Database, nr: NewRun, captured: list[Report]) -> tuple[Any, Any]:
    """The JSON ``ingest_json`` answers, and the Report model built from the same rows."""
    text = Ingestor(db, history=HistoryCache()).ingest_json(nr)
    assert captured, "build_report was not called alongside"
    return json.loads(text), json.loads(captured[-1].model_dump_json())


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Report]:
    """Every report ``report_json`` encodes, also validated through the model."""
    reports: list[Report] = []
    real = report_json_module.report_json

    def both(ctx: Any, iterations: Any) -> str:
        reports.append(build_report(ctx, iterations))
        return real(ctx, iterations)

    monkeypatch.setattr("bencher_core.service.ingest.report_json", both)
    return reports


def test_the_json_equals_the_models_json_across_kinds_of_runs(
    db: Database, captured: list[Report]
) -> None:
    th = RunThresholds(models={"latency": MODEL})  # throughput has none: no boundary
    runs = [
        NewRun(project="p", hash=f"{i:040x}", results=[_doc(1.0 + i / 1000)], thresholds=th)
        for i in range(6)
    ]
    runs.append(  # a regression: alerts, with their dates and references
        NewRun(project="p", hash="a" * 40, results=[_doc(2.0)], thresholds=th)
    )
    runs.append(  # two iterations, an ignored benchmark, names beyond ASCII and with quotes
        NewRun(
            project="p",
            hash="b" * 40,
            results=[
                _doc(1.0, names=('naïve "quoted"', "b", "c")),
                _doc(1.01, names=('naïve "quoted"', "b", "c")),
            ],
            thresholds=th,
            ignore=["c"],
        )
    )
    runs.append(  # a branch from a start point: the report names it
        NewRun(
            project="p",
            branch="feature",
            hash="c" * 40,
            start_point=StartPoint(branch="main", hash="b" * 40),
            results=[_doc(1.0)],
            thresholds=th,
        )
    )
    for nr in runs:
        fast, model = _both(db, nr, captured)
        assert fast == model
    assert any(r.alerts for r in captured)
    assert any(r.start_point is not None for r in captured)
    assert len(captured[-2].results) == 2


def test_a_known_idempotency_key_answers_the_stored_report_as_json(
    db: Database, captured: list[Report]
) -> None:
    nr = NewRun(
        project="p", results=[_doc(1.0)], idempotency_key="0" * 8 + "-0000-4000-8000-" + "0" * 12
    )
    first = json.loads(Ingestor(db).ingest_json(nr))
    again = json.loads(Ingestor(db).ingest_json(nr))
    assert again["uuid"] == first["uuid"]
    assert len(captured) == 1  # the replay was read back, not built again


def test_a_non_finite_value_falls_back_to_the_models_encoding(
    monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    import bencher_core.service.report_json as module

    real = module.report_data

    def with_infinity(ctx: Any, iterations: Any) -> dict[str, Any]:
        data = real(ctx, iterations)
        boundary = data["results"][0][0]["measures"][0]["boundary"]
        boundary["upper_limit"] = math.inf
        return data

    monkeypatch.setattr(module, "report_data", with_infinity)
    th = RunThresholds(models={"latency": MODEL})
    text = Ingestor(db).ingest_json(NewRun(project="p", results=[_doc(1.0)], thresholds=th))
    parsed = json.loads(text)  # valid JSON (no bare Infinity), as pydantic writes it
    upper = parsed["results"][0][0]["measures"][0]["boundary"]["upper_limit"]
    assert upper in (None, "Infinity")
