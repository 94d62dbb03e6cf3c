"""The perf page: its selection, the data it carries for the plot, and the query behind it."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from tests.console.conftest import Console

from bencher_core.errors import InvalidInputError
from bencher_core.server.console.selection import PerfSelection, parse_time
from bencher_core.service.perf import _SQL
from bencher_core.store.db import open_database

PERF = "/console/projects/pub/perf"
FULL = {"branches": "main", "testbeds": "ci", "measures": "latency"}


def _data(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="perf-data" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize(
    ("query", "filled"),
    [
        pytest.param(
            {},
            [
                ("branches", "main"),
                ("testbeds", "ci"),
                ("benchmarks", "fast"),
                ("benchmarks", "slow-comma"),
                ("measures", "latency"),
            ],
            id="nothing-chosen",
        ),
        pytest.param(
            {"benchmarks": "fast"},
            [
                ("branches", "main"),
                ("testbeds", "ci"),
                ("benchmarks", "fast"),
                ("measures", "latency"),
            ],
            id="benchmark-chosen",
        ),
    ],
)
def test_what_is_not_chosen_comes_from_the_newest_report(
    reader: Console, query: dict[str, str], filled: list[tuple[str, str]]
) -> None:
    r = reader.client().get(PERF, params={**query, "x": "version"}, follow_redirects=False)

    assert r.status_code == 303
    location = urlsplit(r.headers["location"])
    assert location.path == PERF
    assert parse_qsl(location.query) == [*filled, ("x", "version"), ("scale", "linear")]


def test_the_page_carries_every_point_with_its_limits_and_alerts(reader: Console) -> None:
    r = reader.client().get(PERF, params={**FULL, "benchmarks": ["fast", "slow,comma"]})

    assert r.status_code == 200
    data = _data(r.text)
    assert [(s["benchmark"]["name"], s["label"], s["unit"]) for s in data["series"]] == [
        ("fast", "fast", "ns"),
        ("slow,comma", "slow,comma", "ns"),
    ]
    fast, slow = data["series"]
    assert fast["value"] == [100.0, 101.0, 102.0, 100.0, 101.0, 102.0, 150.0]
    assert slow["value"] == [200.0, 201.0, 200.0, 201.0, 200.0, 201.0, 200.0]
    assert fast["report"] == slow["report"] == list(range(7))  # reports listed once, shared
    assert [r[0] for r in data["reports"]] == reader.seeded.pub_reports
    assert [r[1] for r in data["reports"]] == list(range(7))
    assert fast["alerts"] == [[6, reader.seeded.alert, "upper", "active"]]
    assert slow["alerts"] == []
    assert fast["upper"][6] is not None and fast["value"][6] > fast["upper"][6]
    assert (data["x"], data["scale"]) == ("date", "linear")


def test_the_table_under_the_plot_has_a_row_per_series(reader: Console) -> None:
    html = reader.client().get(PERF, params={**FULL, "benchmarks": "fast,slow,comma"}).text

    rows = re.findall(r'<span class="swatch" data-index="(\d)"></span>([^<]+)</td>', html)
    assert rows == [("0", "fast"), ("1", "slow,comma")]
    assert "/v0/projects/pub/perf/img?branches=main" in unescape(html)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param({"benchmarks": "nope"}, 404, "benchmark 'nope' not found", id="unknown"),
        pytest.param(
            {"benchmarks": "fast", "start_time": "2024-13-01"},
            400,
            "start_time: expected unix milliseconds or a date like 2024-05-01, got '2024-13-01'",
            id="bad-date",
        ),
        pytest.param(
            {"benchmarks": "fast", "start_time": "2024-02-01", "end_time": "2024-01-01"},
            400,
            "start_time: the time range starts after it ends",
            id="backwards",
        ),
    ],
)
def test_a_bad_selection_is_named_on_the_page(
    reader: Console, query: dict[str, str], status: int, message: str
) -> None:
    r = reader.client().get(PERF, params={**FULL, **query})

    assert r.status_code == status
    assert message in unescape(r.text)


def test_the_pickers_stay_when_the_selection_is_wrong(reader: Console) -> None:
    html = reader.client().get(PERF, params={**FULL, "benchmarks": "nope"}).text

    assert re.findall(r'<option value="([^"]+)"', html) == [
        "main",
        "ci",
        "fast",
        "slow-comma",
        "latency",
    ]
    assert _data(html)["series"] == []


def test_the_pickers_mark_what_is_shown(reader: Console) -> None:
    html = reader.client().get(PERF, params={**FULL, "benchmarks": "slow,comma"}).text

    assert re.findall(r'<option value="([^"]+)" selected>', html) == [
        "main",
        "ci",
        "slow-comma",
        "latency",
    ]


@pytest.mark.parametrize(
    ("times", "points"),
    [
        pytest.param({}, 7, id="all"),
        pytest.param({"end_time": "2000-01-01"}, 0, id="before-everything"),
        pytest.param({"start_time": "0"}, 7, id="from-epoch-ms"),
        pytest.param({"start_time": str(2**50)}, 0, id="far-future-ms"),
    ],
)
def test_the_time_range_bounds_the_points(
    reader: Console, times: dict[str, str], points: int
) -> None:
    html = reader.client().get(PERF, params={**FULL, "benchmarks": "fast", **times}).text

    assert [len(s["value"]) for s in _data(html)["series"]] == [points]


def test_a_project_without_reports_shows_empty_pickers(console: Console) -> None:
    admin = console.client("admin")
    assert admin.post("/v0/projects", json={"name": "empty", "visibility": "public"}).is_success

    r = console.client().get("/console/projects/empty/perf", follow_redirects=False)

    assert r.status_code == 200
    assert "This project has no results yet." in r.text


@pytest.mark.parametrize(
    ("raw", "end", "expected"),
    [
        (None, False, None),
        ("  ", False, None),
        ("1700000000000", False, 1_700_000_000_000_000),
        ("2024-05-01", False, 1_714_521_600_000_000),
        ("2024-05-01", True, 1_714_521_600_000_000 + 86_400_000_000 - 1),
        ("yesterday", False, InvalidInputError),
        (str(2**60), False, InvalidInputError),
    ],
    ids=["none", "blank", "ms", "date", "end-date", "word", "too-big"],
)
def test_times_are_milliseconds_or_dates(raw: str | None, end: bool, expected: object) -> None:
    if expected is InvalidInputError:
        with pytest.raises(InvalidInputError, match="start_time"):
            parse_time(raw, name="start_time", end=end)
    else:
        assert parse_time(raw, name="start_time", end=end) == expected


def test_a_selection_round_trips_through_its_query() -> None:
    selection = PerfSelection.from_values(
        branches=["main", " "],
        testbeds=["ci"],
        benchmarks=["a,b", "c"],
        measures=["latency"],
        start_time="2024-05-01",
    )

    assert selection.query(x="date") == (
        "branches=main&testbeds=ci&benchmarks=a%2Cb&benchmarks=c&measures=latency"
        "&start_time=1714521600000&x=date"
    )
    assert selection.missing() == []
    assert PerfSelection().missing() == ["branches", "testbeds", "benchmarks", "measures"]


def test_each_series_is_read_by_an_index_range_scan(reader: Console) -> None:
    with open_database(reader.app.state.settings.db) as db:
        plan = [str(row[-1]) for row in db.fetchall("EXPLAIN QUERY PLAN " + _SQL, (1,) * 9)]

    assert plan[0].startswith("SEARCH m USING INDEX ix_metric_series (head_id=? AND testbed_id=?")
    assert [step for step in plan if step.startswith("SCAN")] == []
