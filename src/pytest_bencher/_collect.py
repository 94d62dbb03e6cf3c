"""What a session (or one xdist worker) measured, as plain BMF data.

Everything here is JSON-ready (dicts, lists, floats), so an xdist worker hands its
:meth:`Collected.payload` to the controller through ``workeroutput`` unchanged, and the
controller :meth:`Collected.merge` s every worker's payload into one run.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_bencher._fixture import MeasureDecl, Record

__all__ = ["LATENCY", "Collected", "benchmark_metric"]

#: pytest-benchmark results go to Bencher's built-in latency measure (nanoseconds).
LATENCY = "latency"

_NS_PER_S = 1e9


def benchmark_metric(stats: Any, *, average: str | None) -> dict[str, Any]:
    """BMF metric of one pytest-benchmark result (Bencher's ``python_pytest`` convention).

    Latency in ns: ``mean ∓ stddev``, or ``median ∓ IQR`` with ``average="median"``, plus a
    bounded summary of the round times (at most 256 values, whatever the round count).

    Args:
        stats: pytest-benchmark's ``Stats`` (round times in seconds in ``data``).
        average: ``"median"`` or ``"mean"``/None.
    """
    from bencher_core.models.metric import SampleSummary

    if average == "median":
        center, spread = float(stats.median), float(stats.iqr)
    else:
        center, spread = float(stats.mean), float(stats.stddev)
    return {
        "value": center * _NS_PER_S,
        "lower_value": (center - spread) * _NS_PER_S,
        "upper_value": (center + spread) * _NS_PER_S,
        "samples": SampleSummary.of(stats.data, scale=_NS_PER_S).model_dump(),
    }


def _matches(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, g) for g in globs)


@dataclass
class Collected:
    """Results of a session: BMF, custom measure declarations, and what could not be timed."""

    results: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    measures: dict[str, MeasureDecl] = field(default_factory=dict)
    untimed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, benchmark: str, measure: str, metric: dict[str, Any]) -> None:
        """Add one metric.

        Raises:
            ValueError: this benchmark already has a value for this measure.
        """
        row = self.results.setdefault(benchmark, {})
        if measure in row:
            raise ValueError(f"bencher: {measure!r} of {benchmark!r} was recorded twice in one run")
        row[measure] = metric

    def add_record(self, record: Record) -> None:
        """The ``bencher`` fixture's sink.

        Raises:
            ValueError: a metric recorded twice, or a measure declared with other units or
                direction than before in this run.
        """
        if record.declared is not None:
            self.declare(record.measure, record.declared)
        metric: dict[str, Any] = {"value": record.value}
        if record.lower_value is not None:
            metric["lower_value"] = record.lower_value
        if record.upper_value is not None:
            metric["upper_value"] = record.upper_value
        self.add(record.benchmark, record.measure, metric)

    def declare(self, measure: str, decl: MeasureDecl) -> None:
        """Remember a custom measure's units and direction (first declaration wins)."""
        known = self.measures.get(measure)
        if known is None:
            self.measures[measure] = decl
            return
        for attr in ("units", "higher_is_better"):
            new, old = getattr(decl, attr), getattr(known, attr)
            if new is not None and old is not None and new != old:
                raise ValueError(
                    f"bencher.record: measure {measure!r} was declared with {attr}={old!r}, "
                    f"now {attr}={new!r}"
                )
        self.measures[measure] = MeasureDecl(
            units=known.units if known.units is not None else decl.units,
            higher_is_better=(
                known.higher_is_better
                if known.higher_is_better is not None
                else decl.higher_is_better
            ),
        )

    def without(
        self, exclude: Iterable[str]
    ) -> tuple[dict[str, dict[str, dict[str, Any]]], list[str]]:
        """The BMF to submit (benchmarks matching ``exclude`` left out) and the names left out."""
        globs = list(exclude)
        if not globs:
            return self.results, []
        kept = {b: ms for b, ms in self.results.items() if not _matches(b, globs)}
        return kept, [b for b in self.results if b not in kept]

    # -- xdist ------------------------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        """A JSON-ready copy for ``config.workeroutput``."""
        return {
            "results": self.results,
            "measures": {
                k: {"units": d.units, "higher_is_better": d.higher_is_better}
                for k, d in self.measures.items()
            },
            "untimed": self.untimed,
            "notes": self.notes,
        }

    def merge(self, payload: Mapping[str, Any], *, source: str) -> None:
        """Fold a worker's :meth:`payload` in (a repeated metric keeps the last value)."""
        for bench, ms in payload.get("results", {}).items():
            self.results.setdefault(bench, {}).update(ms)
        for key, decl in payload.get("measures", {}).items():
            try:
                self.declare(key, MeasureDecl(decl.get("units"), decl.get("higher_is_better")))
            except ValueError as e:
                self.notes.append(f"{source}: {e}")
        self.untimed.extend(payload.get("untimed", []))
        self.notes.extend(payload.get("notes", []))
