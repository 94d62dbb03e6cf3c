"""Per-benchmark threshold models: a looser (or tighter) boundary for benchmarks matching a glob.

A run's ``benchmark_thresholds`` (``[[tool.bencher.overrides]]``) replace the *model* of the
measure's threshold for the benchmarks they match; the first entry matching both the benchmark
and the measure wins. They judge with the measure's threshold, so where a measure has no
threshold (default gate off, none configured) they do not apply. Limits and alerts use the
replacing model; the stored boundary still points at the measure threshold's current model.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Sequence

from bencher_core.models._names import slugify
from bencher_core.models.run import BenchmarkThresholds
from bencher_core.service.resources import Named
from bencher_core.service.thresholds import ActiveThreshold

__all__ = ["threshold_for"]


def threshold_for(
    benchmark: str,
    measure: Named,
    threshold: ActiveThreshold,
    overrides: Sequence[BenchmarkThresholds],
) -> ActiveThreshold:
    """The threshold that judges ``benchmark`` × ``measure``: ``threshold`` or an override."""
    for entry in overrides:
        if not any(fnmatch.fnmatchcase(benchmark, g) for g in entry.benchmarks):
            continue
        for key, model in entry.models.items():
            if key == measure.name or slugify(key) == measure.slug:
                return dataclasses.replace(threshold, model=model, is_default=False)
    return threshold
