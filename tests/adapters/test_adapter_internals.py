"""Building blocks: fast model construction, repeated rows, samples, --fold, the public API."""

from __future__ import annotations

import json
import math
import re
import statistics

import pytest

import bencher_core.adapters as adapters
from bencher_core.adapters import _metric, parse_iterations
from bencher_core.adapters._parsing import first_not_finite, scan_columns
from bencher_core.adapters._repeats import Repeats
from bencher_core.adapters._samples import optional_samples, summarize
from bencher_core.adapters._units import TIME_UNITS_NS, scaled_by_unit, scaled_numbers
from bencher_core.adapters.fold import fold_results
from bencher_core.models.metric import MAX_SAMPLES, Metric, Results, SampleSummary
from bencher_core.models.run import Fold, RunSettings


def test_public_api_is_resolvable() -> None:
    """Every exported name resolves (the lazy ones too); ruff keeps ``__all__`` sorted."""
    assert len(set(adapters.__all__)) == len(adapters.__all__)
    for name in adapters.__all__:
        assert getattr(adapters, name) is not None
    with pytest.raises(AttributeError):
        _ = adapters.no_such_thing  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1.5, None, None, None), Metric(value=1.5)),
        ((1.5, 1.0, 2.0, None), Metric(value=1.5, lower_value=1.0, upper_value=2.0)),
    ],
    ids=["value", "bounds"],
)
def test_fast_metrics_equal_validated_ones(args: tuple, expected: Metric) -> None:  # type: ignore[type-arg]
    for build in (_metric.new_metric, _metric._constructed):
        got = build(*args)
        assert got == expected
        assert got.bmf() == expected.bmf()
        assert got.model_dump() == expected.model_dump()
        assert repr(got) == repr(expected)


def test_the_fast_path_is_in_use_with_this_pydantic() -> None:
    """If this fails, pydantic changed its model layout and parsing fell back to model_construct."""
    assert _metric.new_metric is _metric._direct
    assert _metric.new_summary is _metric._direct_summary


def test_metrics_built_in_bulk_equal_those_built_one_by_one() -> None:
    values, lowers, uppers = [1.5, 2.5, 3.5], [1.0, None, 3.0], [2.0, None, 4.0]
    for build in (_metric.new_metrics, _metric._one_by_one):
        bounded = build(values, lowers, uppers)
        plain = build(values, None, None)
        for k, metric in enumerate(bounded):
            expected = Metric(value=values[k], lower_value=lowers[k], upper_value=uppers[k])
            assert metric == expected
            assert repr(metric) == repr(expected)
            assert metric.model_dump() == expected.model_dump()
        assert plain == [Metric(value=v) for v in values]
        assert [m.bmf() for m in plain] == [{"value": v} for v in values]
    assert _metric._build_many is _metric._direct_many  # the fast path is in use


def test_adopted_states_become_the_metrics_state() -> None:
    for adopt in (_metric.adopt_metric_states, _metric._adopt_constructed):
        states: list[dict[str, object]] = [
            {"value": 1.5, "lower_value": 1.0, "upper_value": 2.0},
            {"upper_value": 4.0, "value": 3.5, "lower_value": 3.0},  # another key order
        ]
        built = adopt(states)
        assert built == [
            Metric(value=1.5, lower_value=1.0, upper_value=2.0),
            Metric(value=3.5, lower_value=3.0, upper_value=4.0),
        ]
        assert all(state["samples"] is None for state in states)
        assert (
            built[0].model_dump()
            == Metric(value=1.5, lower_value=1.0, upper_value=2.0).model_dump()
        )
    assert _metric._adopt is _metric._adopt_direct  # the fast path is in use
    states = [{"value": 1.5, "lower_value": 1.0, "upper_value": 2.0}]
    assert _metric.adopt_metric_states(states)[0].__dict__ is states[0]  # not a copy


@pytest.mark.parametrize(
    "doc",
    [
        {"a": {"latency": {"value": 2.5, "lower_value": 2.0, "upper_value": 3.0}}},
        {
            "a": {
                "latency": {"value": 2.5, "lower_value": 2.0, "upper_value": 3.0},
                "throughput": {"upper_value": 9.0, "lower_value": 7.0, "value": 8.0},
            },
            "b c": {"latency": {"value": 1e-9, "lower_value": 1e-10, "upper_value": 2e-9}},
        },
        {"a": {"latency": {"value": 2, "lower_value": 2.0, "upper_value": 3.0}}},  # an int
        {"a": {"latency": {"value": 2.5, "lower_value": 2.0, "upper_value": 3.0, "x": 1.0}}},
        {"a": {"latency": {"value": 2.5, "lower_value": 2.0}}},  # no upper bound
    ],
    ids=["one-measure", "two-measures", "int", "extra-key", "no-upper"],
)
def test_json_adapter_builds_from_the_decoded_document_and_gives_it_up(doc: dict) -> None:  # type: ignore[type-arg]
    from bencher_core.adapters._registry import AdapterInput
    from bencher_core.adapters.json_bmf import parse_json
    from bencher_core.models.metric import results_from_bmf

    text = json.dumps(doc)
    inp = AdapterInput(text)
    got = parse_json(inp, None)
    assert got == results_from_bmf(json.loads(text))
    assert {k: {m: x.bmf() for m, x in v.items()} for k, v in got.items()} == {
        k: {m: {f: float(n) for f, n in x.items() if f != "x"} for m, x in v.items()}
        for k, v in doc.items()
    }
    assert inp.json == doc  # whatever the adapter reused, the input decodes as before


def test_one_measure_results_keep_the_first_place_and_the_last_metric() -> None:
    metrics = [Metric(value=1.0), Metric(value=2.0), Metric(value=3.0)]
    results = _metric.one_measure_results(iter(["a", "b", "a"]), "latency", metrics)
    assert list(results) == ["a", "b"]
    assert results == {"a": {"latency": metrics[2]}, "b": {"latency": metrics[1]}}


def test_scan_columns_is_findall_by_column() -> None:
    regex = re.compile(r"^(\w+)=(\d+)(?:/(\d+)|)$", re.MULTILINE)
    text = "a=1/2\nnoise\nb=3\n\nc=4/5"
    assert list(zip(*scan_columns(regex, text), strict=True)) == [
        ("a", "1", "2"),
        ("b", "3", None),  # findall would give "" for the group that did not take part
        ("c", "4", "5"),
    ]
    assert scan_columns(regex, "nothing here") == [[], [], []]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (([1.0, 2.0], [3.0, 4.0]), None),
        (([1.0, math.inf], [3.0, 4.0]), 1),
        (([1.0, 2.0], [math.nan, 4.0]), 0),
        (([1.0, 2.0, 3.0], [4.0, 5.0, -math.inf]), 2),
        (([1e308, 1e308, 1.0],), None),  # the sum overflows, no value does
        (([],), None),
    ],
    ids=["finite", "inf", "nan-first", "last-column", "sum-overflows", "empty"],
)
def test_first_not_finite(columns: tuple[list[float], ...], expected: int | None) -> None:
    assert first_not_finite(*columns) == expected


def test_scaled_numbers() -> None:
    assert scaled_numbers(["1.5", "2"], 1e3) == [1500.0, 2000.0]
    assert scaled_numbers(["1,234.5", "2"], 2.0) == [2469.0, 4.0]  # separators
    assert scaled_numbers(["9" * 400], 1.0) == [math.inf]  # refused later, by its caller


def test_scaled_by_unit() -> None:
    assert scaled_by_unit(["1", "2"], ["ms", "ms"], TIME_UNITS_NS) == [1e6, 2e6]
    assert scaled_by_unit(["1", "2,000"], ["us", "ns"], TIME_UNITS_NS) == [1e3, 2e3]
    assert scaled_by_unit(["1", "2"], ["ms", "yr"], TIME_UNITS_NS) is None
    assert scaled_by_unit([], [], TIME_UNITS_NS) == []


def test_fast_metric_with_samples_round_trips() -> None:
    summary = summarize([1, 2, 3], scale=1e9)
    metric = _metric.new_metric(2e9, 1e9, 3e9, summary)
    expected = Metric(value=2e9, lower_value=1e9, upper_value=3e9, samples=summary)
    assert metric == expected
    assert Metric.model_validate(metric.model_dump()) == expected
    assert metric.model_copy(update={"value": 5.0}).value == 5.0
    assert metric.value == 2e9  # the copy did not touch the original


@pytest.mark.parametrize(
    ("values", "kind", "count"),
    [
        ([0.001, 0.002, 0.004], "all", 3),
        ([0.001] * (MAX_SAMPLES + 10), "quantiles", MAX_SAMPLES + 10),
    ],
    ids=["all", "quantiles"],
)
def test_summarize(values: list[float], kind: str, count: int) -> None:
    summary = summarize(values, scale=1e9)
    expected = SampleSummary.of(values, scale=1e9)
    assert (summary.kind, summary.count) == (kind, count)
    assert summary.mean == pytest.approx(expected.mean)
    assert summary.stddev == pytest.approx(expected.stddev)
    assert summary.values == pytest.approx(expected.values)


@pytest.mark.parametrize(
    "values", [None, [], ["x"], [1.0, "... omitted"], [float("inf")], [None]], ids=repr
)
def test_optional_samples_drop_unusable_lists(values: object) -> None:
    assert optional_samples(values) is None


def test_repeats() -> None:
    repeats = Repeats()
    for name, value in [("a", 3.0), ("b", 7.0), ("a", 1.0), ("a", 2.0)]:
        repeats.add(name, value)
    results = repeats.results()
    a = results["a"]["latency"]
    assert (a.value, a.lower_value, a.upper_value) == (2.0, 1.0, 3.0)
    assert a.samples is not None
    assert a.samples.values == [3.0, 1.0, 2.0]
    assert a.samples.stddev == pytest.approx(statistics.stdev([3.0, 1.0, 2.0]))
    assert results["b"]["latency"] == Metric(value=7.0)


def _it(value: float, lower: float | None = None, upper: float | None = None) -> Results:
    return {"b": {"latency": Metric(value=value, lower_value=lower, upper_value=upper)}}


@pytest.mark.parametrize(
    ("fold", "expected"),
    [
        (Fold.MIN, Metric(value=1.0, lower_value=0.5, upper_value=1.5)),
        (Fold.MAX, Metric(value=5.0)),
        (
            Fold.MEAN,
            Metric(value=3.0, lower_value=(0.5 + 3.0 + 5.0) / 3, upper_value=(1.5 + 3.0 + 5.0) / 3),
        ),
        (Fold.MEDIAN, Metric(value=3.0)),
    ],
    ids=lambda v: getattr(v, "value", None) if isinstance(v, Fold) else None,
)
def test_fold(fold: Fold, expected: Metric) -> None:
    iterations = [_it(3.0), _it(1.0, 0.5, 1.5), _it(5.0)]
    assert fold_results(iterations, fold) == {"b": {"latency": expected}}


def test_fold_median_of_an_even_count_averages_the_middle_two() -> None:
    folded = fold_results([_it(1.0), _it(2.0), _it(4.0), _it(8.0)], Fold.MEDIAN)
    assert folded["b"]["latency"] == Metric(value=3.0, lower_value=3.0, upper_value=3.0)


def test_fold_mean_divides_by_every_iteration() -> None:
    """As in Bencher: a benchmark missing from an iteration is under-weighted."""
    folded = fold_results([_it(4.0), {"other": {"latency": Metric(value=1.0)}}], Fold.MEAN)
    assert folded["b"]["latency"].value == 2.0


def test_parse_iterations_with_and_without_fold() -> None:
    outputs = ["Fib(RunTime): 1.0 us.\n", "Fib(RunTime): 3.0 us.\n"]
    assert [r["Fib"]["latency"].value for r in parse_iterations(outputs)] == [1000.0, 3000.0]
    folded = parse_iterations(outputs, RunSettings(fold=Fold.MAX))
    assert len(folded) == 1
    assert folded[0]["Fib"]["latency"].value == 3000.0
