"""The rows one iteration of a run writes: report benchmarks, metrics, boundaries, alerts.

Ids are reserved up front and every table gets one bulk insert (``Database.insert_rows``); the
UUIDs are time-ordered (``store.uuids``) so a run's rows sit together at the end of each unique
index — except an alert's, which people name by a short prefix (a time-ordered prefix would be the
same for all).
"""

from __future__ import annotations

import uuid

from bencher_core.service.report_build import IterationRows, MetricRow, RunContext
from bencher_core.store.db import Database
from bencher_core.store.uuids import new_uuids

__all__ = ["write_rows"]

_METRIC_COLUMNS = (
    "id", "uuid", "report_benchmark_id", "measure_id", "value", "lower_value", "upper_value",
    "samples", "ignored", "report_id", "head_id", "testbed_id", "benchmark_id",
    "version_number", "start_time", "iteration",
)  # fmt: skip
_BOUNDARY_COLUMNS = (
    "id", "uuid", "metric_id", "threshold_id", "model_id", "baseline", "lower_limit",
    "upper_limit", "sample_size",
)  # fmt: skip


def write_rows(
    db: Database, ctx: RunContext, iteration: int, rows: list[MetricRow]
) -> IterationRows:
    """Insert one iteration's report benchmarks, metrics, boundaries and alerts in bulk."""
    bench_ids = list(dict.fromkeys(r.benchmark.id for r in rows))
    rb_ids = dict(zip(bench_ids, db.allocate_ids("report_benchmark", len(bench_ids)), strict=True))
    rb_uuids = dict(zip(bench_ids, new_uuids(len(bench_ids)), strict=True))
    db.insert_rows(
        "report_benchmark",
        ("id", "uuid", "report_id", "iteration", "benchmark_id"),
        [(rb_ids[b], rb_uuids[b], ctx.report_id, iteration, b) for b in bench_ids],
    )
    metric_ids = db.allocate_ids("metric", len(rows))
    for r, mid, muuid in zip(rows, metric_ids, new_uuids(len(rows)), strict=True):
        r.metric_id, r.metric_uuid = mid, muuid
    db.insert_rows(
        "metric",
        _METRIC_COLUMNS,
        [
            (
                r.metric_id,
                r.metric_uuid,
                rb_ids[r.benchmark.id],
                r.measure.id,
                r.metric.value,
                r.metric.lower_value,
                r.metric.upper_value,
                r.metric.samples.model_dump_json() if r.metric.samples else None,
                r.ignored,
                ctx.report_id,
                ctx.head.head_id,
                ctx.testbed.id,
                r.benchmark.id,
                ctx.version_number,
                ctx.start_us,
                iteration,
            )
            for r in rows
        ],
    )
    judged = [r for r in rows if r.threshold is not None]
    boundary_ids = db.allocate_ids("boundary", len(judged))
    for r, bid, buuid in zip(judged, boundary_ids, new_uuids(len(judged)), strict=True):
        r.boundary_id, r.boundary_uuid = bid, buuid
    db.insert_rows(
        "boundary",
        _BOUNDARY_COLUMNS,
        [
            (
                r.boundary_id,
                r.boundary_uuid,
                r.metric_id,
                r.threshold.id,  # type: ignore[union-attr]  # judged rows have one
                r.threshold.model_id,  # type: ignore[union-attr]
                r.baseline,
                r.lower_limit,
                r.upper_limit,
                r.sample_size,
            )
            for r in judged
        ],
    )
    alerting = [r for r in judged if r.alert]
    for r in alerting:  # random: people name alerts by a short prefix, and they are few
        r.alert_uuid = str(uuid.uuid4())
    db.insert_rows(
        "alert",
        ("uuid", "project_id", "boundary_id", "boundary_limit", "status", "created", "modified"),
        [
            (
                r.alert_uuid,
                ctx.project.id,
                r.boundary_id,
                r.alert == "upper",
                "active",
                ctx.created_us,
                ctx.created_us,
            )
            for r in alerting
        ],
    )
    return IterationRows(iteration, rows, rb_uuids)
