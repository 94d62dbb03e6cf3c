"""The terminal view of a Report: a table read at a glance and a one-line verdict.

>>> print(report_text(report, width=100))          # doctest: +SKIP
demo · branch main · testbed linux-x86_64-cpython3.11 · version 11 (4f1c2e9a0b1d)
Benchmark  Measure  Value      Baseline   Limits            Change  Alert
─────────────────────────────────────────────────────────────────────────────
parse      Latency  160.2 µs   100.1 µs   ≤ 105.3 µs        +60.0%  ▲ regression
render     Latency  9.920 µs   10.01 µs   ≤ 10.61 µs         -0.9%  ok
✗ 1 alert: parse Latency +60.0% — compared with branch 'main' on testbed '…': up to 10 …
"""

from __future__ import annotations

from bencher_core.models.report import Report
from bencher_core.render._table import style, text_table
from bencher_core.render.rows import MetricRow, metric_rows
from bencher_core.render.units import Scale, format_change

__all__ = [
    "alert_label",
    "format_limits",
    "report_header",
    "report_table",
    "report_text",
    "verdict",
]

_LISTED = 3


def format_limits(lower: float | None, upper: float | None, scale: Scale) -> str:
    """``"95.00 – 105.3 µs"``, ``"≤ 105.3 µs"``, ``"≥ 95.00 µs"`` or ``"—"``."""
    if lower is None and upper is None:
        return "—"
    if lower is None:
        return f"≤ {scale.format(upper)}"
    if upper is None:
        return f"≥ {scale.format(lower)}"
    low = scale.format(lower)
    if scale.symbol and low.endswith(" " + scale.symbol):
        low = low[: -len(scale.symbol) - 1]
    return f"{low} – {scale.format(upper)}"


def alert_label(row: MetricRow) -> str:
    """The Alert column: ``▲ regression``, ``▼ alert``, ``ok``, ``no limits yet``, ``ignored``…"""
    if row.alert is not None:
        arrow = "▲" if row.alert == "upper" else "▼"
        return f"{arrow} {'regression' if row.regression else 'alert'}"
    if row.ignored:
        return "ignored"
    if not row.has_threshold:
        return "no threshold"
    if row.lower_limit is None and row.upper_limit is None:
        return "no limits yet"
    return "ok"


def _color(row: MetricRow) -> str | None:
    if row.regression:
        return "red"
    if row.alert is not None:
        return "yellow"
    if row.ignored:
        return "bright_black"
    return None


def report_table(report: Report, *, color: bool = False, width: int | None = 100) -> str:
    """Every metric as one line: benchmark, measure, value, baseline, limits, change, alert.

    Alerts come first; each row's numbers share one scale (ns/µs/ms/s, B/KB/MB…).

    Args:
        report: the run's Report.
        color: emit ANSI colours (regressions red, other alerts yellow).
        width: fit lines to this many columns by shortening benchmark names, as far as a
            readable name (12 characters) allows (None: no limit).
    """
    rows = metric_rows(report)
    iterations = len(report.results) > 1
    headers = ["Benchmark", "Measure", "Value", "Baseline", "Limits", "Change", "Alert"]
    align = "llrrrrl"
    if iterations:
        headers.insert(0, "#")
        align = "r" + align
    cells: list[list[str]] = []
    for row in rows:
        s = row.scale
        line = [
            row.benchmark,
            row.measure,
            s.format(row.value),
            s.format(row.baseline),
            format_limits(row.lower_limit, row.upper_limit, s),
            format_change(row.change),
            alert_label(row),
        ]
        cells.append([str(row.iteration), *line] if iterations else line)
    return text_table(
        headers,
        cells,
        align=align,
        width=width,
        shrink=1 if iterations else 0,
        row_colors=[_color(r) for r in rows],
        color=color,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def verdict(report: Report, *, color: bool = False) -> str:
    """One line: how many alerts and where, or that all is within limits, and against what.

    Uses ``report.comparison``: what the run was compared against, or "nothing to compare yet".
    """
    comparison = report.comparison
    rows = metric_rows(report)
    alerted = [r for r in rows if r.alert is not None]
    if alerted:
        n = len(alerted)
        named = ", ".join(
            f"{r.benchmark} {r.measure}" + (f" {format_change(r.change)}" if r.change else "")
            for r in alerted[:_LISTED]
        )
        more = f" and {n - _LISTED} more" if n > _LISTED else ""
        plural = "s" if n != 1 else ""
        text = f"✗ {n} alert{plural}: {named}{more} — compared with {comparison.baseline}"
        return style(text, fg="red", bold=True) if color else text
    benchmarks = report.counts.benchmarks
    noun = _count(benchmarks, "benchmark")
    if comparison.empty:
        text = f"○ {noun} recorded; {comparison.baseline}"
        return style(text, fg="cyan") if color else text
    judged = sum(1 for r in rows if r.lower_limit is not None or r.upper_limit is not None)
    unjudged = len(rows) - judged
    parts = []
    if judged:
        every = "all " if not unjudged and judged > 1 else ""
        parts.append(f"{every}{_count(judged, 'metric')} within limits")
    if unjudged:
        parts.append(f"{_count(unjudged, 'metric')} without limits yet")
    text = f"✓ no alerts: {', '.join(parts)} ({noun})"
    text += f" — compared with {comparison.baseline}"
    return style(text, fg="green") if color else text


def report_header(report: Report) -> str:
    """``project · branch b · testbed t · version n (hash)``."""
    version = f"version {report.version.number}"
    if report.version.hash:
        version += f" ({report.version.hash[:12]})"
    return (
        f"{report.project.name} · branch {report.branch.name} · testbed {report.testbed.name} "
        f"· {version}"
    )


def report_text(report: Report, *, color: bool = False, width: int | None = 100) -> str:
    """Header line, the metrics table and the verdict: what ``bencher run`` prints."""
    header = report_header(report)
    return "\n".join(
        [
            style(header, bold=True) if color else header,
            report_table(report, color=color, width=width),
            verdict(report, color=color),
        ]
    )
