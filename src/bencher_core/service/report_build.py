"""Assemble a Report from the rows a run just wrote (no read-back)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bencher_core.models.metric import Metric
from bencher_core.models.report import (
    Alert,
    AlertStatus,
    Boundary,
    Comparison,
    Report,
    ReportAlertCounts,
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
from bencher_core.models.threshold import BoundaryLimit
from bencher_core.service.branches import HeadInfo
from bencher_core.service.clock import from_us
from bencher_core.service.projects import ProjectRow
from bencher_core.service.resources import Named
from bencher_core.service.thresholds import ActiveThreshold

__all__ = ["IterationRows", "MetricRow", "RunContext", "build_report", "comparison_text", "resource"]


@dataclass(frozen=True)
class RunContext:
    report_id: int
    report_uuid: str
    project: ProjectRow
    head: HeadInfo
    testbed: Named
    version_number: int
    version_hash: str | None
    start_us: int
    end_us: int
    created_us: int
    adapter: str


@dataclass
class MetricRow:
    benchmark: Named
    measure: Named
    metric: Metric
    ignored: bool
    threshold: ActiveThreshold | None = None
    baseline: float | None = None
    lower_limit: float | None = None
    upper_limit: float | None = None
    sample_size: int = 0
    alert: str | None = None
    metric_id: int = 0
    metric_uuid: str = ""
    boundary_id: int = 0
    boundary_uuid: str = ""
    alert_uuid: str = ""


@dataclass
class IterationRows:
    iteration: int
    rows: list[MetricRow]
    rb_uuids: dict[int, str]


def resource(n: Named) -> Resource:
    return Resource.model_construct(uuid=uuid.UUID(n.uuid), name=n.name, slug=n.slug)


def measure_ref(n: Named) -> ReportMeasure:
    return ReportMeasure.model_construct(
        uuid=uuid.UUID(n.uuid), name=n.name, slug=n.slug, units=n.units, higher_is_better=n.higher_is_better
    )


def comparison_text(
    *, branch: str, testbed: str, start_branch: str | None, start_version: tuple[int, str | None] | None,
    max_sample: int,
) -> Comparison:
    """Say what the run was compared against (or that there was nothing yet)."""
    if max_sample == 0:
        return Comparison(
            baseline=f"nothing to compare yet: no history for branch {branch!r} on testbed {testbed!r}",
            empty=True,
        )
    where = f"branch {branch!r} on testbed {testbed!r}"
    if start_branch is not None and start_version is not None:
        h = f" @ {start_version[1][:12]}" if start_version[1] else f" v{start_version[0]}"
        where += f", started from {start_branch!r}{h}"
    return Comparison(baseline=f"{where}: up to {max_sample} earlier points per series", empty=False)


def build_report(ctx: RunContext, iterations: list[IterationRows]) -> Report:
    created = from_us(ctx.created_us)
    results: list[list[ReportResult]] = []
    alerts: list[Alert] = []
    max_sample = 0
    bench_set: set[int] = set()
    measure_set: set[int] = set()
    n_metrics = 0
    for it in iterations:
        by_bench: dict[int, ReportResult] = {}
        for r in it.rows:
            bench_set.add(r.benchmark.id)
            measure_set.add(r.measure.id)
            n_metrics += 1
            max_sample = max(max_sample, r.sample_size)
            threshold = boundary = None
            if r.threshold is not None:
                threshold = ThresholdRef.model_construct(
                    uuid=uuid.UUID(r.threshold.uuid), model=r.threshold.model, default=r.threshold.is_default
                )
                boundary = Boundary.model_construct(
                    baseline=r.baseline, lower_limit=r.lower_limit, upper_limit=r.upper_limit,
                    sample_size=r.sample_size,
                )
            metric = ResultMetric.model_construct(
                uuid=uuid.UUID(r.metric_uuid), value=r.metric.value, lower_value=r.metric.lower_value,
                upper_value=r.metric.upper_value,
            )
            limit = BoundaryLimit(r.alert) if r.alert else None
            rm = ResultMeasure.model_construct(
                measure=measure_ref(r.measure), metric=metric, threshold=threshold, boundary=boundary,
                ignored=r.ignored, alert=limit,
            )
            rr = by_bench.get(r.benchmark.id)
            if rr is None:
                rr = by_bench[r.benchmark.id] = ReportResult.model_construct(
                    iteration=it.iteration, benchmark=resource(r.benchmark), measures=[]
                )
            rr.measures.append(rm)
            if limit is not None and threshold is not None and boundary is not None:
                alerts.append(Alert.model_construct(
                    uuid=uuid.UUID(r.alert_uuid), report=uuid.UUID(ctx.report_uuid), iteration=it.iteration,
                    benchmark=resource(r.benchmark), measure=measure_ref(r.measure), metric=metric,
                    threshold=threshold, boundary=boundary, limit=limit, status=AlertStatus.ACTIVE,
                    created=created, modified=created,
                ))
        results.append(list(by_bench.values()))
    head = ctx.head
    start = None
    if head.start_branch is not None and head.start_version is not None:
        start = StartPointRef(
            branch=head.start_branch,
            version=VersionRef(number=head.start_version[0], hash=head.start_version[1]),
        )
    return Report.model_construct(
        uuid=uuid.UUID(ctx.report_uuid),
        project=resource(ctx.project),
        branch=resource(head.branch),
        version=VersionRef(number=ctx.version_number, hash=ctx.version_hash),
        start_point=start,
        testbed=resource(ctx.testbed),
        start_time=from_us(ctx.start_us),
        end_time=from_us(ctx.end_us),
        adapter=ctx.adapter,
        results=results,
        alerts=alerts,
        counts=ReportCounts(
            benchmarks=len(bench_set), measures=len(measure_set), metrics=n_metrics,
            alerts=ReportAlertCounts(total=len(alerts), active=len(alerts)),
        ),
        comparison=comparison_text(
            branch=head.branch.name, testbed=ctx.testbed.name, start_branch=head.start_branch,
            start_version=head.start_version, max_sample=max_sample,
        ),
        created=created,
    )
