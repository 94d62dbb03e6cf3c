"""The terminal, Markdown and JSON views of real Reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bencher_core.models import Report
from bencher_core.render._table import ellipsize
from bencher_core.render.json import report_json
from bencher_core.render.markdown import md_cell, report_markdown
from bencher_core.render.rows import metric_rows
from bencher_core.render.terminal import report_table, report_text, verdict

if TYPE_CHECKING:
    from conftest import Reports

PARSE = "tests/test_parse.py::test_parse[large]"


def test_rows_put_regressions_first_then_other_alerts(reports: Reports) -> None:
    rows = metric_rows(reports.alerted)
    assert [(r.benchmark, r.measure, r.alert, r.regression, r.ignored) for r in rows] == [
        (PARSE, "Latency", "upper", True, False),
        ("fast", "Latency", "lower", False, False),
        ("noisy", "Latency", None, False, True),
        ("render", "Latency", None, False, False),
        ("render", "Throughput", None, False, False),
    ]
    assert rows[0].change == pytest.approx(0.6, rel=1e-3)


def test_table_columns_and_labels(reports: Reports) -> None:
    lines = report_table(reports.alerted, width=None).splitlines()
    assert lines[0].split() == [
        "Benchmark",
        "Measure",
        "Value",
        "Baseline",
        "Limits",
        "Change",
        "Alert",
    ]
    cells = [line.split("  ") for line in lines[2:]]
    first = [c.strip() for c in cells[0] if c.strip()]
    assert first == [
        PARSE,
        "Latency",
        "2.400 µs",
        "1.500 µs",
        "1.350 – 1.650 µs",
        "+60.0%",
        "▲ regression",
    ]
    labels = [line.rsplit("  ", 1)[1] for line in lines[2:]]
    assert labels == ["▲ regression", "▼ alert", "ignored", "ok", "ok"]


@pytest.mark.parametrize("width", [96, 100, 108])
def test_table_fits_the_width_by_shortening_names(reports: Reports, width: int) -> None:
    lines = report_table(reports.alerted, width=width).splitlines()
    assert max(len(line) for line in lines) == width
    assert "…" in lines[2]


def test_names_stay_readable_when_the_width_is_too_small(reports: Reports) -> None:
    lines = report_table(reports.alerted, width=40).splitlines()
    assert lines[2].startswith("tests…large]  Latency")


def test_color_only_when_asked(reports: Reports) -> None:
    plain = report_text(reports.alerted, color=False)
    colored = report_text(reports.alerted, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31m" in colored  # the regression row is red
    assert colored.replace("\x1b[31m", "").replace("\x1b[33m", "").count("\x1b[") > 0


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        pytest.param(
            "first",
            "○ 4 benchmarks recorded; nothing to compare yet: no history for branch 'main' "
            "on testbed 'tb'",
            id="nothing-to-compare",
        ),
        pytest.param(
            "ok",
            "✓ no alerts: all 5 metrics within limits (4 benchmarks) — compared with branch "
            "'main' on testbed 'tb': up to 9 earlier points per series",
            id="within-limits",
        ),
        pytest.param(
            "alerted",
            f"✗ 2 alerts: {PARSE} Latency +60.0%, fast Latency -37.5% — compared with branch "
            "'main' on testbed 'tb': up to 10 earlier points per series",
            id="alerts",
        ),
    ],
)
def test_verdict_is_one_line(reports: Reports, which: str, expected: str) -> None:
    assert verdict(getattr(reports, which)) == expected


def test_report_text_is_header_table_verdict(reports: Reports) -> None:
    lines = report_text(reports.alerted).splitlines()
    assert lines[0] == "demo · branch main · testbed tb · version 10 (h10)"
    assert lines[-1] == verdict(reports.alerted)
    assert len(lines) == 1 + 2 + 5 + 1


def test_markdown_verdict_alerts_then_details(reports: Reports) -> None:
    text = report_markdown(reports.alerted, footer="<!-- bencher:demo -->")
    lines = text.splitlines()
    assert lines[0] == "## Bencher report"
    assert lines[4].startswith("**✗ 2 alerts: tests/test\\_parse.py::test\\_parse\\[large\\]")
    assert lines[6] == "### 🚨 2 alerts"
    alerts_table = lines[8:12]
    assert alerts_table[2].startswith(f"| `{PARSE}` | Latency | 2.400 µs | 1.500 µs |")
    assert alerts_table[3].startswith("| `fast` | Latency | 500.0 ns |")
    assert lines[13] == "<details><summary>All 5 results</summary>"
    assert lines[-3:] == ["</details>", "", "<!-- bencher:demo -->"]


def test_markdown_without_alerts_has_no_alert_section(reports: Reports) -> None:
    text = report_markdown(reports.ok, title="Benchmarks", link="https://example.test/r/1")
    assert text.startswith("## [Benchmarks](https://example.test/r/1)\n")
    assert "🚨" not in text
    assert "<details><summary>All 5 results</summary>" in text


def test_markdown_stays_under_the_limit(reports: Reports) -> None:
    text = report_markdown(reports.alerted, max_chars=1200)
    assert len(text) <= 1200
    assert "more results left out to stay under 1,200 characters." in text
    assert "### 🚨 2 alerts" in text


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        pytest.param("a|b", False, "a\\|b", id="pipe"),
        pytest.param("test_x[1]", False, "test\\_x\\[1\\]", id="markup"),
        pytest.param("a|`b`", True, "`a\\|'b'`", id="code"),
        pytest.param("two\nlines", False, "two lines", id="newline"),
    ],
)
def test_md_cell(text: str, code: bool, expected: str) -> None:
    assert md_cell(text, code=code) == expected


def test_json_round_trips(reports: Reports) -> None:
    again = Report.model_validate_json(report_json(reports.alerted))
    assert again == reports.alerted


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        pytest.param("short", 10, "short", id="fits"),
        pytest.param("abcdefghijkl", 7, "abc…jkl", id="middle"),
        pytest.param("abcdefghijkl", 6, "ab…jkl", id="uneven"),
        pytest.param("abc", 1, "a", id="one"),
    ],
)
def test_ellipsize(text: str, width: int, expected: str) -> None:
    assert ellipsize(text, width) == expected
