"""The gate after a live run: show each report, name the alerts, choose the exit status.

Shared by ``bencher asv``, ``bencher pyperf`` and the gate inside a pyperf script, so that all
three print the same table and verdict as ``bencher run`` and fail the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from bencher_core.models.report import Report

__all__ = ["ALERT_EXIT", "alert_summary", "render_reports"]

#: Exit status of a run with alerts (and of ``bencher run --err``).
ALERT_EXIT = 1


def render_reports(
    reports: Sequence[Report], *, fmt: str = "human", color: bool = False, width: int = 100
) -> str:
    """The reports as text: the terminal table and verdict, JSON, or Markdown, one after another."""
    parts: list[str] = []
    for report in reports:
        if fmt == "json":
            from bencher_core.render.json import report_json

            parts.append(report_json(report) + "\n")
        elif fmt == "markdown":
            from bencher_core.render.markdown import report_markdown

            parts.append(report_markdown(report))
        else:
            from bencher_core.render.terminal import report_text

            parts.append(report_text(report, color=color, width=width) + "\n")
    return "".join(parts)


def alert_summary(reports: Sequence[Report]) -> str | None:
    """One line naming the alerted benchmarks (the first five), or None without alerts."""
    from bencher_core.render.rows import metric_rows
    from bencher_core.render.units import format_change

    alerted = [row for report in reports for row in metric_rows(report) if row.alert is not None]
    total = sum(len(report.alerts) for report in reports)
    if not total:
        return None
    names = ", ".join(
        f"{row.benchmark} ({row.measure} {format_change(row.change)})" for row in alerted[:5]
    )
    more = f" and {len(alerted) - 5} more" if len(alerted) > 5 else ""
    return f"bencher: {total} alert(s) detected: {names}{more}"


def write_gate(
    reports: Sequence[Report],
    *,
    out: TextIO,
    err: TextIO,
    fail: bool,
    fmt: str = "human",
    color: bool = False,
    width: int = 100,
) -> int:
    """Write the reports to ``out`` and the alert line to ``err``; return the exit status."""
    out.write(render_reports(reports, fmt=fmt, color=color, width=width))
    out.flush()
    summary = alert_summary(reports)
    if summary is None:
        return 0
    err.write(summary + "\n")
    err.flush()
    return ALERT_EXIT if fail else 0
