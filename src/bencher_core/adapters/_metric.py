"""Building :class:`~bencher_core.models.metric.Metric` objects at parsing speed.

A validated ``Metric(...)`` costs a few microseconds (pydantic's ``__init__`` plus three field
validators); a 10 MB output holds a hundred thousand metrics. The adapters check their numbers
themselves (finite floats, see ``make_metric``), so :func:`new_metric` fills the model's state
directly, as ``Metric.model_construct`` does, without its Python-level overhead (calling the
slot descriptors themselves). At import the
result is compared with a validated ``Metric``; if a pydantic release ever lays models out
differently, :func:`new_metric` falls back to ``Metric.model_construct``.

Text adapters that scan a whole output with one regex build all their metrics at once
(:func:`new_metrics`, :func:`one_measure_results`): the same state, filled column by column by
C-level ``map`` calls instead of one Python call per metric.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat

from bencher_core.models.metric import Metric, Results, SampleSummary

__all__ = [
    "adopt_metric_states",
    "new_metric",
    "new_metrics",
    "new_summary",
    "one_measure_results",
]

_new = object.__new__
_consume = deque[object](maxlen=0).extend  # runs an iterator out at C speed


def _setter(cls: type, name: str) -> Callable[[object, object], None]:
    """The ``__set__`` of the slot (or ``__dict__``) descriptor ``name`` of ``cls``.

    Calling it directly skips ``object.__setattr__``'s lookup (and the frozen model's guard),
    which is most of the cost of filling a model by hand.
    """
    for klass in cls.__mro__:
        if name in vars(klass):
            setter: Callable[[object, object], None] = vars(klass)[name].__set__
            return setter
    return _missing  # pragma: no cover - then the self-check below picks the safe path


def _missing(obj: object, value: object) -> None:  # pragma: no cover
    raise AttributeError("pydantic lays models out differently: no such slot")


_set_dict = _setter(Metric, "__dict__")
_set_fields = _setter(Metric, "__pydantic_fields_set__")
_set_extra = _setter(Metric, "__pydantic_extra__")
_set_private = _setter(Metric, "__pydantic_private__")
# Shared by every metric built here: pydantic copies a model's fields-set before changing it.
_BOUNDS_SET = {"value", "lower_value", "upper_value"}
_SAMPLES_SET = {"value", "lower_value", "upper_value", "samples"}


def _direct(
    value: float, lower: float | None, upper: float | None, samples: SampleSummary | None
) -> Metric:
    metric: Metric = _new(Metric)
    _set_dict(
        metric, {"value": value, "lower_value": lower, "upper_value": upper, "samples": samples}
    )
    _set_fields(metric, _BOUNDS_SET if samples is None else _SAMPLES_SET)
    _set_extra(metric, None)
    _set_private(metric, None)
    return metric


def _constructed(
    value: float, lower: float | None, upper: float | None, samples: SampleSummary | None
) -> Metric:
    return Metric.model_construct(
        value=value, lower_value=lower, upper_value=upper, samples=samples
    )


def _works(build: Callable[..., Metric]) -> bool:
    try:
        probe = build(1.5, 1.0, 2.0, None)
        expected = Metric(value=1.5, lower_value=1.0, upper_value=2.0)
        return (
            probe == expected
            and probe.bmf() == expected.bmf()
            and probe.model_dump() == expected.model_dump()
            and probe.model_copy(update={"value": 3.0}).value == 3.0
        )
    except Exception:  # any failure means "use the safe path"
        return False


#: ``new_metric(value, lower, upper, samples)``: a Metric from already-checked finite floats.
new_metric: Callable[[float, float | None, float | None, SampleSummary | None], Metric] = (
    _direct if _works(_direct) else _constructed
)


def _direct_many(
    values: Sequence[float],
    lowers: Sequence[float | None] | None,
    uppers: Sequence[float | None] | None,
) -> list[Metric]:
    n = len(values)
    metrics: list[Metric] = list(map(_new, repeat(Metric, n)))
    if lowers is None or uppers is None:
        states = [
            {"value": v, "lower_value": None, "upper_value": None, "samples": None} for v in values
        ]
    else:
        states = [
            {"value": v, "lower_value": lo, "upper_value": up, "samples": None}
            for v, lo, up in zip(values, lowers, uppers, strict=True)
        ]
    _consume(map(_set_dict, metrics, states))
    _consume(map(_set_fields, metrics, repeat(_BOUNDS_SET, n)))
    _consume(map(_set_extra, metrics, repeat(None, n)))
    _consume(map(_set_private, metrics, repeat(None, n)))
    return metrics


def _one_by_one(
    values: Sequence[float],
    lowers: Sequence[float | None] | None,
    uppers: Sequence[float | None] | None,
) -> list[Metric]:
    if lowers is None or uppers is None:
        return [new_metric(v, None, None, None) for v in values]
    return [new_metric(v, lo, up, None) for v, lo, up in zip(values, lowers, uppers, strict=True)]


def _many_works() -> bool:
    try:
        built = _direct_many([1.5, 2.5], [1.0, None], [2.0, None])
        return built == [new_metric(1.5, 1.0, 2.0, None), new_metric(2.5, None, None, None)]
    except Exception:  # any failure means "use the safe path"
        return False


_build_many = _direct_many if new_metric is _direct and _many_works() else _one_by_one


def new_metrics(
    values: Sequence[float],
    lowers: Sequence[float | None] | None = None,
    uppers: Sequence[float | None] | None = None,
) -> list[Metric]:
    """``new_metric`` over columns of already-checked finite floats (no bounds when ``lowers``
    or ``uppers`` is None); the metrics equal those built one by one."""
    return _build_many(values, lowers, uppers)


def _adopt_direct(states: list[dict[str, object]]) -> list[Metric]:
    n = len(states)
    _consume(map(operator.setitem, states, repeat("samples"), repeat(None, n)))
    metrics: list[Metric] = list(map(_new, repeat(Metric, n)))
    _consume(map(_set_dict, metrics, states))
    _consume(map(_set_fields, metrics, repeat(_BOUNDS_SET, n)))
    _consume(map(_set_extra, metrics, repeat(None, n)))
    _consume(map(_set_private, metrics, repeat(None, n)))
    return metrics


def _adopt_constructed(states: list[dict[str, object]]) -> list[Metric]:
    metrics = [Metric.model_construct(**state) for state in states]  # type: ignore[arg-type]
    for state in states:
        state["samples"] = None
    return metrics


def _adopt_works() -> bool:
    try:
        built = _adopt_direct([{"value": 1.5, "lower_value": 1.0, "upper_value": 2.0}])
        return built == [new_metric(1.5, 1.0, 2.0, None)]
    except Exception:  # any failure means "use the safe path"
        return False


_adopt = _adopt_direct if new_metric is _direct and _adopt_works() else _adopt_constructed


def adopt_metric_states(states: list[dict[str, object]]) -> list[Metric]:
    """Metrics whose state *is* the given dicts (decoded BMF metric objects), not a copy.

    Each dict must hold exactly ``value``, ``lower_value`` and ``upper_value``, all finite
    floats (the caller checks); ``samples: None`` is added to it. The metrics equal those built
    by :func:`new_metric`; the state keeps the dict's key order (so does ``model_dump``).
    """
    return _adopt(states)


def one_measure_results(names: Iterable[str], measure: str, metrics: list[Metric]) -> Results:
    """``{name: {measure: metric}}`` in order; a name met twice keeps its first place and its
    last metric (as assigning row by row does)."""
    return dict(zip(names, [{measure: m} for m in metrics], strict=True))


_SUMMARY_SET = {"kind", "count", "mean", "stddev", "values"}


def _direct_summary(
    count: int, mean: float, stddev: float | None, values: list[float]
) -> SampleSummary:
    summary: SampleSummary = _new(SampleSummary)
    _set_dict(
        summary, {"kind": "all", "count": count, "mean": mean, "stddev": stddev, "values": values}
    )
    _set_fields(summary, _SUMMARY_SET)
    _set_extra(summary, None)
    _set_private(summary, None)
    return summary


def _constructed_summary(
    count: int, mean: float, stddev: float | None, values: list[float]
) -> SampleSummary:
    return SampleSummary.model_construct(
        kind="all", count=count, mean=mean, stddev=stddev, values=values
    )


def _summary_works() -> bool:
    try:
        probe = _direct_summary(2, 1.5, 0.5, [1.0, 2.0])
        expected = SampleSummary(kind="all", count=2, mean=1.5, stddev=0.5, values=[1.0, 2.0])
        return probe == expected and probe.model_dump() == expected.model_dump()
    except Exception:  # any failure means "use the safe path"
        return False


#: ``new_summary(count, mean, stddev, values)``: an ``all``-kind summary of checked floats.
new_summary: Callable[[int, float, float | None, list[float]], SampleSummary] = (
    _direct_summary if _summary_works() else _constructed_summary
)
