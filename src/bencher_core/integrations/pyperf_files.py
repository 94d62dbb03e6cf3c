"""pyperf result files (``-o bench.json``, ``.json.gz`` too) as history.

Each file becomes one run, dated by its earliest value (pyperf records each run's local ``date``)
and sent as is, parsed by the ``python_pyperf`` adapter. pyperf records no commit; the
``commit_id``, ``commit_branch`` and ``commit_date`` metadata pyperformance writes are used when
present, else ``--hash`` and the branch given. The key is the file's content digest: the same
file imported twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bencher_core.adapters._files import load_output
from bencher_core.errors import BencherError, UsageError
from bencher_core.integrations._importer import EXTRA_MEASURES, Pending, RunTarget, SkipFn, run_key
from bencher_core.models.run import Adapter, NewRun, RunSettings

__all__ = ["PyperfHistory", "pyperf_dates"]

_UNIT_MEASURES = {"byte": "memory", "integer": "count"}


def _local(text: object) -> dt.datetime | None:
    """A pyperf date (local time, no zone; or ISO with a zone) in UTC."""
    if not isinstance(text, str) or not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(dt.timezone.utc)


def _metadata(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    common = doc.get("metadata")
    return common if isinstance(common, Mapping) else {}


def pyperf_dates(doc: Mapping[str, Any]) -> list[dt.datetime]:
    """Every run date in a decoded pyperf document (in UTC)."""
    dates: list[dt.datetime] = []
    for bench in doc.get("benchmarks") or []:
        if not isinstance(bench, Mapping):
            continue
        for run in bench.get("runs") or []:
            meta = run.get("metadata") if isinstance(run, Mapping) else None
            when = _local(meta.get("date")) if isinstance(meta, Mapping) else None
            if when is not None:
                dates.append(when)
    return dates


def _is_pyperf(doc: object) -> bool:
    return (
        isinstance(doc, Mapping)
        and isinstance(doc.get("benchmarks"), list)
        and isinstance(doc.get("version"), str)
        and doc["version"].startswith("1.")
    )


def _units(doc: Mapping[str, Any]) -> set[str]:
    units = {str(_metadata(doc).get("unit", "second"))}
    for bench in doc["benchmarks"]:
        meta = bench.get("metadata") if isinstance(bench, Mapping) else None
        if isinstance(meta, Mapping) and "unit" in meta:
            units.add(str(meta["unit"]))
    return units


class PyperfHistory:
    """pyperf result files as a :class:`~bencher_core.integrations._importer.HistorySource`.

    Args:
        files: the result files.
        target: project, branch, testbed (required: pyperf files do not name one), hash.
    """

    kind = "pyperf"

    def __init__(self, files: Sequence[Path], target: RunTarget) -> None:
        if target.testbed is None:
            raise UsageError("importing pyperf files needs a testbed")
        self.files = list(files)
        self.target = target

    def _commit(self, meta: Mapping[str, Any]) -> tuple[str | None, str]:
        commit = meta.get("commit_id")
        branch = meta.get("commit_branch")
        if self.target.branch_fixed or not isinstance(branch, str) or not branch:
            branch = self.target.branch
        return (commit if isinstance(commit, str) and commit else self.target.hash), branch

    def scan(self, skip: SkipFn) -> Iterator[Pending]:
        """First pass: the date, commit and digest of every file."""
        for path in self.files:
            if not path.is_file():
                raise UsageError(f"{path}: no such file")
            try:
                text = load_output(path)
                doc = json.loads(text)
            except (ValueError, BencherError) as e:
                skip(path, f"not JSON ({e})")
                continue
            if not _is_pyperf(doc):
                skip(path, "not a pyperf result file")
                continue
            meta = _metadata(doc)
            commit, branch = self._commit(meta)
            dates = pyperf_dates(doc)
            when = _local(meta.get("commit_date")) or (min(dates) if dates else None)
            if when is None:
                when = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
            testbed = str(self.target.testbed)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            yield Pending.of(
                path,
                when=when,
                key=run_key(self.kind, self.target.project, branch, testbed, digest),
                commit=commit,
                testbed=testbed,
                note=branch,
            )

    def load(self, item: Pending) -> NewRun:
        """Second pass: the file, checked with the ``python_pyperf`` adapter."""
        from bencher_core.adapters import parse

        text = load_output(item.path)
        settings = RunSettings(adapter=Adapter.PYTHON_PYPERF, average=self.target.average)
        parse(text, settings.adapter, average=settings.average, source=str(item.path))
        doc = json.loads(text)
        dates = pyperf_dates(doc)
        measures = {m: EXTRA_MEASURES[m] for u, m in _UNIT_MEASURES.items() if u in _units(doc)}
        return NewRun(
            **self.target.run_fields(),
            idempotency_key=item.key,
            branch=item.note,
            hash=item.commit,
            testbed=item.testbed,
            start_time=item.when,
            end_time=max([item.when, *dates]),
            results=[text],
            settings=settings,
            context={"bencher.dev/v0/import": self.kind, "pyperf/file": item.path.name},
            measures=measures or None,
        )
