"""``GET /v0/projects/{project}/perf/img``: the perf plot as an SVG image, and the SVG itself."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from tests.console.conftest import Console

from bencher_core.server.console.svg import Line, nice_ticks, render_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
IMG = "/v0/projects/pub/perf/img"
QUERY = {"branches": "main", "testbeds": "ci", "measures": "latency"}


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    return root


def _count(root: ET.Element, tag: str, **attrs: str) -> int:
    return sum(
        1 for el in root.iter(f"{SVG_NS}{tag}") if all(el.get(k) == v for k, v in attrs.items())
    )


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG_NS}text")]


def test_the_image_draws_each_series_its_band_and_its_alert(reader: Console) -> None:
    r = reader.client().get(
        IMG, params={**QUERY, "benchmarks": ["fast", "slow,comma"], "title": "Latency <main>"}
    )

    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/svg+xml"
    assert r.headers["cache-control"] == "public, max-age=300"
    root = _svg(r.text)
    assert _count(root, "polyline") == 2
    assert _count(root, "polygon") >= 1  # the limits band
    assert _count(root, "circle", **{"class": "alert"}) == 1
    texts = _texts(root)
    assert texts[0] == "Latency <main>"
    assert {"fast", "slow,comma", "Latency (ns)"} <= set(texts)


def test_a_dismissed_alert_is_not_circled(console: Console) -> None:
    admin = console.client("admin")
    assert admin.patch(
        f"/v0/projects/pub/alerts/{console.seeded.alert}", json={"status": "dismissed"}
    ).is_success

    root = _svg(console.client().get(IMG, params={**QUERY, "benchmarks": "fast"}).text)

    assert _count(root, "circle", **{"class": "alert"}) == 0


def test_the_x_axis_may_count_versions(reader: Console) -> None:
    root = _svg(
        reader.client().get(IMG, params={**QUERY, "benchmarks": "fast", "x_axis": "version"}).text
    )

    assert {"0", "2", "4", "6"} <= set(_texts(root))


def test_an_empty_range_draws_a_notice(reader: Console) -> None:
    r = reader.client().get(IMG, params={**QUERY, "benchmarks": "fast", "end_time": "2000-01-01"})

    assert r.status_code == 200
    assert "no data for this selection" in _texts(_svg(r.text))


@pytest.mark.parametrize(
    ("who", "status", "cache"),
    [
        pytest.param("anonymous", 404, None, id="anonymous"),
        pytest.param("outsider", 404, None, id="outsider"),
        pytest.param("member", 200, "private, no-store", id="member"),
    ],
)
def test_a_private_project_image_needs_a_token(
    reader: Console, who: str, status: int, cache: str | None
) -> None:
    query = {"branches": "main", "testbeds": "ci", "benchmarks": "x", "measures": "latency"}

    r = reader.client(who).get("/v0/projects/priv/perf/img", params=query)

    assert r.status_code == status
    assert r.headers.get("cache-control") == cache


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        pytest.param(QUERY, 422, "query.benchmarks", id="missing-benchmarks"),
        pytest.param({**QUERY, "benchmarks": "fast", "width": "10"}, 422, "query.width", id="tiny"),
        pytest.param({**QUERY, "benchmarks": "fast", "x_axis": "z"}, 422, "query.x_axis", id="x"),
        pytest.param({**QUERY, "benchmarks": "gone"}, 404, None, id="unknown-benchmark"),
        pytest.param({**QUERY, "benchmarks": "fast", "start_time": "soon"}, 400, None, id="time"),
    ],
)
def test_a_bad_image_query_is_a_json_error(
    reader: Console, params: dict[str, str], status: int, field: str | None
) -> None:
    r = reader.client().get(IMG, params=params)

    assert r.status_code == status
    assert r.json().get("field") == field


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (0.0, 10.0, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
        (97.0, 103.0, [98.0, 100.0, 102.0]),
        (0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (1e6, 3.5e6, [1e6, 1.5e6, 2e6, 2.5e6, 3e6, 3.5e6]),
        (5.0, 5.0, [5.0]),
    ],
    ids=["unit", "around-100", "fractions", "millions", "flat"],
)
def test_ticks_are_round_numbers(lo: float, hi: float, expected: list[float]) -> None:
    assert nice_ticks(lo, hi) == expected


def _ms(day: int, hour: int = 0) -> float:
    return dt.datetime(2024, 5, day, hour, tzinfo=dt.timezone.utc).timestamp() * 1000


@pytest.mark.parametrize(
    ("xs", "labels"),
    [
        pytest.param([_ms(1), _ms(20)], {"2024-05-06", "2024-05-13", "2024-05-20"}, id="weeks"),
        pytest.param([_ms(1, 0), _ms(1, 12)], {"05-01 03:00", "05-01 06:00"}, id="hours"),
        pytest.param(
            [_ms(1), dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000],
            {"2024-05", "2024-07", "2024-09", "2024-11"},
            id="months",
        ),
    ],
)
def test_date_ticks_fit_the_span(xs: list[float], labels: set[str]) -> None:
    svg = render_svg([Line("a", xs, [1.0, 2.0])], x_kind="date")

    assert labels <= set(_texts(_svg(svg)))


def test_a_flat_series_with_equal_limits_draws_without_a_band() -> None:
    line = Line("a", [1.0, 2.0, 3.0], [5.0, 5.0, 5.0], lower=[5.0] * 3, upper=[5.0] * 3)

    root = _svg(render_svg([line], x_kind="version"))

    assert (_count(root, "polyline"), _count(root, "polygon")) == (1, 0)


def test_many_series_fold_their_legend() -> None:
    lines = [Line(f"series {i}", [1.0, 2.0], [float(i), i + 1.0]) for i in range(15)]

    texts = _texts(_svg(render_svg(lines, title="many")))

    assert "+3 more" in texts
    assert "series 12" not in texts
