"""Building :class:`~bencher_core.models.metric.Metric` objects at parsing speed.

A validated ``Metric(...)`` costs a few microseconds (pydantic's ``__init__`` plus three field
validators); a 10 MB output holds a hundred thousand metrics. The adapters check their numbers
themselves (finite floats, see ``make_metric``), so :func:`new_metric` fills the model's state
directly, as ``Metric.model_construct`` does, without its Python-level overhead. At import the
result is compared with a validated ``Metric``; if a pydantic release ever lays models out
differently, :func:`new_metric` falls back to ``Metric.model_construct``.
"""

from __future__ import annotations

from collections.abc import Callable

from bencher_core.models.metric import Metric, SampleSummary

__all__ = ["new_metric"]

_new = object.__new__
_set = object.__setattr__
# Shared by every metric built here: pydantic copies a model's fields-set before changing it.
_BOUNDS_SET = {"value", "lower_value", "upper_value"}
_SAMPLES_SET = {"value", "lower_value", "upper_value", "samples"}


def _direct(
    value: float, lower: float | None, upper: float | None, samples: SampleSummary | None
) -> Metric:
    metric: Metric = _new(Metric)
    _set(
        metric,
        "__dict__",
        {"value": value, "lower_value": lower, "upper_value": upper, "samples": samples},
    )
    _set(metric, "__pydantic_fields_set__", _BOUNDS_SET if samples is None else _SAMPLES_SET)
    _set(metric, "__pydantic_extra__", None)
    _set(metric, "__pydantic_private__", None)
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
