"""Terminal tables for lists: a project's alerts and its recent reports."""

from __future__ import annotations

from collections.abc import Sequence

from bencher_core.models.report import Alert, Report
from bencher_core.render._table import text_table
from bencher_core.render.rows import relative_change
from bencher_core.render.terminal import format_limits
from bencher_core.render.units import format_change, pick_scale

__all__ = ["alerts_table", "reports_table"]


def alerts_table(alerts: Sequence[Alert], *, color: bool = False, width: int | None = 100) -> str:
    """Alerts newest first: id, status, benchmark, measure, value, baseline, limits, change."""
    if not alerts:
        return "no alerts"
    rows: list[list[str]] = []
    colors: list[str | None] = []
    for a in alerts:
        s = pick_scale(a.metric.value, a.measure.units)
        b = a.boundary
        rows.append(
            [
                str(a.uuid)[:8],
                a.created.strftime("%Y-%m-%d %H:%M"),
                a.status.value,
                a.benchmark.name,
                a.measure.name,
                s.format(a.metric.value),
                s.format(b.baseline),
                format_limits(b.lower_limit, b.upper_limit, s),
                format_change(relative_change(a.metric.value, b.baseline)),
            ]
        )
        colors.append("red" if a.status.value == "active" else "bright_black")
    return text_table(
        [
            "Alert",
            "Created (UTC)",
            "Status",
            "Benchmark",
            "Measure",
            "Value",
            "Baseline",
            "Limits",
            "Change",
        ],
        rows,
        align="lllllrrrr",
        width=width,
        shrink=3,
        row_colors=colors,
        color=color,
    )


def reports_table(
    reports: Sequence[Report], *, color: bool = False, width: int | None = 100
) -> str:
    """Reports newest first: id, date, branch, version, testbed, benchmarks, alerts."""
    if not reports:
        return "no reports"
    rows: list[list[str]] = []
    colors: list[str | None] = []
    for r in reports:
        version = str(r.version.number) + (f" ({r.version.hash[:10]})" if r.version.hash else "")
        n_alerts = len(r.alerts)
        rows.append(
            [
                str(r.uuid)[:8],
                r.created.strftime("%Y-%m-%d %H:%M"),
                r.branch.name,
                version,
                r.testbed.name,
                str(r.counts.benchmarks),
                str(n_alerts) if n_alerts else "—",
            ]
        )
        colors.append("red" if n_alerts else None)
    return text_table(
        ["Report", "Created (UTC)", "Branch", "Version", "Testbed", "Benchmarks", "Alerts"],
        rows,
        align="lllllrr",
        width=width,
        shrink=2,
        row_colors=colors,
        color=color,
    )
