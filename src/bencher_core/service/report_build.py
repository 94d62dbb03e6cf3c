"""Assemble a Report from the rows a run just wrote (no read-back)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from bencher_core.models.metric import Metric
from bencher_core.models.report import (
    Comparison,
    Report,
    ReportMeasure,
    Resource,
    ThresholdRef,
)
from bencher_core.models.threshold import Model
from bencher_core.service.branches import HeadInfo
from bencher_core.service.clock import from_us
from bencher_core.service.history_cache import WindowKey
from bencher_core.service.projects import ProjectRow
from bencher_core.service.resources import Named
from bencher_core.service.thresholds import ActiveThreshold

__all__ = [
    "IterationRows",
    "MetricRow",
    "RunContext",
    "build_report",
    "comparison_text",
    "report_data",
    "resource",
]


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
    metric_uuid: str | None = None
    boundary_id: int = 0
    boundary_uuid: str | None = None
    alert_uuid: str | None = None
    window: WindowKey | None = None  # the cached history window this row was judged against


@dataclass
class IterationRows:
    iteration: int
    rows: list[MetricRow]
    rb_uuids: dict[int, str]


def _as_uuid(value: str | uuid.UUID) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


#: Report resources by row: a server's runs name the same benchmarks again and again, and a
#: report never changes the objects it holds, so they are built once (bounded: cleared when full).
_RESOURCES: dict[Named, Resource] = {}
_MEASURES: dict[Named, ReportMeasure] = {}
_MAX_CACHED = 50_000


def resource(n: Named) -> Resource:
    r = _RESOURCES.get(n)
    if r is None:
        if len(_RESOURCES) >= _MAX_CACHED:
            _RESOURCES.clear()
        r = _RESOURCES[n] = Resource(uuid=_as_uuid(n.uuid), name=n.name, slug=n.slug)
    return r


def measure_ref(n: Named) -> ReportMeasure:
    m = _MEASURES.get(n)
    if m is None:
        if len(_MEASURES) >= _MAX_CACHED:
            _MEASURES.clear()
        m = _MEASURES[n] = ReportMeasure(
            uuid=_as_uuid(n.uuid),
            name=n.name,
            slug=n.slug,
            units=n.units,
            higher_is_better=n.higher_is_better,
        )
    return m


def comparison_text(
    *,
    branch: str,
    testbed: str,
    start_branch: str | None,
    start_version: tuple[int, str | None] | None,
    max_sample: int,
) -> Comparison:
    """Say what the run was compared against (or that there was nothing yet)."""
    if max_sample == 0:
        return Comparison(
            baseline=(
                f"nothing to compare yet: no history for branch {branch!r} on testbed {testbed!r}"
            ),
            empty=True,
        )
    where = f"branch {branch!r} on testbed {testbed!r}"
    if start_branch is not None and start_version is not None:
        h = f" @ {start_version[1][:12]}" if start_version[1] else f" v{start_version[0]}"
        where += f", started from {start_branch!r}{h}"
    points = "point" if max_sample == 1 else "points"
    return Comparison(
        baseline=f"{where}: up to {max_sample} earlier {points} per series", empty=False
    )


def build_report(ctx: RunContext, iterations: list[IterationRows]) -> Report:
    """The Report of a run from its rows: one validation pass, shared resource objects."""
    return Report.model_validate(report_data(ctx, iterations))


def report_data(ctx: RunContext, iterations: list[IterationRows]) -> dict[str, Any]:
    """The Report of a run as the data ``Report.model_validate`` takes (shared sub-models)."""
    created = from_us(ctx.created_us)
    report_uuid = _as_uuid(ctx.report_uuid)
    benches: dict[int, Resource] = {}
    measures: dict[int, ReportMeasure] = {}
    thresholds: dict[tuple[int, Model], ThresholdRef] = {}  # per-benchmark overrides differ
    results: list[list[dict[str, Any]]] = []
    alerts: list[dict[str, Any]] = []
    max_sample = 0
    n_metrics = 0
    for it in iterations:
        by_bench: dict[int, dict[str, Any]] = {}
        for r in it.rows:
            n_metrics += 1
            if r.sample_size > max_sample:
                max_sample = r.sample_size
            bench = benches.get(r.benchmark.id)
            if bench is None:
                bench = benches[r.benchmark.id] = resource(r.benchmark)
            measure = measures.get(r.measure.id)
            if measure is None:
                measure = measures[r.measure.id] = measure_ref(r.measure)
            threshold = boundary = None
            if r.threshold is not None:
                key = (r.threshold.id, r.threshold.model)
                threshold = thresholds.get(key)
                if threshold is None:
                    threshold = thresholds[key] = ThresholdRef(
                        uuid=_as_uuid(r.threshold.uuid),
                        model=r.threshold.model,
                        default=r.threshold.is_default,
                    )
                boundary = {
                    "baseline": r.baseline,
                    "lower_limit": r.lower_limit,
                    "upper_limit": r.upper_limit,
                    "sample_size": r.sample_size,
                }
            metric = {
                "uuid": r.metric_uuid,
                "value": r.metric.value,
                "lower_value": r.metric.lower_value,
                "upper_value": r.metric.upper_value,
            }
            rr = by_bench.get(r.benchmark.id)
            if rr is None:
                rr = by_bench[r.benchmark.id] = {
                    "iteration": it.iteration,
                    "benchmark": bench,
                    "measures": [],
                }
            rr["measures"].append(
                {
                    "measure": measure,
                    "metric": metric,
                    "threshold": threshold,
                    "boundary": boundary,
                    "ignored": r.ignored,
                    "alert": r.alert,
                }
            )
            if r.alert is not None and threshold is not None:
                alerts.append(
                    {
                        "uuid": r.alert_uuid,
                        "report": report_uuid,
                        "iteration": it.iteration,
                        "benchmark": bench,
                        "measure": measure,
                        "metric": metric,
                        "threshold": threshold,
                        "boundary": boundary,
                        "limit": r.alert,
                        "status": "active",
                        "created": created,
                        "modified": created,
                    }
                )
        results.append(list(by_bench.values()))
    head = ctx.head
    start = None
    if head.start_branch is not None and head.start_version is not None:
        start = {
            "branch": head.start_branch,
            "version": {"number": head.start_version[0], "hash": head.start_version[1]},
        }
    return {
        "uuid": report_uuid,
        "project": resource(ctx.project),
        "branch": resource(head.branch),
        "version": {"number": ctx.version_number, "hash": ctx.version_hash},
        "start_point": start,
        "testbed": resource(ctx.testbed),
        "start_time": from_us(ctx.start_us),
        "end_time": from_us(ctx.end_us),
        "adapter": ctx.adapter,
        "results": results,
        "alerts": alerts,
        "counts": {
            "benchmarks": len(benches),
            "measures": len(measures),
            "metrics": n_metrics,
            "alerts": {"total": len(alerts), "active": len(alerts)},
        },
        "comparison": comparison_text(
            branch=head.branch.name,
            testbed=ctx.testbed.name,
            start_branch=head.start_branch,
            start_version=head.start_version,
            max_sample=max_sample,
        ),
        "created": created,
    }
