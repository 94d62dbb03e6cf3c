"""Folding several iterations into one (Bencher's ``--fold min|max|mean|median``).

* ``min``/``max`` pick a whole metric per benchmark × measure, ordered by (value, upper, lower).
* ``mean`` sums each field and divides by the **number of iterations** (a benchmark missing
  from some iterations is under-weighted, as in Bencher); a missing bound counts as the value.
* ``median`` takes the middle metric in the same order; with an even count, the mean of the two
  middle metrics (bounds summed / 2).
"""

from __future__ import annotations

from collections.abc import Sequence

from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Fold

__all__ = ["fold_results"]


def _key(m: Metric) -> tuple[float, float, float]:
    up = m.upper_value if m.upper_value is not None else m.value
    lo = m.lower_value if m.lower_value is not None else m.value
    return (m.value, up, lo)


def _mean(metrics: Sequence[Metric], n: int) -> Metric:
    value = sum(m.value for m in metrics) / n
    lower = sum(m.lower_value if m.lower_value is not None else m.value for m in metrics) / n
    upper = sum(m.upper_value if m.upper_value is not None else m.value for m in metrics) / n
    return Metric(value=value, lower_value=lower, upper_value=upper)


def fold_results(iterations: Sequence[Results], fold: Fold) -> Results:
    """Collapse ``iterations`` into one Results per Bencher's fold rules."""
    n = len(iterations)
    grouped: dict[str, dict[str, list[Metric]]] = {}
    for results in iterations:
        for bench, measures in results.items():
            row = grouped.setdefault(bench, {})
            for measure, metric in measures.items():
                row.setdefault(measure, []).append(metric)
    out: Results = {}
    for bench, by_measure in grouped.items():
        row_out: dict[str, Metric] = {}
        for measure, metrics in by_measure.items():
            ordered = sorted(metrics, key=_key)
            if fold is Fold.MIN:
                row_out[measure] = ordered[0]
            elif fold is Fold.MAX:
                row_out[measure] = ordered[-1]
            elif fold is Fold.MEAN:
                row_out[measure] = _mean(metrics, n)
            else:
                mid = len(ordered) // 2
                row_out[measure] = (
                    ordered[mid] if len(ordered) % 2 else _mean(ordered[mid - 1 : mid + 1], 2)
                )
        out[bench] = row_out
    return out
