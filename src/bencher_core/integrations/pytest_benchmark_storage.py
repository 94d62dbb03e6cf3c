"""pytest-benchmark's saved runs (``--benchmark-autosave`` / ``--benchmark-save``) as history.

pytest-benchmark keeps each saved run as ``.benchmarks/<machine id>/<NNNN>_<name>.json``: the
results plus ``commit_info`` (``id``, ``time``, ``branch``, ``dirty``) and ``machine_info``.
Each file becomes one run: the commit's hash, date and branch (``--branch`` wins), on the testbed
the pytest plugin would use on that machine (``<os>-<arch>-<python>``, e.g.
``linux-x86_64-cpython3.11``, from ``machine_info``) so that live ``pytest --bencher`` runs
continue the same history. The file itself is sent, parsed by the ``python_pytest`` adapter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bencher_core.adapters._files import load_output
from bencher_core.errors import BencherError, UsageError
from bencher_core.integrations._importer import Pending, RunTarget, SkipFn, run_key
from bencher_core.models.run import Adapter, NewRun, RunSettings

__all__ = ["PytestBenchmarkHistory", "plugin_testbed"]

_OS_NAMES = {"darwin": "macos", "windows": "windows", "linux": "linux"}
_NO_COMMIT = {"", "unversioned"}


def plugin_testbed(machine_info: Mapping[str, Any]) -> str | None:
    """The testbed name the pytest plugin uses, for the machine a saved run describes."""
    keys = ("system", "machine", "python_implementation", "python_version")
    parts = [machine_info.get(k) for k in keys]
    texts = [p.lower() for p in parts if isinstance(p, str) and p]
    if len(texts) != len(parts):
        return None
    system, arch, impl, version = texts
    major_minor = ".".join(version.split(".")[:2])
    return f"{_OS_NAMES.get(system, system)}-{arch}-{impl}{major_minor}"


def _when(text: object) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _saved_files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.json") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"{path}: no such file or folder")


class PytestBenchmarkHistory:
    """Saved pytest-benchmark runs as a
    :class:`~bencher_core.integrations._importer.HistorySource`.

    Args:
        paths: storage folders (``.benchmarks``) and/or saved-run files.
        target: project, branch, testbed override, ignore globs, average.
    """

    kind = "pytest-benchmark"

    def __init__(self, paths: Sequence[Path], target: RunTarget) -> None:
        self.paths = list(paths)
        self.target = target

    def _branch(self, commit_info: Mapping[str, Any]) -> str:
        branch = commit_info.get("branch")
        if self.target.branch_fixed or not isinstance(branch, str) or branch.startswith("("):
            return self.target.branch
        return branch or self.target.branch

    def scan(self, skip: SkipFn) -> Iterator[Pending]:
        """First pass: commit, date, branch and machine of every saved run."""
        for path in _saved_files(self.paths):
            try:
                doc = json.loads(load_output(path))
            except (ValueError, BencherError) as e:
                skip(path, f"not JSON ({e})")
                continue
            if not isinstance(doc, Mapping) or not all(
                isinstance(doc.get(k), Mapping) for k in ("machine_info", "commit_info")
            ):
                skip(path, "not a saved pytest-benchmark run (no machine_info and commit_info)")
                continue
            info = doc["commit_info"]
            commit = info.get("id")
            commit = commit if isinstance(commit, str) and commit not in _NO_COMMIT else None
            ran = _when(doc.get("datetime"))
            when = _when(info.get("time")) or ran
            if when is None:
                when = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
            testbed = self.target.testbed or plugin_testbed(doc["machine_info"])
            if testbed is None:
                skip(path, "machine_info lacks system, machine or python version: pass --testbed")
                continue
            branch = self._branch(info)
            yield Pending.of(
                path,
                when=when,
                key=run_key(
                    self.kind,
                    self.target.project,
                    branch,
                    testbed,
                    commit,
                    str(doc.get("datetime") or path.name),
                ),
                commit=commit,
                testbed=testbed,
                note=branch,
            )

    def load(self, item: Pending) -> NewRun:
        """Second pass: the saved run, checked with the ``python_pytest`` adapter."""
        from bencher_core.adapters import parse

        text = load_output(item.path)
        settings = RunSettings(adapter=Adapter.PYTHON_PYTEST, average=self.target.average)
        parse(text, settings.adapter, average=settings.average, source=str(item.path))
        doc = json.loads(text)
        dirty = doc.get("commit_info", {}).get("dirty")
        context = {"bencher.dev/v0/import": self.kind, "pytest-benchmark/file": item.path.name}
        if isinstance(dirty, bool):
            context["pytest-benchmark/dirty"] = str(dirty).lower()
        return NewRun(
            **self.target.run_fields(),
            idempotency_key=item.key,
            branch=item.note,
            hash=item.commit,
            testbed=item.testbed,
            start_time=item.when,
            end_time=item.when,
            results=[text],
            settings=settings,
            context=context,
        )
