"""One flat row per metric of a Report: what every view (terminal, Markdown) shows.

Rows come alerts first (regressions before other alerts, largest change first), then the
rest in report order, so the eye lands on what went wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bencher_core.models.report import Report
from bencher_core.render.units import Scale, pick_scale

__all__ = ["MetricRow", "metric_rows", "relative_change"]


@dataclass(frozen=True)
class MetricRow:
    """One metric with its boundary, ready to display."""

    iteration: int
    benchmark: str
    measure: str
    units: str
    higher_is_better: bool
    value: float
    baseline: float | None
    lower_limit: float | None
    upper_limit: float | None
    sample_size: int
    alert: str | None
    ignored: bool
    has_threshold: bool

    @property
    def change(self) -> float | None:
        """Relative change against the baseline (``0.6`` = 60 % higher), if there is one."""
        return relative_change(self.value, self.baseline)

    @property
    def regression(self) -> bool:
        """An alert in the worse direction for this measure."""
        if self.alert is None:
            return False
        return (self.alert == "lower") if self.higher_is_better else (self.alert == "upper")

    @property
    def scale(self) -> Scale:
        """The one scale for this row's value, baseline and limits."""
        return pick_scale(self.value if self.value else self.baseline, self.units)


def relative_change(value: float, baseline: float | None) -> float | None:
    """``(value - baseline) / |baseline|``; None without a baseline or when it is zero."""
    if baseline is None or baseline == 0 or not math.isfinite(baseline):
        return None
    return (value - baseline) / abs(baseline)


def metric_rows(report: Report) -> list[MetricRow]:
    """All metrics of ``report``: alerts first (regressions, big changes first), then the rest."""
    rows: list[MetricRow] = []
    for iteration in report.results:
        for result in iteration:
            for m in result.measures:
                b = m.boundary
                rows.append(
                    MetricRow(
                        iteration=result.iteration,
                        benchmark=result.benchmark.name,
                        measure=m.measure.name,
                        units=m.measure.units,
                        higher_is_better=m.measure.higher_is_better,
                        value=m.metric.value,
                        baseline=b.baseline if b else None,
                        lower_limit=b.lower_limit if b else None,
                        upper_limit=b.upper_limit if b else None,
                        sample_size=b.sample_size if b else 0,
                        alert=m.alert.value if m.alert is not None else None,
                        ignored=m.ignored,
                        has_threshold=m.threshold is not None,
                    )
                )

    def key(pair: tuple[int, MetricRow]) -> tuple[int, float, int]:
        index, row = pair
        rank = 0 if row.regression else 1 if row.alert else 2
        size = -abs(row.change or 0.0) if row.alert else 0.0
        return rank, size, index

    return [row for _, row in sorted(enumerate(rows), key=key)]
