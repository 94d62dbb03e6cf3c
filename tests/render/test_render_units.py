"""Units scaling and number formatting."""

from __future__ import annotations

import pytest

from bencher_core.render.history import sparkline
from bencher_core.render.units import (
    format_change,
    format_number,
    format_value,
    pick_scale,
    scale,
    short_units,
)

NS = "nanoseconds (ns)"


@pytest.mark.parametrize(
    ("value", "units", "expected"),
    [
        pytest.param(999.0, NS, (999.0, "ns"), id="ns-stays"),
        pytest.param(1520.0, NS, (1.52, "µs"), id="ns-to-us"),
        pytest.param(2.5e6, NS, (2.5, "ms"), id="ns-to-ms"),
        pytest.param(3e9, NS, (3.0, "s"), id="ns-to-s"),
        pytest.param(7.2e12, NS, (7200.0, "s"), id="s-is-the-largest"),
        pytest.param(0.25, NS, (0.25, "ns"), id="below-the-smallest"),
        pytest.param(-1520.0, NS, (-1.52, "µs"), id="negative"),
        pytest.param(0.0, NS, (0.0, "ns"), id="zero"),
        pytest.param(0.5, "seconds (s)", (500.0, "ms"), id="s-to-ms"),
        pytest.param(1500.0, "us", (1.5, "ms"), id="us-alias"),
        pytest.param(1500.0, "bytes (B)", (1.5, "KB"), id="bytes"),
        pytest.param(5e5, "operations / second (ops/s)", (500.0, "Kops/s"), id="throughput"),
        pytest.param(42.0, "Measure (widgets)", (42.0, "widgets"), id="unknown-units"),
        pytest.param(42.0, "instructions", (42.0, "instructions"), id="no-parentheses"),
    ],
)
def test_scale(value: float, units: str, expected: tuple[float, str]) -> None:
    scaled, symbol = scale(value, units)
    assert (pytest.approx(scaled), symbol) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0.0, "0", id="zero"),
        pytest.param(0.0001234, "0.000123", id="tiny"),
        pytest.param(1.5, "1.500", id="units"),
        pytest.param(12.345, "12.35", id="tens"),
        pytest.param(123.45, "123.5", id="hundreds"),
        pytest.param(1234567.0, "1,234,567", id="thousands"),
        pytest.param(-12.345, "-12.35", id="negative"),
        pytest.param(float("nan"), "nan", id="nan"),
    ],
)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(0.602, "+60.2%", id="up"),
        pytest.param(-0.031, "-3.1%", id="down"),
        pytest.param(1.5, "+150%", id="large"),
        pytest.param(-0.0001, "0.0%", id="tiny"),
        pytest.param(None, "—", id="unknown"),
        pytest.param(float("inf"), "—", id="infinite"),
    ],
)
def test_format_change(change: float | None, expected: str) -> None:
    assert format_change(change) == expected


def test_one_scale_formats_a_whole_row() -> None:
    row_scale = pick_scale(1520.0, NS)
    assert [row_scale.format(v) for v in (1520.0, 980.0, None)] == ["1.520 µs", "0.980 µs", "—"]
    assert format_value(2.5e6, NS) == "2.500 ms"


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        pytest.param(NS, "ns", id="symbol"),
        pytest.param("operations / second (ops/s)", "ops/s", id="rate"),
        pytest.param("widgets", "widgets", id="bare"),
        pytest.param("odd ()", "odd ()", id="empty-parentheses"),
    ],
)
def test_short_units(units: str, expected: str) -> None:
    assert short_units(units) == expected


@pytest.mark.parametrize(
    ("values", "width", "expected"),
    [
        pytest.param([1.0, 2.0, 3.0], None, "▁▅█", id="rising"),
        pytest.param([5.0, 5.0], None, "▅▅", id="flat"),
        pytest.param([1.0, None, 3.0], None, "▁ █", id="gap"),
        pytest.param([9.0, 1.0, 2.0, 3.0], 3, "▁▅█", id="newest-fit-the-width"),
        pytest.param([], None, "", id="empty"),
    ],
)
def test_sparkline(values: list[float | None], width: int | None, expected: str) -> None:
    assert sparkline(values, width=width) == expected
