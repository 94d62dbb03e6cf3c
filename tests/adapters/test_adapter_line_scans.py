"""Text adapters scan a whole output with one regex: lines that could be split several ways
still parse as a line-by-line reading does (the name takes all it can), and errors still name
the line of the first bad row."""

from __future__ import annotations

from typing import Any

import pytest

from bencher_core.adapters import parse
from bencher_core.errors import AdapterError

RUBY_HEAD = "      user     system      total        real\n"
JS_HUGE = "b x " + "9" * 400 + " ops/sec ±1% (1 run sampled)\n"

CASES = [
    pytest.param(
        "dart_benchmark_harness",
        "a(RunTime): 1 us.(RunTime): 2 us.\n  b (x) (RunTime): 1,500.5 us. \r\n",
        {"a(RunTime): 1 us.": 2000.0, "b (x)": 1500500.0},
        id="dart-name-with-the-marker",
    ),
    pytest.param(
        "js_time",
        "t: 1: 5ms - timer ended\n go : 2s - timer ended\r\nx: 3µs - timer ended\n",
        {"t: 1": 5e6, "go": 2e9, "x": 3e3},
        id="js-time-name-with-colons-mixed-units",
    ),
    pytest.param(
        "js_benchmark",
        "a x b x 1,000 ops/sec ±1.5% (5 runs sampled)\nc x 2 ops/sec ±0% (1 run sampled)\n",
        {"a x b": (1000.0, 985.0, 1015.0), "c": (2.0, 2.0, 2.0)},
        id="benchmarkjs-name-with-x",
    ),
    pytest.param(
        "ruby_benchmark",
        "rehearsal 1.0 2.0 3.0 ( 4.0)\n"
        + RUBY_HEAD
        + "label 1 2 3 (4) x   0.1   0.2   0.3 (  0.4)\n"
        + "    0.1   0.2   0.3 (  0.5)\n"  # no label: skipped
        + "  spaced   0.1   0.2   0.3 (  1,000.5)\r\n",
        {"label 1 2 3 (4) x": 0.4e9, "spaced": 1000.5e9},
        id="ruby-label-with-numbers",
    ),
    pytest.param(
        "python_asv",
        "[ 50.00%] ··· a.time_x     1.5±0.5ms\n[100.00%] ··· a.time_y     2.00s\n",
        {"a.time_x": (1.5e6, 1.0e6, 2.0e6), "a.time_y": 2e9},
        id="asv-with-and-without-spread",
    ),
]


def _values(results: dict[str, Any]) -> dict[str, Any]:
    """Each benchmark's only metric: its value, or (value, lower, upper) when it has bounds."""
    out = {}
    for name, measures in results.items():
        (metric,) = measures.values()
        bounds = (metric.value, metric.lower_value, metric.upper_value)
        out[name] = metric.value if bounds[1:] == (None, None) else bounds
    return out


@pytest.mark.parametrize(("adapter", "text", "expected"), CASES)
def test_tricky_lines(adapter: str, text: str, expected: dict[str, Any]) -> None:
    assert _values(parse(text, adapter)) == expected


@pytest.mark.parametrize(
    ("adapter", "text", "line"),
    [
        ("dart_benchmark_harness", "a(RunTime): 1 us.\nb(RunTime): 1e400 us.\n", 2),
        ("js_time", "a: 1ms - timer ended\n\nb: 5yr - timer ended\nc: 1ms - timer ended\n", 3),
        ("js_time", "a: 1ms - timer ended\nb: " + "9" * 400 + "s - timer ended\n", 2),
        ("js_benchmark", "x\na x 1 ops/sec ±1% (1 run sampled)\n" + JS_HUGE, 3),
        ("ruby_benchmark", RUBY_HEAD + "a 1 2 3 (4)\nb 1 2 3 (" + "9" * 400 + ")\n", 3),
        ("python_asv", "[ 0.00%] ··· a   1±" + "9" * 400 + "ms\n", 1),
    ],
    ids=["dart", "js-time-unit", "js-time-overflow", "benchmarkjs", "ruby", "asv"],
)
def test_the_first_bad_row_is_named(adapter: str, text: str, line: int) -> None:
    with pytest.raises(AdapterError) as exc_info:
        parse(text, adapter)
    assert (exc_info.value.adapter, exc_info.value.line) == (adapter, line)
