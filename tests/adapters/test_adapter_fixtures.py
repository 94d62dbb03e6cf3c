"""Adapters on real tool outputs made on this machine (``tests/fixtures/<adapter>/``).

Every case parses the file with its adapter and with magic (which must agree), then checks the
benchmark names (spaces, brackets and parameters included) and the values read off the file.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from bencher_core.adapters import parse
from bencher_core.adapters._files import load_output
from bencher_core.models.metric import Metric, Results

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ASV_RESULTS = "results/testbox/456556dc-existing-py_root_.pyenv_versions_3.11.7_bin_python3.11.json"


def _parse(adapter: str, name: str, average: str | None = None) -> Results:
    text = load_output(FIXTURES / adapter / name)
    results = parse(text, adapter, average=average, source=name)
    assert parse(text, "magic", average=average, source=name) == results
    return results


def _json(adapter: str, name: str) -> Any:
    return json.loads(load_output(FIXTURES / adapter / name))


def _triple(m: Metric) -> tuple[float, float | None, float | None]:
    return (m.value, m.lower_value, m.upper_value)


NAMES = [
    pytest.param(
        "go_bench",
        "count3.txt",
        [
            "BenchmarkFib10-2",
            "BenchmarkSort/random_order_[small]-2",
            "BenchmarkSort/size=1000-2",
            "BenchmarkSprintf-2",
        ],
        id="go-count3",
    ),
    pytest.param(
        "cpp_google",
        "plain.json",
        ["BM_Fib/5", "BM_Fib/15", "BM_Sort<int>/100", "string from int [with spaces]/7/8"],
        id="google-plain",
    ),
    pytest.param(
        "cpp_catch2",
        "run.txt",
        [
            "Fibonacci: Fibonacci 10",
            "Fibonacci: Fibonacci [20]",
            "Sorting vectors of many different sizes with a really long test case name that "
            "wraps: sort 1000 reversed ints with a benchmark name that is long enough to wrap",
        ],
        id="catch2-wrapped-names",
    ),
    pytest.param(
        "ruby_benchmark",
        "run.txt",
        ["for loop:", "times [x]:", "sort reversed array", "sort!", "sort"],
        id="ruby-bm-and-bmbm",
    ),
    pytest.param(
        "ruby_benchmark",
        "totals.txt",
        ["for:", "times:", "upto:", ">total:", ">avg:"],
        id="ruby-totals",
    ),
    pytest.param(
        "rust_bench",
        "run.txt",
        ["tests::bench_fib_10", "tests::bench_fib_20", "tests::bench_sort_vec"],
        id="rust-libtest",
    ),
    pytest.param(
        "js_benchmark",
        "benchmark_run.txt",
        ["fib(10)", "sort 100 [reversed] x 2", "RegExp#test"],
        id="benchmark-js",
    ),
    pytest.param(
        "js_vitest",
        "vitest.json",
        [
            "bench/math.bench.ts > top level sort",
            "bench/math.bench.ts > fibonacci [recursive] > fib(10)",
            "bench/math.bench.ts > fibonacci [recursive] > fib 15 with spaces",
        ],
        id="vitest",
    ),
    pytest.param(
        "shell_hyperfine",
        "basic.json",
        ["sleep 0.01", "echo 'hello [world]'"],
        id="hyperfine-basic",
    ),
    pytest.param(
        "shell_hyperfine",
        "params.json",
        ["sleep 0.001", "sleep 0.002", "sleep 0.003"],
        id="hyperfine-parameter-scan",
    ),
    pytest.param(
        "shell_hyperfine", "named.json", ["echo a b", "echo c[d]"], id="hyperfine-named-list"
    ),
    pytest.param(
        "python_pytest",
        "with_data.json",
        [
            "test_bench.py::test_fib[5]",
            "test_bench.py::test_fib[10]",
            "test_bench.py::test_sort[random order]",
            "test_bench.py::test_sort[sorted [asc]]",
            "test_bench.py::TestGroup::test_sleep",
        ],
        id="pytest-benchmark-json",
    ),
    pytest.param(
        "python_pyperf",
        "suite.json.gz",
        ["sort 1000 [reversed]", "sum(range(100))", "list comprehension"],
        id="pyperf-suite-gz",
    ),
    pytest.param("python_pyperf", "one.json", ["fib 15"], id="pyperf-one"),
    pytest.param(
        "python_asv",
        "run_params.txt",
        [
            "benchmarks.TimeSuite.time_keys",
            "benchmarks.TimeSuite.time_values",
            "benchmarks.time_slow",
            "benchmarks.time_sum_list",
            "benchmarks.TimeSort.time_sort(100, 'random order')",
            "benchmarks.TimeSort.time_sort(100, 'sorted')",
            "benchmarks.TimeSort.time_sort(1000, 'random order')",
            "benchmarks.TimeSort.time_sort(1000, 'sorted')",
            *(
                f"benchmarks.TimeThree.time_three({size}, {label!r}, {flag})"
                for size in (1, 2)
                for label in ("a b", "c[d]")
                for flag in (True, False)
            ),
            "benchmarks.time_with_params(10)",
            "benchmarks.time_with_params(200)",
        ],
        id="asv-console-with-tables",
    ),
]


@pytest.mark.parametrize(("adapter", "name", "benchmarks"), NAMES)
def test_benchmark_names(adapter: str, name: str, benchmarks: list[str]) -> None:
    assert sorted(_parse(adapter, name)) == sorted(benchmarks)


def test_go_count_keeps_every_repeat() -> None:
    results = _parse("go_bench", "count3.txt")
    metric = results["BenchmarkFib10-2"]["latency"]
    assert _triple(metric) == pytest.approx((statistics.mean([770.2, 624.4, 712.4]), 624.4, 770.2))
    assert metric.samples is not None
    assert metric.samples.values == [770.2, 624.4, 712.4]


def test_go_single_rows_have_no_bounds() -> None:
    results = _parse("go_bench", "plain.txt")
    assert _triple(results["BenchmarkSort/size=1000-2"]["latency"]) == (18359.0, None, None)


def test_google_repetitions_merge_but_aggregates_stay() -> None:
    doc = _json("cpp_google", "repetitions.json")
    reps = [b["real_time"] for b in doc["benchmarks"] if b["name"] == "BM_Sort<int>/100"]
    results = _parse("cpp_google", "repetitions.json")
    metric = results["BM_Sort<int>/100"]["latency"]
    us = [r * 1000 for r in reps]
    assert len(us) == 3
    assert _triple(metric) == pytest.approx((statistics.mean(us), min(us), max(us)))
    mean_row = next(b for b in doc["benchmarks"] if b["name"] == "BM_Sort<int>/100_mean")
    assert results["BM_Sort<int>/100_mean"]["latency"].value == pytest.approx(
        mean_row["real_time"] * 1000
    )
    assert {f"BM_Fib/5_{agg}" for agg in ("mean", "median", "stddev", "cv")} <= set(results)


@pytest.mark.parametrize(
    ("average", "expected"),
    [
        pytest.param(None, lambda r: (r["mean"], r["mean"] - r["stddev"], r["mean"] + r["stddev"])),
        pytest.param("median", lambda r: (r["median"], r["min"], r["max"])),
    ],
    ids=["mean", "median"],
)
def test_hyperfine_values(average: str | None, expected: Any) -> None:
    row = _json("shell_hyperfine", "basic.json")["results"][0]
    metric = _parse("shell_hyperfine", "basic.json", average)["sleep 0.01"]["latency"]
    assert _triple(metric) == pytest.approx(tuple(x * 1e9 for x in expected(row)))
    assert metric.samples is not None
    assert metric.samples.values == pytest.approx([t * 1e9 for t in row["times"]])


def test_hyperfine_single_run_has_no_bounds() -> None:
    metric = _parse("shell_hyperfine", "single.json")["true"]["latency"]
    assert (metric.lower_value, metric.upper_value) == (None, None)


def test_pytest_keeps_rounds_as_samples() -> None:
    doc = _json("python_pytest", "with_data.json")
    results = _parse("python_pytest", "with_data.json")
    for bench in doc["benchmarks"]:
        samples = results[bench["fullname"]]["latency"].samples
        data = bench["stats"]["data"]
        assert samples is not None
        assert samples.count == len(data)
        assert samples.kind == ("all" if len(data) <= 256 else "quantiles")
        assert samples.mean == pytest.approx(statistics.mean(data) * 1e9)


def test_pytest_without_data_has_no_samples() -> None:
    results = _parse("python_pytest", "saved_no_data.json", "median")
    bench = _json("python_pytest", "saved_no_data.json")["benchmarks"][4]
    metric = results[bench["fullname"]]["latency"]
    median, iqr = bench["stats"]["median"], bench["stats"]["iqr"]
    assert _triple(metric) == pytest.approx(
        tuple(x * 1e9 for x in (median, median - iqr, median + iqr))
    )
    assert metric.samples is None


def test_pyperf_pools_every_run_value() -> None:
    doc = _json("python_pyperf", "one.json")
    values = [v * 1e9 for run in doc["benchmarks"][0]["runs"] for v in run.get("values", [])]
    metric = _parse("python_pyperf", "one.json")["fib 15"]["latency"]
    mean, sd = statistics.mean(values), statistics.stdev(values)
    assert _triple(metric) == pytest.approx((mean, mean - sd, mean + sd))
    assert metric.samples is not None
    assert metric.samples.values == pytest.approx(values)


def test_asv_console_value_and_spread() -> None:
    results = _parse("python_asv", "run_params.txt")
    # "[85.00%] ··· benchmarks.time_slow   61.6±0.9ms"; table cell "2.80±0.4μs"
    assert _triple(results["benchmarks.time_slow"]["latency"]) == pytest.approx(
        (61.6e6, 60.7e6, 62.5e6)
    )
    cell = results["benchmarks.TimeThree.time_three(1, 'a b', True)"]["latency"]
    assert _triple(cell) == pytest.approx((2800.0, 2400.0, 3200.0))
    assert "benchmarks.time_failing" not in results  # "failed"
    assert "benchmarks.mem_list" not in results  # "2.1k" is not a time


def test_asv_console_and_results_file_use_the_same_names() -> None:
    console = _parse("python_asv", "run_params.txt")
    from_file = _parse("python_asv", ASV_RESULTS)
    timed = {n for n, ms in from_file.items() if "latency" in ms}
    assert set(console) == timed - {"benchmarks.time_failing"}


def test_vitest_latency_and_throughput() -> None:
    row = _json("js_vitest", "vitest.json")["files"][0]["groups"][1]["benchmarks"][1]
    got = _parse("js_vitest", "vitest.json")[
        "bench/math.bench.ts > fibonacci [recursive] > fib 15 with spaces"
    ]
    mean, sd, hz, rme = row["mean"], row["sd"], row["hz"], row["rme"]
    assert _triple(got["latency"]) == pytest.approx(
        ((mean) * 1e6, (mean - sd) * 1e6, (mean + sd) * 1e6)
    )
    assert _triple(got["throughput"]) == pytest.approx(
        (hz, hz * (1 - rme / 100), hz * (1 + rme / 100))
    )


def test_catch2_mean_and_std_dev_in_their_own_units() -> None:
    # "17.5182 us" mean, "1.5549 us" std dev
    metric = _parse("cpp_catch2", "run.txt")["Fibonacci: Fibonacci [20]"]["latency"]
    assert _triple(metric) == pytest.approx((17518.2, 17518.2 - 1554.9, 17518.2 + 1554.9))


def test_rust_bench_spread() -> None:
    metric = _parse("rust_bench", "run.txt")["tests::bench_fib_20"]["latency"]
    assert _triple(metric) == pytest.approx((61628.25, 61628.25 - 5537.33, 61628.25 + 5537.33))


def test_benchmark_js_margin() -> None:
    metric = _parse("js_benchmark", "benchmark_run.txt")["RegExp#test"]["throughput"]
    assert _triple(metric) == pytest.approx((32752890, 32752890 * 0.9337, 32752890 * 1.0663))


def test_node_console_time_is_not_bencher_js_time() -> None:
    text = load_output(FIXTURES / "js_time" / "node20_console_time.txt")
    from bencher_core.adapters._registry import ADAPTERS, AdapterInput

    assert ADAPTERS["js_time"](AdapterInput(text), None) is None
