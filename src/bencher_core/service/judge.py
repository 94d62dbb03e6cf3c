"""Judging a run's metrics: thresholds per row, history per series, limits and alerts.

For each group of rows sharing a threshold model, the newest points of every series are read
(through a server's history cache when it can be trusted: see ``service.history_cache``), the
model's limits computed for all series at once, and each value compared with its limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bencher_core.models.run import BenchmarkThresholds
from bencher_core.models.threshold import Model, Test
from bencher_core.service.clock import now_us
from bencher_core.service.history import (
    MAX_CACHED_WINDOW,
    SeriesKey,
    read_histories,
    read_windows,
    window_floor,
)
from bencher_core.service.history_cache import HistoryCache, WindowKey
from bencher_core.service.overrides import Overrides
from bencher_core.service.report_build import MetricRow, RunContext
from bencher_core.service.thresholds import ActiveThreshold
from bencher_core.store.db import Database

__all__ = ["CachedWindows", "judge_rows"]


@dataclass(frozen=True)
class CachedWindows:
    """A history cache and the head revision it may be trusted at."""

    cache: HistoryCache
    revision: str


def judge_rows(
    db: Database,
    ctx: RunContext,
    rows: list[MetricRow],
    thresholds: dict[int, ActiveThreshold],
    floors: dict[tuple[int, int, int], int],
    overrides: Sequence[BenchmarkThresholds] = (),
    *,
    alerts: bool = True,
    cached: CachedWindows | None = None,
) -> list[WindowKey]:
    """Give each row its threshold, limits and alert, from its series' history.

    Rows are judged in groups that share a threshold model: one history read and one
    vectorised ``compute_limits`` per group. Returns the keys of the windows read through
    ``cached`` (the caller forgets them if its transaction fails).
    """
    from bencher_core.thresholds import compute_limits, outliers

    read: list[WindowKey] = []

    groups: dict[tuple[int, Model], list[MetricRow]] = {}
    per_benchmark = Overrides(db, overrides) if overrides else None
    for row in rows:
        th = thresholds.get(row.measure.id)
        if th is not None:
            if per_benchmark is not None:
                th = per_benchmark.threshold_for(row.benchmark.name, row.measure, th)
            row.threshold = th
            groups.setdefault((th.id, th.model), []).append(row)
    n_auto = sum(
        1
        for r in rows
        if r.threshold is not None and r.threshold.model.test is Test.AUTO and not r.ignored
    )
    for group in groups.values():
        th = group[0].threshold
        assert th is not None
        model = th.model
        keys = [SeriesKey(ctx.testbed.id, r.benchmark.id, r.measure.id) for r in group]
        series_floors = [
            floors.get((k.testbed_id, k.benchmark_id, k.measure_id), -(2**62)) for k in keys
        ]
        since = -(2**62)
        if model.window:
            since = now_us() - model.window * 1_000_000
            wf = window_floor(db, ctx.head.segments, since)
            series_floors = [max(f, wf) for f in series_floors]
        if cached is not None and _cacheable(ctx, model):
            assert model.max_sample_size is not None
            values, counts, windows = read_windows(
                db,
                cached.cache,
                cached.revision,
                ctx.head.head_id,
                keys,
                limit=model.max_sample_size,
                floors=series_floors,
            )
            read.extend(windows)
            for r, w in zip(group, windows, strict=True):
                r.window = w
        else:
            values, counts = read_histories(
                db,
                ctx.head.segments,
                keys,
                limit=model.max_sample_size,
                floors=series_floors,
                since_us=since,
            )
        current = np.array([r.metric.value for r in group])
        limits = compute_limits(
            model,
            values,
            counts,
            n_tests=max(n_auto, 1),
            higher_is_better=group[0].measure.higher_is_better,
            current=current,
        )
        flags = outliers(current, limits)
        baselines, lowers, uppers = (
            _opts(a) for a in (limits.baseline, limits.lower, limits.upper)
        )
        for j, r in enumerate(group):
            r.baseline = baselines[j]
            r.lower_limit = lowers[j]
            r.upper_limit = uppers[j]
            r.sample_size = int(limits.sample_size[j])
            if alerts and not r.ignored and flags[j] != 0:
                r.alert = "upper" if flags[j] > 0 else "lower"
    return read


def _cacheable(ctx: RunContext, model: Model) -> bool:
    """Whether this read may go through the history cache: one segment, a bounded window
    of points (not of time)."""
    return (
        len(ctx.head.segments) == 1
        and not model.window
        and model.max_sample_size is not None
        and model.max_sample_size <= MAX_CACHED_WINDOW
    )


def _opts(values: np.ndarray) -> list[float | None]:
    """Floats, NaN (no limit) as None."""
    return [None if x != x else x for x in values.tolist()]
