"""Thresholds, metrics, the perf query and accepting a change."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from bencher_core.models.report import Boundary, ReportMeasure, Resource, ResultMetric, VersionRef
from bencher_core.models.threshold import Model
from bencher_core.server.schemas._common import INPUT, OUTPUT

__all__ = [
    "JsonAccept",
    "JsonAccepted",
    "JsonNewThreshold",
    "JsonOneMetric",
    "JsonPerf",
    "JsonPerfAlert",
    "JsonPerfMetric",
    "JsonPerfSeries",
    "JsonThreshold",
    "JsonThresholdModel",
    "JsonUpdateAlert",
    "JsonUpdateThreshold",
]

Ident = str


class JsonUpdateThreshold(Model):
    """A threshold's new model (Bencher's flattened model fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class JsonNewThreshold(JsonUpdateThreshold):
    """A threshold for (branch, testbed, measure), each a UUID, slug or name, and its model."""

    branch: Ident = Field(min_length=1, max_length=256)
    testbed: Ident = Field(min_length=1, max_length=64)
    measure: Ident = Field(min_length=1, max_length=64)

    def model(self) -> Model:
        return Model.model_validate(self.model_dump(exclude={"branch", "testbed", "measure"}))


class JsonThresholdModel(Model):
    uuid: UUID


class JsonThreshold(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    project: UUID
    branch: Resource
    testbed: Resource
    measure: ReportMeasure
    model: JsonThresholdModel | None = Field(
        default=None, description="null: removed, no detection"
    )
    default: bool = Field(description="the calibrated default gate, not user-configured")
    created: dt.datetime
    modified: dt.datetime


class JsonUpdateAlert(BaseModel):
    model_config = INPUT
    status: Literal["active", "dismissed"]


class JsonPerfAlert(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    limit: Literal["lower", "upper"]
    status: str


class JsonPerfMetric(BaseModel):
    model_config = OUTPUT
    report: UUID
    iteration: int
    start_time: dt.datetime
    end_time: dt.datetime
    version: VersionRef
    metric: ResultMetric
    threshold: UUID | None = None
    boundary: Boundary | None = None
    alert: JsonPerfAlert | None = None


class JsonPerfSeries(BaseModel):
    model_config = OUTPUT
    branch: Resource
    testbed: Resource
    benchmark: Resource
    measure: ReportMeasure
    metrics: list[JsonPerfMetric]


class JsonPerf(BaseModel):
    model_config = OUTPUT
    project: Resource
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    results: list[JsonPerfSeries]


class JsonOneMetric(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    report: UUID
    iteration: int
    start_time: dt.datetime
    end_time: dt.datetime
    version: VersionRef
    branch: Resource
    testbed: Resource
    benchmark: Resource
    measure: ReportMeasure
    metric: ResultMetric
    threshold: JsonThresholdModel | None = None
    boundary: Boundary | None = None
    alert: JsonPerfAlert | None = None


class JsonAccept(BaseModel):
    """Accept an intended change: these benchmarks' current level becomes their baseline."""

    model_config = INPUT
    branch: Ident = Field(min_length=1, max_length=256)
    testbed: Ident = Field(min_length=1, max_length=64)
    benchmarks: list[str] = Field(min_length=1, max_length=1024, description="names or globs")
    measure: Ident | None = Field(default=None, min_length=1, max_length=64)


class JsonAccepted(BaseModel):
    model_config = OUTPUT
    benchmark: str
    measure: str
    from_version: int
