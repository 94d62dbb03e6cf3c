"""asv results files (``results/<machine>/<commit>-<env>.json``, format version 2).

One benchmark per parameter combination, named like asv names them:
``benchmarks.TimeSort.time_sort(1000, 'random order')``. The value is asv's result, the bounds
its 99% confidence interval (``stats_ci_99_a`` / ``stats_ci_99_b``), the samples its recorded
samples (``--record-samples``). ``time_*`` benchmarks are ``latency`` (s → ns); ``mem_*`` are
``memory`` and ``peakmem_*`` ``peak-memory`` (bytes); ``track_*`` are ``track``. The kind comes
from asv's ``benchmarks.json`` when it is at hand, else from the name's prefix.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bencher_core.adapters._files import load_output
from bencher_core.adapters._parsing import (
    Broken,
    as_list,
    as_mapping,
    as_text,
    finite_or_none,
    make_metric,
)
from bencher_core.adapters._samples import optional_samples
from bencher_core.errors import AdapterError
from bencher_core.models.metric import Metric, Results

__all__ = ["AsvResultsFile", "is_asv_results", "read_asv_results_file", "results_from_asv"]

_KINDS = {
    "time": ("latency", 1e9),
    "timeraw": ("latency", 1e9),
    "mem": ("memory", 1.0),
    "peakmem": ("peak-memory", 1.0),
    "track": ("track", 1.0),
}


@dataclass(frozen=True)
class AsvResultsFile:
    """One asv results file: the run's identity and its results.

    Attributes:
        commit_hash: the benchmarked commit.
        date: the commit's date (asv stores milliseconds since the epoch), in UTC.
        machine: the machine name (``params.machine``, else the results folder's name).
        env_name: asv's environment name.
        python: the Python version asv used.
        params: machine and environment parameters.
        results: one benchmark per parameter combination.
        started_at: when each benchmark (as named in ``results``) started, in UTC.
        versions: asv's code-version hash of each benchmark (by asv name, without parameters).
    """

    commit_hash: str
    date: dt.datetime | None
    machine: str | None
    env_name: str | None
    python: str | None
    params: dict[str, str]
    results: Results
    started_at: dict[str, dt.datetime] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


def is_asv_results(doc: object) -> bool:
    """True for a decoded asv results document of format version 2."""
    return (
        isinstance(doc, Mapping)
        and doc.get("version") == 2
        and isinstance(doc.get("result_columns"), list)
        and isinstance(doc.get("results"), Mapping)
    )


def _utc(ms: object) -> dt.datetime | None:
    value = finite_or_none(ms)
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _kind(name: str, meta: Mapping[str, Any] | None) -> tuple[str, float]:
    kind = meta.get("type") if meta else None
    if not isinstance(kind, str) or kind not in _KINDS:
        kind = name.rsplit(".", 1)[-1].split("_", 1)[0]
    return _KINDS.get(kind, ("track", 1.0))


def _column(row: list[Any], columns: dict[str, int], key: str) -> Any:
    i = columns.get(key)
    return row[i] if i is not None and i < len(row) else None


def _nth(values: object, i: int) -> Any:
    return values[i] if isinstance(values, list) and i < len(values) else None


def _expand(name: str, params: list[Any], where: str) -> list[str]:
    """One name per parameter combination, in asv's order (the last parameter varies fastest)."""
    if not params:
        return [name]
    lists = [[as_text(p, f"{where}.params") for p in as_list(ps, where)] for ps in params]
    return [f"{name}({', '.join(combo)})" for combo in itertools.product(*lists)]


def _benchmark(
    name: str, row: list[Any], columns: dict[str, int], meta: Mapping[str, Any] | None
) -> tuple[dict[str, Metric], dict[str, dt.datetime]]:
    where = f"results[{name!r}]"
    scale = _kind(name, meta)[1]
    values = _column(row, columns, "result")
    if values is None:
        return {}, {}  # the benchmark failed
    names = _expand(name, as_list(_column(row, columns, "params") or [], where), where)
    if not isinstance(values, list):
        values = [values]
    started = _utc(_column(row, columns, "started_at"))
    ci_a, ci_b = _column(row, columns, "stats_ci_99_a"), _column(row, columns, "stats_ci_99_b")
    samples = _column(row, columns, "samples")
    out: dict[str, Metric] = {}
    times: dict[str, dt.datetime] = {}
    for i, full in enumerate(names):
        value = finite_or_none(_nth(values, i))
        if value is None:
            continue  # a failed or skipped combination
        lower, upper = finite_or_none(_nth(ci_a, i)), finite_or_none(_nth(ci_b, i))
        if lower is None or upper is None:
            lower = upper = None
        summary = optional_samples(_nth(samples, i), scale=scale)
        out[full] = make_metric(
            value * scale,
            None if lower is None else lower * scale,
            None if upper is None else upper * scale,
            summary,
            where=where,
        )
        if started is not None:
            times[full] = started
    return out, times


def results_from_asv(
    doc: Mapping[str, Any], benchmarks: Mapping[str, Any] | None = None
) -> tuple[Results, dict[str, dt.datetime]]:
    """Results (and start times) of a version-2 asv results document.

    Args:
        doc: the decoded results file.
        benchmarks: asv's ``benchmarks.json`` (for each benchmark's type), if available.

    Raises:
        Broken: the document is malformed.
    """
    columns = {
        as_text(c, "result_columns[]"): i
        for i, c in enumerate(as_list(doc["result_columns"], "result_columns"))
    }
    results: Results = {}
    started_at: dict[str, dt.datetime] = {}
    for name, row in as_mapping(doc["results"], "results").items():
        meta = benchmarks.get(name) if benchmarks else None
        meta = meta if isinstance(meta, Mapping) else None
        metrics, times = _benchmark(name, as_list(row, f"results[{name!r}]"), columns, meta)
        measure = _kind(name, meta)[0]
        for full, metric in metrics.items():
            results[full] = {measure: metric}
        started_at.update(times)
    return results, started_at


def _versions(doc: Mapping[str, Any]) -> dict[str, str]:
    columns = doc["result_columns"]
    if "version" not in columns:
        return {}
    i = columns.index("version")
    return {
        name: row[i]
        for name, row in doc["results"].items()
        if isinstance(row, list) and i < len(row) and isinstance(row[i], str)
    }


def _load_json(path: Path) -> Any:
    try:
        return json.loads(load_output(path))
    except ValueError as e:
        raise AdapterError("python_asv", f"not JSON: {e}", source=str(path)) from e


def read_asv_results_file(
    path_or_doc: str | os.PathLike[str] | Mapping[str, Any],
    *,
    benchmarks: Mapping[str, Any] | None = None,
) -> AsvResultsFile:
    """Read one asv results file (format version 2) with its commit, date and results.

    Args:
        path_or_doc: the file's path, or its decoded content.
        benchmarks: asv's ``benchmarks.json``; when reading a path it is looked for in the
            results folder (``results/benchmarks.json``, next to the machine folder).

    Raises:
        UsageError: the file cannot be read.
        AdapterError: the file is not an asv results file of version 2, or is malformed.
    """
    source, machine_dir = "asv results", None
    if isinstance(path_or_doc, Mapping):
        doc: Any = path_or_doc
    else:
        path = Path(path_or_doc)
        source, machine_dir = str(path), path.parent.name or None
        doc = _load_json(path)
        sibling = path.parent.parent / "benchmarks.json"
        if benchmarks is None and sibling.is_file():
            found = _load_json(sibling)
            benchmarks = found if isinstance(found, Mapping) else None
    if not is_asv_results(doc):
        raise AdapterError(
            "python_asv", "not an asv results file (format version 2)", source=source
        )
    try:
        results, started_at = results_from_asv(doc, benchmarks)
        params = doc.get("params")
        params = {str(k): str(v) for k, v in params.items()} if isinstance(params, Mapping) else {}
        versions = _versions(doc)
        commit = as_text(doc.get("commit_hash"), "commit_hash")
    except Broken as e:
        raise AdapterError("python_asv", e.message, source=source) from e
    env_name, python = doc.get("env_name"), doc.get("python")
    return AsvResultsFile(
        commit_hash=commit,
        date=_utc(doc.get("date")),
        machine=params.get("machine") or machine_dir,
        env_name=env_name if isinstance(env_name, str) else None,
        python=python if isinstance(python, str) else None,
        params=params,
        results=results,
        started_at=started_at,
        versions=versions,
    )
