"""Report: what a run produced (Bencher's ``JsonReport``), with boundaries and alerts."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from bencher_core.models.threshold import BoundaryLimit, Model

__all__ = [
    "Alert",
    "AlertStatus",
    "Boundary",
    "Comparison",
    "Report",
    "ReportAlertCounts",
    "ReportCounts",
    "ReportMeasure",
    "ReportResult",
    "Resource",
    "ResultMeasure",
    "ResultMetric",
    "StartPointRef",
    "ThresholdRef",
    "VersionRef",
]

_M = ConfigDict(extra="forbid")


class AlertStatus(str, Enum):
    ACTIVE = "active"
    DISMISSED = "dismissed"
    SILENCED = "silenced"


class Resource(BaseModel):
    """A named project resource: project, branch, testbed or benchmark."""

    model_config = ConfigDict(extra="forbid", frozen=True)  # immutable: reports share them
    uuid: UUID
    name: str
    slug: str


class ReportMeasure(Resource):
    units: str
    higher_is_better: bool = False


class VersionRef(BaseModel):
    model_config = _M
    number: int
    hash: str | None = None


class StartPointRef(BaseModel):
    model_config = _M
    branch: str
    version: VersionRef | None = None


class ThresholdRef(BaseModel):
    model_config = _M
    uuid: UUID
    model: Model
    default: bool = Field(default=False, description="the calibrated default, not user-configured")


class Boundary(BaseModel):
    """Baseline and limits for one metric (None where the history was too short)."""

    model_config = _M
    baseline: float | None = None
    lower_limit: float | None = None
    upper_limit: float | None = None
    sample_size: int = Field(default=0, description="history points the limits came from")


class ResultMetric(BaseModel):
    model_config = _M
    uuid: UUID
    value: float
    lower_value: float | None = None
    upper_value: float | None = None


class ResultMeasure(BaseModel):
    model_config = _M
    measure: ReportMeasure
    metric: ResultMetric
    threshold: ThresholdRef | None = None
    boundary: Boundary | None = None
    ignored: bool = False
    alert: BoundaryLimit | None = None


class ReportResult(BaseModel):
    model_config = _M
    iteration: int
    benchmark: Resource
    measures: list[ResultMeasure]


class Alert(BaseModel):
    model_config = _M
    uuid: UUID
    report: UUID
    iteration: int
    benchmark: Resource
    measure: ReportMeasure
    metric: ResultMetric
    threshold: ThresholdRef
    boundary: Boundary
    limit: BoundaryLimit
    status: AlertStatus = AlertStatus.ACTIVE
    created: dt.datetime
    modified: dt.datetime


class ReportAlertCounts(BaseModel):
    model_config = _M
    total: int = 0
    active: int = 0


class ReportCounts(BaseModel):
    model_config = _M
    benchmarks: int = 0
    measures: int = 0
    metrics: int = 0
    alerts: ReportAlertCounts = Field(default_factory=ReportAlertCounts)


class Comparison(BaseModel):
    """What the run was compared against, in words a person reads in a verdict."""

    model_config = _M
    baseline: str = Field(description="e.g. 'main @ 1a2b3c4 (start point), 40 versions'")
    empty: bool = Field(description="True when there was nothing to compare against yet")


class Report(BaseModel):
    """One run's results with their boundaries and alerts (Bencher's ``JsonReport``)."""

    model_config = _M
    uuid: UUID
    project: Resource
    branch: Resource
    version: VersionRef
    start_point: StartPointRef | None = None
    testbed: Resource
    start_time: dt.datetime
    end_time: dt.datetime
    adapter: str
    results: list[list[ReportResult]]
    alerts: list[Alert]
    counts: ReportCounts
    comparison: Comparison
    created: dt.datetime

    @property
    def has_alerts(self) -> bool:
        return bool(self.alerts)
