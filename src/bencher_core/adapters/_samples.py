"""Sample summaries built fast enough for large files.

:meth:`SampleSummary.of` goes through numpy and full validation, which costs tens of
microseconds for a handful of values; a 10 MB hyperfine or pytest-benchmark file holds
thousands of small sample lists. :func:`summarize` checks the values once itself and builds the
summary directly when they fit, falling back to :meth:`SampleSummary.of` for long lists (which
it reduces to quantiles).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bencher_core.adapters._metric import new_summary
from bencher_core.adapters._parsing import Broken
from bencher_core.models.metric import MAX_SAMPLES, SampleSummary

__all__ = ["optional_samples", "summarize", "summarize_floats"]


def summarize(
    values: Sequence[object], *, scale: float = 1.0, where: str = "samples"
) -> SampleSummary:
    """Summarise ``values`` × ``scale`` (all of them, or quantiles beyond ``MAX_SAMPLES``).

    Raises:
        Broken: a value is not a number, or not finite after scaling, or there are none.
    """
    if not values:
        raise Broken(f"{where}: no samples")
    try:
        scaled: list[float] = [x * float(scale) for x in values]  # type: ignore[operator]
        total = sum(scaled)
    except (TypeError, OverflowError):
        raise Broken(f"{where}: every sample must be a number") from None
    if isinstance(total, bool) or not isinstance(total, (int, float)) or not math.isfinite(total):
        raise Broken(f"{where}: every sample must be a finite number")
    n = len(scaled)
    if n > MAX_SAMPLES:
        return SampleSummary.of(scaled)
    mean = total / n
    return new_summary(n, float(mean), _stddev(scaled, mean), scaled)  # floats: x * float


def summarize_floats(values: list[float]) -> SampleSummary:
    """:func:`summarize` for a list the caller owns of finite floats already in their unit."""
    n = len(values)
    if n > MAX_SAMPLES:
        return SampleSummary.of(values)
    mean = sum(values) / n
    return new_summary(n, mean, _stddev(values, mean), values)


def _stddev(values: list[float], mean: float) -> float | None:
    """Sample standard deviation (n - 1); None for a single value. A plain loop: for the short
    lists met here it beats a comprehension, numpy and :mod:`statistics` by far."""
    n = len(values)
    if n < 2:
        return None
    squares = 0.0
    for x in values:
        d = x - mean
        squares += d * d
    return math.sqrt(squares / (n - 1))


def optional_samples(values: object, *, scale: float = 1.0) -> SampleSummary | None:
    """Samples that only add to a metric (``stats.data``, ``times``): None when absent or unusable.

    Files that Bencher accepts must still parse, so a sample list with a non-number in it (some
    tools write placeholders) is dropped rather than refused.
    """
    if not isinstance(values, list) or not values:
        return None
    try:
        return summarize(values, scale=scale)
    except Broken:
        return None
