"""asv (airspeed velocity): import a results folder as history, and submit what ``asv run`` wrote.

A results folder holds ``<machine>/<commit>-<env>.json`` files (format version 2) and asv's
``benchmarks.json``. Each file becomes one run: the commit's hash and date, the machine as the
testbed, parametrized benchmarks expanded one per combination (see
:func:`~bencher_core.adapters.python_asv.read_asv_results_file`), sent as BMF.

Its idempotency key is made of the project, branch, testbed, machine, environment, commit and
the newest benchmark start time in the file: importing a folder twice stores nothing twice, and
a commit measured again by asv (same file, new results) is a new run.

asv's plugins cannot hook into ``asv run`` (plugins named in ``asv.conf.json`` are imported
after the command line is parsed, and asv calls no plugin hook around a run), so gating wraps
the command instead: ``bencher asv -- run …`` snapshots the results folder
(:func:`snapshot`), runs asv, and submits the files it wrote (:func:`changed_files`,
:func:`live_runs`).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bencher_core.adapters._asv_results import is_asv_results
from bencher_core.adapters._files import load_output
from bencher_core.adapters.python_asv import AsvResultsFile, read_asv_results_file
from bencher_core.errors import BencherError, InvalidInputError, UsageError
from bencher_core.integrations._importer import EXTRA_MEASURES, Pending, RunTarget, SkipFn, run_key
from bencher_core.models.metric import Results, results_to_bmf
from bencher_core.models.run import Adapter, NewRun, RunSettings

__all__ = [
    "AsvHistory",
    "changed_files",
    "default_results_dir",
    "live_runs",
    "locate_results",
    "results_files",
    "snapshot",
]

_NOT_RESULTS = frozenset({"machine.json", "benchmarks.json"})


def _utc_ms(ms: object) -> dt.datetime | None:
    if isinstance(ms, (int, float)) and not isinstance(ms, bool):
        try:
            return dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _newest_start(doc: Mapping[str, Any]) -> int | None:
    """The latest ``started_at`` (ms) of any benchmark in a results document."""
    columns = doc.get("result_columns")
    if not isinstance(columns, list) or "started_at" not in columns:
        return None
    i = columns.index("started_at")
    times = [
        row[i]
        for row in doc["results"].values()
        if isinstance(row, list) and i < len(row) and isinstance(row[i], (int, float))
    ]
    return int(max(times)) if times else None


def _ms_text(ms: int | None) -> str:
    return "" if ms is None else str(ms)


def results_files(results_dir: Path) -> Iterator[Path]:
    """Every results file under an asv results folder (or one machine's folder), sorted."""
    machine_dirs = (
        [results_dir]
        if (results_dir / "machine.json").is_file()
        else sorted(p for p in results_dir.iterdir() if p.is_dir())
    )
    for folder in machine_dirs:
        for path in sorted(folder.glob("*.json")):
            if path.name not in _NOT_RESULTS and path.is_file():
                yield path


def locate_results(path: Path) -> tuple[Path, Path | None]:
    """The results folder a path names, and the asv configuration found with it.

    ``path`` is an asv results folder, one machine's folder in it, or a project folder holding
    ``asv.conf.json`` (whose ``results_dir`` is then used).

    Raises:
        UsageError: the path is not a folder.
    """
    from bencher_core.integrations.asv_config import CONFIG_NAMES, find_config

    if not path.is_dir():
        raise UsageError(f"{path}: not a folder (expected an asv results folder)")
    config = find_config(path)
    if config is not None and any((path / name).is_file() for name in CONFIG_NAMES):
        results = config.results_path()
        if not results.is_dir():
            raise UsageError(f"{path}: asv's results folder {results} does not exist")
        return results, config.path
    return path, None if config is None else config.path


def _load_benchmarks(results_dir: Path) -> Mapping[str, Any] | None:
    """asv's ``benchmarks.json`` (each benchmark's type), read once for the whole folder."""
    for folder in (results_dir, results_dir.parent):
        path = folder / "benchmarks.json"
        if path.is_file():
            try:
                doc = json.loads(load_output(path))
            except (ValueError, BencherError):
                return None
            if not isinstance(doc, Mapping):
                return None
            # only the types matter: drop the code and the rest (it travels to the reader process)
            return {
                name: {"type": meta["type"]}
                for name, meta in doc.items()
                if isinstance(meta, Mapping) and "type" in meta
            }
    return None


def _bmf_text(results: Results) -> str:
    if not results:
        raise InvalidInputError("no benchmark results (every benchmark failed)")
    return json.dumps(results_to_bmf(results))


def _measures(results: Results) -> dict[str, Any] | None:
    used = {m for ms in results.values() for m in ms}
    specs = {m: spec for m, spec in EXTRA_MEASURES.items() if m in used}
    return specs or None


def _context(file: AsvResultsFile, *, imported: bool) -> dict[str, str]:
    ctx = {"asv/machine": file.machine or ""}
    if imported:
        ctx["bencher.dev/v0/import"] = "asv"
    if file.env_name:
        ctx["asv/env"] = file.env_name
    if file.python:
        ctx["asv/python"] = file.python
    return ctx


class AsvHistory:
    """An asv results folder as a :class:`~bencher_core.integrations._importer.HistorySource`.

    Args:
        results_dir: the results folder (or one machine's folder in it).
        target: project, branch, testbed override, ignore globs.
        env: only environments whose name matches this glob.
        machine: only machines whose name matches this glob.
    """

    kind = "asv"

    def __init__(
        self,
        results_dir: Path,
        target: RunTarget,
        *,
        env: str | None = None,
        machine: str | None = None,
    ) -> None:
        self.results_dir = results_dir
        self.target = target
        self.env = env
        self.machine = machine
        self.benchmarks = _load_benchmarks(results_dir)
        #: environments seen per machine (several on one machine share its testbed).
        self.envs: dict[str, set[str]] = {}

    def _identity(self, path: Path) -> tuple[Mapping[str, Any], str, str] | str:
        """The decoded file, its machine and environment, or why it is not an asv results file."""
        try:
            doc = json.loads(load_output(path))
        except (ValueError, BencherError) as e:
            return f"not JSON ({e})"
        if isinstance(doc, Mapping) and doc.get("version") == 1:
            return "asv results format version 1 (run `asv update` to upgrade it)"
        if not is_asv_results(doc):
            return "not an asv results file (format version 2)"
        if not isinstance(doc.get("commit_hash"), str) or not doc["commit_hash"]:
            return "no commit_hash"
        params = doc.get("params")
        machine = params.get("machine") if isinstance(params, Mapping) else None
        machine = machine if isinstance(machine, str) and machine else path.parent.name
        env = doc.get("env_name")
        return doc, machine, env if isinstance(env, str) else ""

    def scan(self, skip: SkipFn) -> Iterator[Pending]:
        """First pass: the commit, date, machine and environment of every results file."""
        if not self.results_dir.is_dir():
            raise UsageError(f"{self.results_dir}: no such asv results folder")
        for path in results_files(self.results_dir):
            found = self._identity(path)
            if isinstance(found, str):
                skip(path, found)
                continue
            doc, machine, env = found
            if self.machine and not fnmatch.fnmatchcase(machine, self.machine):
                continue
            if self.env and not fnmatch.fnmatchcase(env, self.env):
                continue
            self.envs.setdefault(machine, set()).add(env)
            commit = str(doc["commit_hash"])
            newest = _newest_start(doc)
            when = _utc_ms(doc.get("date")) or _utc_ms(newest)
            if when is None:
                when = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
            testbed = self.target.testbed or machine
            t = self.target
            yield Pending.of(
                path,
                when=when,
                key=run_key(
                    "asv", t.project, t.branch, testbed, machine, env, commit, _ms_text(newest)
                ),
                commit=commit,
                testbed=testbed,
            )

    def load(self, item: Pending) -> NewRun:
        """Second pass: the run of one results file, as BMF."""
        file = read_asv_results_file(item.path, benchmarks=self.benchmarks)
        if file.commit_hash != item.commit:
            raise InvalidInputError(f"changed while importing (commit {file.commit_hash[:12]})")
        return NewRun(
            **self.target.run_fields(),
            idempotency_key=item.key,
            branch=self.target.branch,
            hash=file.commit_hash,
            testbed=item.testbed,
            start_time=item.when,
            end_time=item.when,
            results=[_bmf_text(file.results)],
            settings=RunSettings(adapter=Adapter.JSON),
            context=_context(file, imported=True),
            measures=_measures(file.results),
        )


# -- live runs: what `asv run` / `asv continuous` just wrote ------------------------------------

#: A file's identity and content state: inode, size, mtime, ctime, device.
FileState = tuple[int, int, int, int, int]


def _state(path: Path) -> FileState | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_dev)


def snapshot(results_dir: Path) -> dict[Path, FileState]:
    """The state of every results file before asv runs (empty when the folder does not exist)."""
    if not results_dir.is_dir():
        return {}
    out: dict[Path, FileState] = {}
    for path in results_files(results_dir):
        state = _state(path)
        if state is not None:
            out[path] = state
    return out


def changed_files(results_dir: Path, before: Mapping[Path, FileState]) -> list[Path]:
    """The results files asv wrote since :func:`snapshot`: new ones and rewritten ones."""
    if not results_dir.is_dir():
        return []
    return [
        path
        for path in results_files(results_dir)
        if (state := _state(path)) is not None and before.get(path) != state
    ]


def _measured_since(file: AsvResultsFile, since: dt.datetime) -> Results:
    """The benchmarks of ``file`` that ran after ``since`` (asv keeps older ones in the file)."""
    if not file.started_at:
        return file.results
    return {
        name: ms
        for name, ms in file.results.items()
        if name not in file.started_at or file.started_at[name] >= since
    }


def live_runs(
    files: Sequence[Path],
    *,
    since: dt.datetime,
    base: NewRun,
    testbed: str | None = None,
) -> list[NewRun]:
    """The runs of results files asv just wrote, oldest commit first, alerts to be raised.

    Only the benchmarks that started after ``since`` are taken: asv merges new results into an
    existing file of the same commit, keeping the old ones.

    Args:
        files: the files from :func:`changed_files`.
        since: when asv was started (a second of slack is allowed for asv's ms timestamps).
        base: the run's project, branch, start point, thresholds and context (from
            :meth:`~bencher_core.api.Bencher.new_run`); hash, testbed and times come from the files.
        testbed: a testbed for every run instead of each file's machine.

    Raises:
        AdapterError: a file asv wrote is not an asv results file.
    """
    benchmarks = _load_benchmarks(files[0].parent.parent) if files else None
    since = since - dt.timedelta(seconds=1)
    found: list[tuple[dt.datetime, NewRun]] = []
    for path in files:
        file = read_asv_results_file(path, benchmarks=benchmarks)
        results = _measured_since(file, since)
        if not results:
            continue
        machine = file.machine or path.parent.name
        bed = testbed or machine
        doc = json.loads(load_output(path))
        times = [file.started_at[n] for n in results if n in file.started_at]
        start = min(times) if times else since
        end = max(times) if times else dt.datetime.now(dt.timezone.utc)
        key = run_key(
            "asv",
            base.project,
            base.branch,
            bed,
            machine,
            file.env_name,
            file.commit_hash,
            _ms_text(_newest_start(doc)),
        )
        run = base.model_copy(
            update={
                "idempotency_key": key,
                "hash": file.commit_hash,
                "testbed": bed,
                "start_time": start,
                "end_time": end,
                "results": [json.dumps(results_to_bmf(results))],
                "settings": RunSettings(adapter=Adapter.JSON),
                "context": {**(base.context or {}), **_context(file, imported=False)},
                "measures": {**(_measures(results) or {}), **(base.measures or {})} or None,
            }
        )
        found.append((file.date or start, run))
    found.sort(key=lambda pair: pair[0])
    return [run for _, run in found]


def default_results_dir(cwd: Path, config_path: str | os.PathLike[str] | None) -> Path:
    """asv's results folder for a run in ``cwd`` with ``--config`` (default ``asv.conf.json``).

    Raises:
        UsageError: no asv configuration is found.
    """
    from bencher_core.integrations.asv_config import CONFIG_NAMES, read_config

    if config_path is not None:
        candidates = [cwd / config_path]
    else:
        candidates = [cwd / name for name in CONFIG_NAMES]
    for candidate in candidates:
        if candidate.is_file():
            return read_config(candidate).results_path(cwd)
    raise UsageError(
        f"no asv configuration ({' or '.join(str(c) for c in candidates)}): run bencher asv "
        "where asv.conf.json is, or pass asv's --config"
    )
