"""Repeated rows: one benchmark printed several times in one output.

Go's ``-count N`` and Google Benchmark's ``--benchmark_repetitions`` print a benchmark once per
repetition. Bencher keeps only the last row; we keep them all: one metric whose value is the
mean of the repeats, whose bounds are their minimum and maximum, and whose samples are the
repeats themselves. A benchmark printed once stays a plain value without bounds (as in Bencher).
"""

from __future__ import annotations

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._parsing import NOT_FINITE, Broken
from bencher_core.adapters._samples import summarize_floats
from bencher_core.models.metric import Metric, Results

__all__ = ["Repeats"]


class Repeats:
    """Collects values per benchmark (in first-seen order) for one measure."""

    __slots__ = ("_measure", "_values")

    def __init__(self, measure: str = "latency") -> None:
        self._measure = measure
        self._values: dict[str, list[float]] = {}

    def add(self, name: str, value: float) -> None:
        """Record one row's value (a finite float) for ``name``."""
        values = self._values.get(name)
        if values is None:
            self._values[name] = [value]
        else:
            values.append(value)

    def __len__(self) -> int:
        return len(self._values)

    def results(self) -> Results:
        """One metric per benchmark: the value alone, or mean with min/max bounds and samples."""
        out: Results = {}
        measure = self._measure
        for name, values in self._values.items():
            out[name] = {measure: _merge(values)}
        return out


def _merge(values: list[float]) -> Metric:
    if len(values) == 1:
        return new_metric(values[0], None, None, None)  # values are checked by the adapters
    summary = summarize_floats(values)
    if summary.mean - summary.mean:
        raise Broken(f"the mean of {len(values)} repeats is {summary.mean}: {NOT_FINITE}")
    return new_metric(summary.mean, min(values), max(values), summary)
