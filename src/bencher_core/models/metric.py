"""Bencher Metric Format (BMF): ``{benchmark: {measure: {value, lower_value?, upper_value?}}}``.

A metric may also carry a bounded summary of the samples behind it (pytest-benchmark rounds,
pyperf values, asv samples): at most :data:`MAX_SAMPLES` values, either all of them or evenly
spaced quantiles, so a benchmark timed 150,000 times stores a few hundred numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bencher_core.errors import InvalidInputError

__all__ = [
    "MAX_SAMPLES",
    "Metric",
    "Results",
    "SampleSummary",
    "results_from_bmf",
    "results_to_bmf",
]

MAX_SAMPLES = 256


def _finite(value: float | None, field: str) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError(
            f"{field} must be a finite number, got {value!r} (NaN and infinities are refused)"
        )
    return value


class SampleSummary(BaseModel):
    """A bounded summary of a metric's samples, in the metric's units.

    ``values`` holds every sample when there are at most :data:`MAX_SAMPLES`; otherwise
    ``MAX_SAMPLES`` quantiles at evenly spaced probabilities (``kind="quantiles"``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(default="all", pattern="^(all|quantiles)$")
    count: int = Field(ge=1, description="how many samples were taken")
    mean: float
    stddev: float | None = None
    values: list[float] = Field(max_length=MAX_SAMPLES)

    @field_validator("values")
    @classmethod
    def _values_finite(cls, values: list[float]) -> list[float]:
        for v in values:
            _finite(v, "samples")
        return values

    @classmethod
    def of(cls, samples: Iterable[float] | np.ndarray, *, scale: float = 1.0) -> SampleSummary:
        """Summarise ``samples`` (multiplied by ``scale``), keeping at most MAX_SAMPLES values."""
        arr = np.asarray(samples if isinstance(samples, np.ndarray) else list(samples), dtype=float)
        if scale != 1.0:
            arr = arr * scale
        if arr.size == 0:
            raise InvalidInputError("a sample summary needs at least one sample")
        if not np.isfinite(arr).all():
            raise InvalidInputError(
                "samples must be finite numbers (NaN and infinities are refused)"
            )
        stddev = float(arr.std(ddof=1)) if arr.size > 1 else None
        if arr.size <= MAX_SAMPLES:
            return cls(
                kind="all",
                count=int(arr.size),
                mean=float(arr.mean()),
                stddev=stddev,
                values=arr.tolist(),
            )
        probs = np.linspace(0.0, 1.0, MAX_SAMPLES)
        return cls(
            kind="quantiles",
            count=int(arr.size),
            mean=float(arr.mean()),
            stddev=stddev,
            values=np.quantile(arr, probs).tolist(),
        )


class Metric(BaseModel):
    """One measured value with optional bounds (BMF), and optionally its samples."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    value: float
    lower_value: float | None = None
    upper_value: float | None = None
    samples: SampleSummary | None = None

    @field_validator("value", "lower_value", "upper_value")
    @classmethod
    def _finite(cls, v: float | None, info: Any) -> float | None:
        return _finite(v, info.field_name)

    def bmf(self) -> dict[str, Any]:
        """The BMF object for this metric (samples included only when present)."""
        out: dict[str, Any] = {"value": self.value}
        if self.lower_value is not None:
            out["lower_value"] = self.lower_value
        if self.upper_value is not None:
            out["upper_value"] = self.upper_value
        if self.samples is not None:
            out["samples"] = self.samples.model_dump()
        return out


#: Parsed results: benchmark name -> measure key -> metric. Insertion order is kept.
Results = dict[str, dict[str, Metric]]


_PLAIN = (int, float)


def _fast_metric(metric: object) -> Metric | None:
    """The common case (finite numbers, no samples) without a validation pass; else None."""
    if type(metric) is not dict or "samples" in metric:
        return None
    value = metric.get("value")
    lower = metric.get("lower_value")
    upper = metric.get("upper_value")
    for v in (value, lower, upper):
        if v is not None and (type(v) not in _PLAIN or not math.isfinite(v)):
            return None
    if value is None:
        return None
    return Metric.model_construct(
        value=float(value),
        lower_value=None if lower is None else float(lower),
        upper_value=None if upper is None else float(upper),
        samples=None,
    )


def results_from_bmf(data: Mapping[str, Any]) -> Results:
    """Validate a decoded BMF document into :data:`Results`.

    Raises:
        InvalidInputError: naming the benchmark and measure that is wrong.
    """
    from pydantic import ValidationError

    from bencher_core.models._names import check_benchmark_name, check_resource_name

    if not isinstance(data, Mapping):
        raise InvalidInputError("BMF must be a JSON object of benchmarks")
    out: Results = {}
    seen_measures: set[object] = set()
    for bench, measures in data.items():
        try:
            check_benchmark_name(str(bench))
        except ValueError as e:
            raise InvalidInputError(str(e)) from e
        if not isinstance(measures, Mapping):
            raise InvalidInputError(f"benchmark {bench!r}: expected an object of measures")
        row: dict[str, Metric] = {}
        for measure, metric in measures.items():
            try:
                if measure not in seen_measures:
                    check_resource_name(str(measure), what="measure")
                    seen_measures.add(measure)
                row[str(measure)] = _fast_metric(metric) or (
                    metric if isinstance(metric, Metric) else Metric.model_validate(metric)
                )
            except (ValidationError, ValueError) as e:
                msg = e.errors()[0]["msg"] if isinstance(e, ValidationError) else str(e)
                raise InvalidInputError(f"benchmark {bench!r}, measure {measure!r}: {msg}") from e
        out[str(bench)] = row
    return out


def results_to_bmf(results: Results) -> dict[str, dict[str, dict[str, Any]]]:
    """Results as a plain BMF dict (JSON-ready)."""
    return {b: {m: metric.bmf() for m, metric in ms.items()} for b, ms in results.items()}
