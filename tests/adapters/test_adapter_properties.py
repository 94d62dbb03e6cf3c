"""Property tests: whatever the input, an adapter returns results, None, or raises AdapterError.

Random text and random JSON, text built from the pieces real formats are made of (so the
parsers get deep into their format), and real outputs with lines dropped, doubled or altered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bencher_core.adapters import adapter_slugs, loaded_adapters, parse
from bencher_core.adapters._registry import AdapterInput
from bencher_core.errors import AdapterError
from bencher_core.models.metric import Metric
from bencher_core.models.run import Average

ADAPTERS = loaded_adapters()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file()
    and p.suffix in (".json", ".txt")
    and not p.name.endswith((".py.txt", ".cc.txt"))
    and not p.name.endswith((".rb.txt", ".js.txt", ".ts.txt", ".cpp.txt", ".go.txt", ".rs.txt"))
)

AVERAGES = [None, Average.MEAN, Average.MEDIAN]

_FRAGMENTS = [
    "test ",
    "tests::a",
    " ... bench:",
    "  1,234.5 ",
    "ns",
    "μs",
    "µs",
    "ms",
    "s",
    "ps",
    "/iter",
    " (+/- ",
    ")",
    "Benchmark",
    "Fib-8",
    "\t",
    "1000",
    "0.5",
    " ns/op",
    " B/op",
    "time:",
    "   [",
    "]",
    " x ",
    " ops/sec ±",
    "%",
    " (5 runs sampled)",
    ": ",
    " - timer ended",
    "(RunTime): ",
    " us.",
    "[ 50.00%] ",
    "··· ",
    "benchmarks.T.time_x",
    "±",
    " ok",
    "======",
    " ",
    "------",
    "--",
    "-" * 79,
    "=" * 79,
    "benchmark name   samples   iterations   estimated",
    "mean",
    "std dev",
    "user     system      total        real",
    "(  0.1234)",
    "a::b::c",
    "  Instructions:",
    "  L1 Accesses:",
    "  L2 Accesses:",
    "  RAM Accesses:",
    "  Estimated Cycles:",
    "|N/A",
    "|",
    "  ======= DHAT =======",
    "  ======= MEMCHECK ===",
    "  Total bytes:",
    "  Errors:",
    "\x1b[1m",
    "\x1b[0m",
    "9" * 400,
    "1e999",
    "nan",
    "-",
    "{",
    "}",
    '"module_path": "m"',
    '"version": "6"',
    "\r",
    "é",
    "\u2028",
]

_format_text = st.lists(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join), max_size=25
).map("\n".join)

_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([10**400, -(10**400), 2**63, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["ns", "us", "s/op", "ops/s", "NaN", "", "x", "6", "second", "byte"]),
    st.text(max_size=8),
)
_KEYS = [
    "results",
    "command",
    "mean",
    "stddev",
    "median",
    "min",
    "max",
    "times",
    "benchmarks",
    "context",
    "caches",
    "name",
    "real_time",
    "time_unit",
    "run_type",
    "error_occurred",
    "machine_info",
    "commit_info",
    "fullname",
    "stats",
    "iqr",
    "data",
    "files",
    "groups",
    "fullName",
    "hz",
    "sd",
    "rme",
    "samples",
    "HostEnvironmentInfo",
    "Benchmarks",
    "Namespace",
    "Method",
    "Statistics",
    "Mean",
    "StandardDeviation",
    "Median",
    "InterquartileRange",
    "Memory",
    "Gen0Collections",
    "benchmark",
    "primaryMetric",
    "score",
    "scoreUnit",
    "scoreConfidence",
    "version",
    "metadata",
    "runs",
    "values",
    "unit",
    "result_columns",
    "result",
    "params",
    "stats_ci_99_a",
    "stats_ci_99_b",
    "commit_hash",
    "date",
    "module_path",
    "id",
    "profiles",
    "tool",
    "summaries",
    "total",
    "summary",
    "Callgrind",
    "Ir",
    "metrics",
    "Left",
    "Both",
    "Int",
    "Float",
    "latency",
    "value",
    "lower_value",
]
_json_doc = st.recursive(
    _json_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=5), children, max_size=6),
    ),
    max_leaves=20,
)


def _call(fn: Any, inp: AdapterInput, average: Average | None) -> Any:
    """The adapter's results, or the AdapterError it raised (anything else propagates)."""
    try:
        return fn(inp, average)
    except AdapterError as e:
        return e


_bmf_doc = st.dictionaries(
    st.text(max_size=6),
    st.dictionaries(
        st.sampled_from(["latency", "throughput", " ", ""]) | st.text(max_size=70),
        st.dictionaries(
            st.sampled_from(["value", "lower_value", "upper_value", "samples"]), _json_leaf
        ),
        max_size=3,
    ),
    max_size=3,
)


def _run_every_adapter(text: str) -> None:
    inp = AdapterInput(text, source="fuzz")
    assert len(ADAPTERS) > 20
    for slug, fn in ADAPTERS.items():
        for average in AVERAGES:
            results = _call(fn, inp, average)
            if isinstance(results, AdapterError):
                assert results.adapter
                assert results.source == "fuzz"
            elif results is not None:
                assert results
                for name, measures in results.items():
                    assert isinstance(name, str), slug
                    assert name
                    assert all(isinstance(m, Metric) for m in measures.values()), slug


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    _run_every_adapter(text)


@_SETTINGS
@given(_format_text)
def test_text_made_of_format_pieces(text: str) -> None:
    _run_every_adapter(text)


@_SETTINGS
@given(_json_doc)
def test_random_json(doc: Any) -> None:
    _run_every_adapter(json.dumps(doc))


@_SETTINGS
@given(_bmf_doc)
def test_bmf_shaped_json(doc: Any) -> None:
    _run_every_adapter(json.dumps(doc))


@_SETTINGS
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["drop", "double", "replace", "truncate"]),
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(_FRAGMENTS),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_damaged_real_outputs(seed: Path, edits: list[tuple[str, int, str]]) -> None:
    lines = seed.read_text(encoding="utf-8").split("\n")
    for op, at, fragment in edits:
        i = at % max(len(lines), 1)
        if op == "drop" and lines:
            del lines[i]
        elif op == "double" and lines:
            lines.insert(i, lines[i])
        elif op == "replace" and lines:
            line = lines[i]
            cut = at % (len(line) + 1)
            lines[i] = line[:cut] + fragment + line[cut + len(fragment) :]
        elif op == "truncate":
            lines = lines[: i + 1]
    _run_every_adapter("\n".join(lines))


#: Fixture files that are not harness output (asv metadata) or not in Bencher's format.
NOT_OUTPUTS = {"machine.json", "benchmarks.json", "node20_console_time.txt"}


@pytest.mark.parametrize("seed", SEEDS, ids=[str(p.relative_to(FIXTURES)) for p in SEEDS])
def test_each_output_is_recognised_by_its_adapter_only(seed: Path) -> None:
    inp = AdapterInput(seed.read_text(encoding="utf-8"))
    takers = {slug for slug, fn in ADAPTERS.items() if fn(inp, None) is not None}
    owner = seed.relative_to(FIXTURES).parts[0]
    assert takers == (set() if seed.name in NOT_OUTPUTS else {owner})


@given(st.text(max_size=200))
@_SETTINGS
def test_magic_errors_list_what_was_tried(text: str) -> None:
    outcome = _call(lambda inp, _: parse(inp.text, "magic", source="x"), AdapterInput(text), None)
    if isinstance(outcome, AdapterError) and outcome.adapter == "magic":
        assert "tried" in outcome.detail
        assert outcome.source == "x"


def test_every_slug_is_accepted() -> None:
    for slug in adapter_slugs():
        with pytest.raises(AdapterError):
            parse("nothing to see", slug)
