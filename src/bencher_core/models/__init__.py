"""Wire and domain models (pydantic v2)."""

from __future__ import annotations

from bencher_core.models.measures import (
    BUILT_IN_MEASURES,
    MeasureInfo,
    lookup_measure,
    measure_info,
)
from bencher_core.models.metric import (
    MAX_SAMPLES,
    Metric,
    Results,
    SampleSummary,
    results_from_bmf,
    results_to_bmf,
)
from bencher_core.models.report import (
    Alert,
    AlertStatus,
    Boundary,
    Comparison,
    Report,
    ReportCounts,
    ReportMeasure,
    ReportResult,
    Resource,
    ResultMeasure,
    ResultMetric,
    StartPointRef,
    ThresholdRef,
    VersionRef,
)
from bencher_core.models.run import (
    Adapter,
    Average,
    Fold,
    MeasureSpec,
    NewRun,
    RunSettings,
    RunThresholds,
    StartPoint,
)
from bencher_core.models.threshold import DEFAULT_MODEL, BoundaryLimit, Model, Test

__all__ = [
    "BUILT_IN_MEASURES",
    "DEFAULT_MODEL",
    "MAX_SAMPLES",
    "Adapter",
    "Alert",
    "AlertStatus",
    "Average",
    "Boundary",
    "BoundaryLimit",
    "Comparison",
    "Fold",
    "MeasureInfo",
    "MeasureSpec",
    "Metric",
    "Model",
    "NewRun",
    "Report",
    "ReportCounts",
    "ReportMeasure",
    "ReportResult",
    "Resource",
    "ResultMeasure",
    "ResultMetric",
    "Results",
    "RunSettings",
    "RunThresholds",
    "SampleSummary",
    "StartPoint",
    "StartPointRef",
    "Test",
    "ThresholdRef",
    "VersionRef",
    "lookup_measure",
    "measure_info",
    "results_from_bmf",
    "results_to_bmf",
]
