"""The ``bencher`` fixture: record any metric from any test.

Example::

    def test_peak_memory(bencher):
        peak = build_index_and_measure_peak()
        bencher.record("peak-memory", peak, units="bytes (B)", higher_is_better=False)
        bencher.record("accuracy", 0.93, units="ratio", higher_is_better=True)
        bencher.record("throughput", 1.2e6)          # built-in: ops/s, higher is better

Without ``--bencher`` the fixture still validates what it is given, and drops it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["BencherRecorder", "MeasureDecl", "Record"]


@dataclass(frozen=True)
class MeasureDecl:
    """Units and direction declared for a custom measure (None: not given)."""

    units: str | None = None
    higher_is_better: bool | None = None


@dataclass(frozen=True)
class Record:
    """One recorded metric, in BMF terms."""

    benchmark: str
    measure: str
    value: float
    lower_value: float | None
    upper_value: float | None
    declared: MeasureDecl | None


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"bencher.record: {name} must be a number, got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"bencher.record: {name} must be finite, got {value!r}")
    return out


class BencherRecorder:
    """What the ``bencher`` fixture gives a test.

    Args:
        nodeid: the test's node id, the default benchmark name.
        sink: receives each :class:`Record`; None when the plugin is off (records are dropped).
    """

    def __init__(self, nodeid: str, sink: Callable[[Record], None] | None) -> None:
        self.nodeid = nodeid
        self._sink = sink

    @property
    def enabled(self) -> bool:
        """True when records go to a report (``--bencher`` is on)."""
        return self._sink is not None

    def record(
        self,
        measure: str,
        value: float,
        *,
        lower: float | None = None,
        upper: float | None = None,
        benchmark: str | None = None,
        units: str | None = None,
        higher_is_better: bool | None = None,
    ) -> None:
        """Record ``value`` of ``measure`` for ``benchmark`` (default: this test's node id).

        Built-in measures (``latency`` ns, ``throughput`` ops/s, ``file-size`` B, …) know their
        units and direction; give ``units`` and ``higher_is_better`` for custom ones.

        Raises:
            TypeError: a value that is not a number, or a direction that is not a bool.
            ValueError: an empty name, a non-finite value, bounds on the wrong side; with
                ``--bencher`` also a metric recorded twice in one run, or a measure declared
                with other units or direction than before.
        """
        if not isinstance(measure, str) or not measure.strip():
            raise ValueError(f"bencher.record: measure must be a non-empty name, got {measure!r}")
        name = self.nodeid if benchmark is None else benchmark
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"bencher.record: benchmark must be a non-empty name, got {name!r}")
        if higher_is_better is not None and not isinstance(higher_is_better, bool):
            raise TypeError(
                f"bencher.record: higher_is_better must be a bool, got {higher_is_better!r}"
            )
        if units is not None and (not isinstance(units, str) or not units.strip()):
            raise ValueError(f"bencher.record: units must be a non-empty string, got {units!r}")
        v = _number("value", value)
        lo = None if lower is None else _number("lower", lower)
        hi = None if upper is None else _number("upper", upper)
        if lo is not None and lo > v:
            raise ValueError(f"bencher.record: lower {lo} is above the value {v}")
        if hi is not None and hi < v:
            raise ValueError(f"bencher.record: upper {hi} is below the value {v}")
        declared = None
        if units is not None or higher_is_better is not None:
            declared = MeasureDecl(units=units, higher_is_better=higher_is_better)
        if self._sink is not None:
            self._sink(Record(name, measure, v, lo, hi, declared))
