"""Bad input: not an adapter's format → None; its format but broken → AdapterError with
adapter, source and line (or JSON path); magic on unrecognised input → one error listing
what was tried; ``--average`` an adapter does not support → None."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from bencher_core.adapters import MAGIC_ORDER, loaded_adapters, parse, resolve_adapter
from bencher_core.adapters._registry import AdapterInput
from bencher_core.errors import AdapterError, UsageError


@dataclass(frozen=True)
class Err:
    """Expected AdapterError: the adapter it names, its line, and a piece of its message."""

    adapter: str
    line: int | None
    message: str


BROKEN = [
    pytest.param(
        "go_bench",
        "goos: linux\nBenchmarkFib-8   \t 100\t 12.5 fortnights/op\n",
        Err("go_bench", 2, "unknown time unit 'fortnights'"),
        id="go-unit",
    ),
    pytest.param(
        "rust_bench",
        "\nrunning 1 test\ntest a::b ... bench:   1,000 furlongs/iter (+/- 3)\n",
        Err("rust_bench", 3, "unknown time unit 'furlongs'"),
        id="rust-bench-unit",
    ),
    pytest.param(
        "rust_criterion",
        "time:   [1.0 ns 2.0 ns 3.0 ns]\n",
        Err("rust_criterion", 1, "no benchmark name"),
        id="criterion-no-name",
    ),
    pytest.param(
        "rust_criterion",
        "x\nfib   time:   [1.0 ns 2.0 qs 3.0 ns]\n",
        Err("rust_criterion", 2, "unknown time unit 'qs'"),
        id="criterion-unit",
    ),
    pytest.param(
        "rust_iai",
        "bench\n  Instructions: 1\n  L1 Accesses: 2\n  L2 Accesses: 3\n  RAM Accesses: 4\n"
        "  Estimated Cycles: " + "9" * 400 + "\n",
        Err("rust_iai", 1, "not a finite number"),  # the benchmark's first line
        id="iai-overflow",
    ),
    pytest.param(
        "js_time",
        "ok: 5ms - timer ended\nbad: 5yr - timer ended\n",
        Err("js_time", 2, "unknown time unit 'yr'"),
        id="js-time-unit",
    ),
    pytest.param(
        "cpp_catch2",
        "benchmark name  samples  iterations  estimated\n  mean\n  std dev\n" + "-" * 79 + "\n"
        "fib 10     100     208     7.1968 ms\nnot a mean line\n\n",
        Err("cpp_catch2", 6, "expected the mean and std dev lines"),
        id="catch2-truncated",
    ),
    pytest.param(
        "python_asv",
        "[ 10.00%] ··· benchmarks.t.time_p                ok\n"
        "[ 10.00%] ··· ====== ======\n"
        "               p1\n"
        "                10    1±0ms\n"
        "              ====== ======\n",
        Err("python_asv", 3, "without its header rule"),
        id="asv-table",
    ),
    pytest.param(
        "cpp_google",
        json.dumps({"context": {"caches": []}, "benchmarks": [{"name": "a", "real_time": "x"}]}),
        Err("cpp_google", None, "benchmarks[0].real_time: expected a finite number"),
        id="google-value",
    ),
    pytest.param(
        "cpp_google",
        json.dumps(
            {
                "context": {"caches": []},
                "benchmarks": [{"name": "a", "real_time": 1, "time_unit": "fortnight"}],
            }
        ),
        Err("cpp_google", None, "benchmarks[0].time_unit: unknown time unit"),
        id="google-unit",
    ),
    pytest.param(
        "java_jmh",
        json.dumps([{"benchmark": "a", "primaryMetric": {"score": 1, "scoreUnit": "ops"}}]),
        Err("java_jmh", None, "[0].primaryMetric.scoreUnit: unknown score unit 'ops'"),
        id="jmh-unit",
    ),
    pytest.param(
        "c_sharp_dot_net",
        json.dumps({"HostEnvironmentInfo": {}, "Benchmarks": [{"Method": "m"}]}),
        Err("c_sharp_dot_net", None, "Benchmarks[0].Statistics: expected an object"),
        id="dotnet-statistics",
    ),
    pytest.param(
        "python_pytest",
        json.dumps({"machine_info": {}, "commit_info": {}, "benchmarks": [{"fullname": "t"}]}),
        Err("python_pytest", None, "benchmarks[0].stats: expected an object"),
        id="pytest-stats",
    ),
    pytest.param(
        "shell_hyperfine",
        json.dumps({"results": [{"command": "a", "mean": "slow"}]}),
        Err("shell_hyperfine", None, "results[0].mean: expected a finite number"),
        id="hyperfine-mean",
    ),
    pytest.param(
        "js_vitest",
        json.dumps({"files": [{"groups": [{"fullName": "g", "benchmarks": [{"name": "a"}]}]}]}),
        Err("js_vitest", None, "files[0].groups[0].benchmarks[0].mean"),
        id="vitest-mean",
    ),
    pytest.param(
        "python_pyperf",
        json.dumps({"version": "1.0", "benchmarks": [{"metadata": {}, "runs": []}]}),
        Err("python_pyperf", None, "benchmarks[0].metadata.name: expected a string"),
        id="pyperf-name",
    ),
    pytest.param(
        "python_pyperf",
        json.dumps(
            {
                "version": "1.0",
                "benchmarks": [{"metadata": {"name": "a"}, "runs": [{"values": [1, "x"]}]}],
            }
        ),
        Err("python_pyperf", None, "every sample must be a number"),
        id="pyperf-values",
    ),
    pytest.param(
        "json",
        json.dumps({"bench": {"latency": {"value": "fast"}}}),
        Err("json", None, "benchmark 'bench', measure 'latency'"),
        id="bmf-value",
    ),
    pytest.param(
        "json",
        '{"bench": {"latency": {"value": 1' + "0" * 400 + "}}}",
        Err("json", None, "a number is too large"),
        id="bmf-huge-int",
    ),
    pytest.param(
        "dart_benchmark_harness",
        "x" * 1100 + "(RunTime): 1.0 us.\n",
        Err("dart_benchmark_harness", None, "more than 1024"),
        id="name-too-long",
    ),
]


@pytest.mark.parametrize(("adapter", "text", "expected"), BROKEN)
def test_broken_input_names_adapter_source_and_line(adapter: str, text: str, expected: Err) -> None:
    with pytest.raises(AdapterError) as e:
        parse(text, adapter, source="out.txt")
    got = Err(e.value.adapter, e.value.line, e.value.detail)
    assert (got.adapter, got.line) == (expected.adapter, expected.line)
    assert expected.message in got.message
    assert e.value.source == "out.txt"
    assert str(e.value).startswith(f"adapter {adapter}: out.txt")


@pytest.mark.parametrize(("adapter", "text", "expected"), BROKEN)
def test_magic_reports_the_broken_format(adapter: str, text: str, expected: Err) -> None:
    """Magic stops at the adapter whose format it is, with that adapter's error."""
    with pytest.raises(AdapterError) as e:
        parse(text, "magic", source="out.txt")
    assert e.value.adapter == expected.adapter


NOT_MINE = [
    pytest.param("", id="empty"),
    pytest.param("hello world\n", id="prose"),
    pytest.param("{}", id="empty-object"),
    pytest.param("[]", id="empty-array"),
    pytest.param('{"results": []}', id="hyperfine-no-results"),
    pytest.param('{"benchmarks": [], "machine_info": {}, "commit_info": {}}', id="pytest-empty"),
    pytest.param("\nrunning 0 tests\n\ntest result: ok.\n", id="libtest-no-bench"),
]


@pytest.mark.parametrize("text", NOT_MINE)
def test_not_my_format_is_none_for_every_adapter(text: str) -> None:
    inp = AdapterInput(text)
    assert {slug: fn(inp, None) for slug, fn in loaded_adapters().items()} == dict.fromkeys(
        loaded_adapters()
    )


def test_magic_on_unrecognised_input_lists_what_it_tried() -> None:
    with pytest.raises(AdapterError) as e:
        parse("hello world\n", "magic", average="median", source="notes.txt")
    assert e.value.adapter == "magic"
    assert e.value.source == "notes.txt"
    assert "with --average median" in e.value.detail
    assert e.value.detail.endswith(f"(tried {', '.join(MAGIC_ORDER)})")


UNSUPPORTED_AVERAGE = [
    pytest.param("rust_bench", "mean", id="rust_bench-mean"),
    pytest.param("rust_criterion", "median", id="criterion-median"),
    pytest.param("go_bench", "median", id="go-median"),
    pytest.param("cpp_google", "median", id="google-median"),
    pytest.param("cpp_catch2", "median", id="catch2-median"),
    pytest.param("js_benchmark", "mean", id="benchmarkjs-mean"),
    pytest.param("python_asv", "mean", id="asv-mean"),
    pytest.param("java_jmh", "median", id="jmh-median"),
    pytest.param("dart_benchmark_harness", "median", id="dart-median"),
    *(
        pytest.param(slug, avg, id=f"{slug}-{avg}")
        for slug in ("rust_iai", "js_time", "ruby_benchmark", "rust_gungraun")
        for avg in ("mean", "median")
    ),
]


@pytest.mark.parametrize(("adapter", "average"), UNSUPPORTED_AVERAGE)
def test_unsupported_average_is_none(adapter: str, average: str) -> None:
    from bencher_core.models.run import Average

    inp = AdapterInput("anything at all")
    assert loaded_adapters()[adapter](inp, Average(average)) is None


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("rust", "magic"),
        ("python", "magic"),
        (None, "magic"),
        ("rust_iai_callgrind", "rust_gungraun"),
        ("python_pyperf", "python_pyperf"),
    ],
)
def test_resolve_adapter(given: str | None, resolved: str) -> None:
    assert resolve_adapter(given) == resolved


def test_unknown_adapter_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"known adapters: .*shell_hyperfine"):
        parse("x", "fortran_bench")
