"""The Markdown view of a Report: a PR comment or a GitHub step summary.

Verdict first, then the alerts table, then every result collapsed in ``<details>``. The body
stays under ``max_chars`` (GitHub refuses comments over 65,536 characters) by cutting detail
rows and saying how many were left out.
"""

from __future__ import annotations

from bencher_core.models.report import Report
from bencher_core.render.rows import MetricRow, metric_rows
from bencher_core.render.terminal import alert_label, format_limits, report_header, verdict
from bencher_core.render.units import format_change

__all__ = ["GITHUB_COMMENT_LIMIT", "md_cell", "report_markdown"]

#: GitHub's limit on the body of an issue or PR comment.
GITHUB_COMMENT_LIMIT = 65_536

_HEADERS = ("Benchmark", "Measure", "Value", "Baseline", "Limits", "Change", "Alert")


def md_cell(text: str, *, code: bool = False) -> str:
    """``text`` safe inside a Markdown table cell (pipes escaped; optionally as inline code)."""
    text = text.replace("\n", " ").replace("|", "\\|")
    if code:
        return "`" + text.replace("`", "'") + "`"
    for ch in "*_<>[]":
        text = text.replace(ch, "\\" + ch)
    return text


def _row(row: MetricRow, iteration: bool) -> str:
    s = row.scale
    change = format_change(row.change)
    cells = [
        md_cell(row.benchmark, code=True),
        md_cell(row.measure),
        s.format(row.value),
        s.format(row.baseline),
        format_limits(row.lower_limit, row.upper_limit, s),
        f"**{change}**" if row.alert else change,
        ("🚨 " if row.regression else "⚠️ " if row.alert else "") + alert_label(row),
    ]
    if iteration:
        cells.insert(0, str(row.iteration))
    return "| " + " | ".join(cells) + " |"


def _head(iteration: bool) -> list[str]:
    headers = (("#",) if iteration else ()) + _HEADERS
    return ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]


def report_markdown(
    report: Report,
    *,
    title: str | None = None,
    link: str | None = None,
    footer: str | None = None,
    max_chars: int = GITHUB_COMMENT_LIMIT,
) -> str:
    """The report as Markdown: verdict, alerts table, all results in ``<details>``.

    Args:
        report: the run's Report.
        title: the heading (default ``Bencher report``).
        link: a URL to the report in a console, linked from the heading.
        footer: text appended last (e.g. a hidden ``<!-- marker -->`` to find the comment again).
        max_chars: the longest body to return; detail rows are dropped (and counted) to fit.
    """
    heading = title or "Bencher report"
    if link:
        heading = f"[{heading}]({link})"
    rows = metric_rows(report)
    iteration = len(report.results) > 1
    alerted = [r for r in rows if r.alert is not None]
    top = [
        f"## {heading}",
        "",
        md_cell(report_header(report)),
        "",
        f"**{md_cell(verdict(report))}**",
        "",
    ]
    if alerted:
        n = len(alerted)
        top += [f"### 🚨 {n} alert{'s' if n != 1 else ''}", "", *_head(iteration)]
        top += [_row(r, iteration) for r in alerted]
        top.append("")
    tail = ["", "</details>", ""] + ([footer] if footer else [])
    summary = f"<details><summary>All {len(rows)} results</summary>"
    detail_head = [summary, "", *_head(iteration)]
    body = "\n".join(top + detail_head)
    budget = max_chars - len(body) - len("\n".join(tail)) - 120
    detail: list[str] = []
    for row in rows:
        line = _row(row, iteration)
        if len(line) + 1 > budget:
            break
        detail.append(line)
        budget -= len(line) + 1
    left_out = len(rows) - len(detail)
    if left_out:
        detail += [
            "",
            f"_{left_out} more results left out to stay under {max_chars:,} characters._",
        ]
    text = "\n".join(top + detail_head + detail + tail).rstrip() + "\n"
    return text[:max_chars]
