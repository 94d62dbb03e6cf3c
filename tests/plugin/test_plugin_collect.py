"""From pytest-benchmark stats and bencher.record calls to BMF (no pytest run needed)."""

from __future__ import annotations

from typing import Any

import pytest
from dirty_equals import IsFloat
from pytest_benchmark.stats import Stats

from pytest_bencher._collect import Collected, benchmark_metric
from pytest_bencher._fixture import BencherRecorder, MeasureDecl, Record


def stats_of(seconds: list[float]) -> Stats:
    """pytest-benchmark's own ``Stats`` holding these round times."""
    stats = Stats()
    for x in seconds:
        stats.update(x)
    return stats


class Err:
    """An expected failure in a table: the exception type and a part of its message."""

    def __init__(self, kind: type[Exception], match: str) -> None:
        self.kind, self.match = kind, match


def test_mean_is_value_with_stddev_bounds_in_nanoseconds() -> None:
    stats = stats_of([1e-6, 2e-6, 3e-6])

    metric = benchmark_metric(stats, average=None)

    assert metric == {
        "value": IsFloat(approx=2000.0),
        "lower_value": IsFloat(approx=1000.0),
        "upper_value": IsFloat(approx=3000.0),
        "samples": {
            "kind": "all",
            "count": 3,
            "mean": IsFloat(approx=2000.0),
            "stddev": IsFloat(approx=1000.0),
            "values": [IsFloat(approx=1000.0), IsFloat(approx=2000.0), IsFloat(approx=3000.0)],
        },
    }


def test_median_is_value_with_iqr_bounds() -> None:
    stats = stats_of([1e-6, 2e-6, 3e-6, 4e-6, 100e-6])

    metric = benchmark_metric(stats, average="median")

    # pytest-benchmark's quartiles of 1, 2, 3, 4, 100 µs: q1 = 1.75, q3 = 28, IQR = 26.25 µs
    assert (metric["value"], metric["lower_value"], metric["upper_value"]) == (
        IsFloat(approx=3000.0),
        IsFloat(approx=3000.0 - 26250.0),
        IsFloat(approx=3000.0 + 26250.0),
    )


def test_a_single_round_has_no_spread() -> None:
    metric = benchmark_metric(stats_of([1e-6]), average=None)

    assert (metric["value"], metric["lower_value"], metric["upper_value"]) == (
        1000.0,
        1000.0,
        1000.0,
    )
    assert metric["samples"]["stddev"] is None


def test_a_long_run_keeps_a_bounded_sample_summary() -> None:
    rounds = [1e-7 * (1 + (i % 97) / 1000) for i in range(150_000)]

    samples = benchmark_metric(stats_of(rounds), average=None)["samples"]

    assert (samples["kind"], samples["count"], len(samples["values"])) == (
        "quantiles",
        150_000,
        256,
    )
    assert samples["values"][0] == IsFloat(approx=100.0)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param(
            {"measure": "latency", "value": 12},
            Record("t.py::test_x", "latency", 12.0, None, None, None),
            id="built-in-default-benchmark",
        ),
        pytest.param(
            {
                "measure": "accuracy",
                "value": 0.9,
                "lower": 0.85,
                "upper": 0.95,
                "benchmark": "m",
                "units": "ratio",
                "higher_is_better": True,
            },
            Record("m", "accuracy", 0.9, 0.85, 0.95, MeasureDecl("ratio", True)),
            id="custom-with-bounds",
        ),
        pytest.param(
            {"measure": "", "value": 1.0}, Err(ValueError, "measure must be"), id="empty-measure"
        ),
        pytest.param(
            {"measure": "m", "value": "1"}, Err(TypeError, "value must be a number"), id="str"
        ),
        pytest.param(
            {"measure": "m", "value": True}, Err(TypeError, "value must be a number"), id="bool"
        ),
        pytest.param({"measure": "m", "value": float("nan")}, Err(ValueError, "finite"), id="nan"),
        pytest.param(
            {"measure": "m", "value": 1.0, "lower": 2.0},
            Err(ValueError, "lower 2.0 is above"),
            id="lower-above",
        ),
        pytest.param(
            {"measure": "m", "value": 1.0, "upper": 0.5},
            Err(ValueError, "upper 0.5 is below"),
            id="upper-below",
        ),
        pytest.param(
            {"measure": "m", "value": 1.0, "higher_is_better": "yes"},
            Err(TypeError, "higher_is_better must be a bool"),
            id="direction-not-bool",
        ),
        pytest.param(
            {"measure": "m", "value": 1.0, "units": " "},
            Err(ValueError, "units must be"),
            id="blank-units",
        ),
        pytest.param(
            {"measure": "m", "value": 1.0, "benchmark": ""},
            Err(ValueError, "benchmark must be"),
            id="empty-benchmark",
        ),
    ],
)
def test_record(kwargs: dict[str, Any], expected: Record | Err) -> None:
    got: list[Record] = []
    recorder = BencherRecorder("t.py::test_x", got.append)

    if isinstance(expected, Err):
        with pytest.raises(expected.kind, match=expected.match):
            recorder.record(**kwargs)
        assert got == []
    else:
        recorder.record(**kwargs)
        assert got == [expected]


def test_records_become_bmf_and_measure_declarations() -> None:
    c = Collected()
    c.add_record(Record("a", "peak-memory", 10.0, None, 12.0, MeasureDecl("bytes (B)", None)))
    c.add_record(Record("b", "peak-memory", 11.0, None, None, MeasureDecl(None, False)))

    assert c.results == {
        "a": {"peak-memory": {"value": 10.0, "upper_value": 12.0}},
        "b": {"peak-memory": {"value": 11.0}},
    }
    assert c.measures == {"peak-memory": MeasureDecl("bytes (B)", False)}


@pytest.mark.parametrize(
    ("second", "match"),
    [
        pytest.param(Record("a", "m", 2.0, None, None, None), "recorded twice", id="same-metric"),
        pytest.param(
            Record("b", "m", 2.0, None, None, MeasureDecl("s", None)),
            "declared with units='ms', now units='s'",
            id="other-units",
        ),
        pytest.param(
            Record("b", "m", 2.0, None, None, MeasureDecl(None, True)),
            "higher_is_better=False, now higher_is_better=True",
            id="other-direction",
        ),
    ],
)
def test_contradictions_are_refused(second: Record, match: str) -> None:
    c = Collected()
    c.add_record(Record("a", "m", 1.0, None, None, MeasureDecl("ms", False)))

    with pytest.raises(ValueError, match=match):
        c.add_record(second)


def test_workers_payloads_merge_into_one_run() -> None:
    w1, w2 = Collected(), Collected()
    w1.add("t.py::test_a", "latency", {"value": 1.0})
    w1.untimed.append("t.py::test_off")
    w2.add_record(Record("t.py::test_b", "accuracy", 0.9, None, None, MeasureDecl("ratio", True)))
    w2.notes.append("a note")
    controller = Collected()

    controller.merge(w1.payload(), source="gw0")
    controller.merge(w2.payload(), source="gw1")

    assert controller.results == {
        "t.py::test_a": {"latency": {"value": 1.0}},
        "t.py::test_b": {"accuracy": {"value": 0.9}},
    }
    assert controller.measures == {"accuracy": MeasureDecl("ratio", True)}
    assert (controller.untimed, controller.notes) == (["t.py::test_off"], ["a note"])


def test_a_contradiction_between_workers_is_a_note_not_a_crash() -> None:
    controller = Collected()
    controller.merge({"measures": {"m": {"units": "s", "higher_is_better": None}}}, source="gw0")

    controller.merge({"measures": {"m": {"units": "ms", "higher_is_better": None}}}, source="gw1")

    assert controller.measures == {"m": MeasureDecl("s", None)}
    assert controller.notes == [
        "gw1: bencher.record: measure 'm' was declared with units='s', now units='ms'"
    ]


@pytest.mark.parametrize(
    ("exclude", "kept", "left_out"),
    [
        pytest.param((), ["t.py::test_a", "t.py::test_slow[1]"], [], id="none"),
        pytest.param(("*slow*",), ["t.py::test_a"], ["t.py::test_slow[1]"], id="glob"),
        pytest.param(
            ("t.py::test_slow[[]1]",), ["t.py::test_a"], ["t.py::test_slow[1]"], id="brackets"
        ),
        pytest.param(("T.PY::*",), ["t.py::test_a", "t.py::test_slow[1]"], [], id="case-sensitive"),
    ],
)
def test_exclude_globs(exclude: tuple[str, ...], kept: list[str], left_out: list[str]) -> None:
    c = Collected()
    c.add("t.py::test_a", "latency", {"value": 1.0})
    c.add("t.py::test_slow[1]", "latency", {"value": 2.0})

    bmf, excluded = c.without(exclude)

    assert (list(bmf), excluded) == (kept, left_out)
