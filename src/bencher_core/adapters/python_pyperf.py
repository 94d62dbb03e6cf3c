"""``python_pyperf``: pyperf's JSON files (one benchmark or a suite; plain or ``.json.gz``).

Not one of Bencher's adapters. Each benchmark is named by its ``name`` metadata (the suite's
common metadata fills in what a benchmark does not set). All values of all runs (calibration
runs have none) are pooled: the value is their mean, the bounds mean ∓ standard deviation, and
the values themselves are the samples. ``--average median`` gives the median with the first and
third quartiles as bounds. Units: ``second`` → ``latency`` in ns, ``byte`` → ``memory`` in bytes,
``integer`` → ``count``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from bencher_core.adapters._files import load_output
from bencher_core.adapters._parsing import (
    Broken,
    adapter,
    as_list,
    as_mapping,
    as_text,
    make_metric,
    under,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._samples import summarize
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["parse_python_pyperf", "read_pyperf_file"]

_UNITS = {"second": ("latency", 1e9), "byte": ("memory", 1.0), "integer": ("count", 1.0)}


def _is_pyperf(doc: object) -> bool:
    return (
        isinstance(doc, Mapping)
        and isinstance(doc.get("benchmarks"), list)
        and isinstance(doc.get("version"), str)
        and doc["version"].startswith("1.")
        and "machine_info" not in doc
    )


def _values(bench: Mapping[str, Any]) -> list[Any]:
    values: list[Any] = []
    for r, run in enumerate(as_list(bench.get("runs"), ".runs")):
        if not isinstance(run, Mapping):
            as_mapping(run, f".runs[{r}]")  # raises
        run_values = run.get("values")
        if run_values is None:
            continue  # calibration runs only have warmups
        if not isinstance(run_values, list):
            as_list(run_values, f".runs[{r}].values")  # raises
        values.extend(run_values)
    return values


def _metric(values: list[Any], scale: float, median: bool) -> Metric:
    summary = summarize(values, scale=scale, where=".runs[].values")
    if median:
        q1, mid, q3 = np.percentile(np.asarray(values, dtype=float) * scale, [25, 50, 75])
        return make_metric(float(mid), float(q1), float(q3), summary)
    mean, sd = summary.mean, summary.stddev
    if sd is None:
        return make_metric(mean, samples=summary)
    return make_metric(mean, mean - sd, mean + sd, summary)


def _benchmark(
    bench: object, common: Mapping[str, Any], median: bool
) -> tuple[str, str, Metric] | None:
    bench = as_mapping(bench, "")
    own = bench.get("metadata")
    meta = {**common, **(own if isinstance(own, Mapping) else {})}
    name = as_text(meta.get("name"), ".metadata.name")
    unit = meta.get("unit", "second")
    if not isinstance(unit, str) or unit not in _UNITS:
        raise Broken(f".metadata.unit: unknown unit {unit!r}")
    measure, scale = _UNITS[unit]
    values = _values(bench)
    return (name, measure, _metric(values, scale, median)) if values else None


@adapter("python_pyperf")
def parse_python_pyperf(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse a pyperf JSON document: mean ∓ stdev (or median, quartiles) of all values."""
    doc = inp.json
    if not _is_pyperf(doc):
        return None
    common = doc.get("metadata")
    common = common if isinstance(common, Mapping) else {}
    results: Results = {}
    for i, bench in enumerate(doc["benchmarks"]):
        try:
            found = _benchmark(bench, common, average is Average.MEDIAN)
        except Broken as e:
            raise under(f"benchmarks[{i}]", e) from None
        if found is not None:
            name, measure, metric = found
            results[name] = {measure: metric}
    return results


def read_pyperf_file(
    path: str | os.PathLike[str], *, average: Average | str | None = None
) -> Results:
    """Parse a pyperf result file (``.json`` or ``.json.gz``) with the ``python_pyperf`` adapter.

    Raises:
        UsageError: the file cannot be read.
        AdapterError: the file is not pyperf JSON, or is broken.
    """
    from bencher_core.adapters import parse

    return parse(load_output(path), "python_pyperf", average=average, source=str(path))
