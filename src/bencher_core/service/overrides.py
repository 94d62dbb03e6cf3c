"""Per-benchmark threshold models: a looser (or tighter) boundary for benchmarks matching a glob.

A run's ``benchmark_thresholds`` (``[[tool.bencher.overrides]]``) replace the *model* of the
measure's threshold for the benchmarks they match; the first entry matching both the benchmark
and the measure wins. They judge with the measure's threshold, so where a measure has no
threshold (default gate off, none configured) they do not apply. Each replacing model is stored
once as a ``model`` row of that threshold that is never current (``replaced`` set), so the
boundaries judged with it point at the model that really produced their limits.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Sequence

from bencher_core.models._names import slugify
from bencher_core.models.run import BenchmarkThresholds
from bencher_core.models.threshold import Model
from bencher_core.service.clock import now_us
from bencher_core.service.resources import Named
from bencher_core.service.thresholds import (
    ActiveThreshold,
    _insert_model,
    _model_from_row,
    model_columns,
)
from bencher_core.store.db import Database

__all__ = ["Overrides"]


class Overrides:
    """A run's per-benchmark models, resolved against one store."""

    def __init__(self, db: Database, entries: Sequence[BenchmarkThresholds]) -> None:
        self.db = db
        self.entries = entries
        self._model_ids: dict[tuple[int, Model], int] = {}

    def threshold_for(
        self, benchmark: str, measure: Named, threshold: ActiveThreshold
    ) -> ActiveThreshold:
        """The threshold that judges ``benchmark`` × ``measure``: ``threshold`` or an override."""
        for entry in self.entries:
            if not any(fnmatch.fnmatchcase(benchmark, g) for g in entry.benchmarks):
                continue
            for key, model in entry.models.items():
                if key == measure.name or slugify(key) == measure.slug:
                    return dataclasses.replace(
                        threshold,
                        model=model,
                        model_id=self._model_id(threshold.id, model),
                        is_default=False,
                    )
        return threshold

    def _model_id(self, threshold_id: int, model: Model) -> int:
        key = (threshold_id, model)
        found = self._model_ids.get(key)
        if found is None:
            rows = self.db.fetchall(
                f"SELECT id, {model_columns()} FROM model WHERE threshold_id = ? "
                "AND replaced IS NOT NULL",
                (threshold_id,),
            )
            found = next((int(r[0]) for r in rows if _model_from_row(r[1:]) == model), None)
            if found is None:
                now = now_us()
                found = _insert_model(self.db, threshold_id, model, now)
                self.db.execute("UPDATE model SET replaced = ? WHERE id = ?", (now, found))
            self._model_ids[key] = found
        return found
