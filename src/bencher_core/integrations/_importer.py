"""Importing history: runs read from result files, stored oldest first, once, without alerts.

Two passes keep memory nearly flat in the number of files. :meth:`HistorySource.scan` reads
each file once for what orders and identifies its run (a :class:`Pending`: date, key, commit,
testbed — about 500 bytes) and keeps only that; after sorting by date,
:meth:`HistorySource.load` reads the files again, one at a time, into
:class:`~bencher_core.models.run.NewRun` objects that stream through the ingest service's batch
mode (or, with a server, one ``POST /v0/run?alerts=false`` each).

Every run carries a deterministic idempotency key (:func:`run_key`), so importing the same files
again stores nothing twice: locally the known keys are skipped before anything is parsed; a
server answers the stored report for a known key.

On large imports the second pass reads ahead in one helper process (files parsed there while
this process writes the store), a bounded number of chunks ahead so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bencher_core.errors import AdapterError, BencherError, InvalidInputError
from bencher_core.models.run import Average, MeasureSpec, NewRun

if TYPE_CHECKING:
    from concurrent.futures import Future

    from bencher_core.integrations._targets import Target

__all__ = [
    "EXTRA_MEASURES",
    "HistorySource",
    "ImportResult",
    "Pending",
    "RunTarget",
    "import_history",
    "run_key",
]

#: The namespace of every import key (uuid5): fixed forever, or re-imports would duplicate.
KEY_NAMESPACE = uuid.UUID("6f1c2f3e-8a51-4d0e-9b43-5b8f5f0e2a17")

#: Runs one helper process reads at a time, and how many such chunks may wait ahead.
READ_CHUNK = 50
READ_AHEAD = 4
#: Imports of at least this many runs read ahead in a helper process.
PARALLEL_FROM = 400

#: Measures the asv and pyperf adapters emit that Bencher's catalogue lacks: units, direction.
EXTRA_MEASURES: dict[str, MeasureSpec] = {
    "memory": MeasureSpec(units="bytes (B)", higher_is_better=False),
    "peak-memory": MeasureSpec(units="bytes (B)", higher_is_better=False),
    "count": MeasureSpec(units="count", higher_is_better=False),
}


def run_key(kind: str, *parts: str | None) -> uuid.UUID:
    """The idempotency key of an imported run: a uuid5 of its kind and identifying parts."""
    return uuid.uuid5(KEY_NAMESPACE, "\x1f".join([kind, *(p or "" for p in parts)]))


@dataclass(frozen=True)
class RunTarget:
    """Where imported runs go: the project and branch, and what every run carries.

    Attributes:
        project: project slug, name or UUID (created on first use).
        branch: the branch, unless the source knows better and ``branch_fixed`` is false.
        branch_fixed: the user named the branch (``--branch``): it wins over the files' own.
        testbed: a testbed every run goes to (``--testbed``), or None for the files' own.
        ignore: benchmark globs stored as ignored.
        default_thresholds: False switches the calibrated default gate off.
        average: ``mean`` or ``median``, for sources sent as raw harness output.
        hash: the commit of runs whose files do not name one (``--hash``).
    """

    project: str
    branch: str
    branch_fixed: bool = False
    testbed: str | None = None
    ignore: tuple[str, ...] = ()
    default_thresholds: bool = True
    average: Average | None = None
    hash: str | None = None

    def run_fields(self) -> dict[str, object]:
        """NewRun fields every imported run shares."""
        return {
            "project": self.project,
            "ignore": list(self.ignore) or None,
            "default_thresholds": None if self.default_thresholds else False,
        }


@dataclass(frozen=True, slots=True)
class Pending:
    """One run to import, as the first pass saw it: a few hundred bytes, no results.

    Attributes:
        when: the date that orders history (the commit's date when known).
        file: the file it comes from.
        key: its idempotency key.
        commit: the commit hash, when known.
        testbed: the testbed it goes to.
        note: anything else the source needs again in the second pass (e.g. a branch).
    """

    when: dt.datetime
    file: str
    key: uuid.UUID
    commit: str | None
    testbed: str
    note: str = ""

    @classmethod
    def of(
        cls,
        path: Path,
        *,
        when: dt.datetime,
        key: uuid.UUID,
        commit: str | None,
        testbed: str,
        note: str = "",
    ) -> Pending:
        """A Pending whose repeated strings (commit, testbed, branch) are shared, not copied."""
        return cls(
            when=when,
            file=str(path),
            key=key,
            commit=sys.intern(commit) if commit else None,
            testbed=sys.intern(testbed),
            note=sys.intern(note),
        )

    @property
    def path(self) -> Path:
        """The file, as a path."""
        return Path(self.file)

    def order(self) -> tuple[dt.datetime, str, str, str]:
        """Sort key: date, then commit, testbed and file (ties broken the same way every time)."""
        return (self.when, self.commit or "", self.testbed, self.file)


#: Called for a file that is not imported: its path and the one-line reason.
SkipFn = Callable[[Path, str], None]


class HistorySource(Protocol):
    """A folder or list of result files of one harness."""

    kind: str

    def scan(self, skip: SkipFn) -> Iterator[Pending]:
        """First pass: one Pending per run found; unreadable files go to ``skip``."""

    def load(self, item: Pending) -> NewRun:
        """Second pass: the run itself.

        Raises:
            BencherError: the file changed or is broken since the first pass.
        """


@dataclass
class ImportResult:
    """What an import found and stored.

    Attributes:
        found: runs found in the files.
        imported: runs sent to the store (new ones; all of them for a server).
        known: runs the store already held (skipped).
        skipped: files not imported, with the reason.
        commits: distinct commits among the imported runs.
        testbeds: testbeds of the imported runs.
        first: the oldest imported run's date.
        last: the newest imported run's date.
        behind: the store's newest run, when it is newer than the oldest imported run (the
            imported runs are numbered after it: history order follows the order of storing).
    """

    found: int = 0
    imported: int = 0
    known: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    commits: int = 0
    testbeds: list[str] = field(default_factory=list)
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    behind: dt.datetime | None = None


def import_history(
    source: HistorySource,
    target: Target,
    *,
    project: str,
    strict: bool = False,
    on_skip: SkipFn | None = None,
    on_scan: Callable[[int], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Import every run of ``source`` into ``target``, oldest first, each at most once.

    Args:
        source: the files to read.
        target: the store.
        project: the project the runs go to (for the keys it already holds).
        strict: a file that cannot be read stops the import (else it is skipped and reported).
        on_skip: told about every skipped file.
        on_scan: called with the number of runs found so far during the first pass.
        progress: called with ``(done, total)`` while runs are stored.
        workers: 1 reads files in a helper process while this one stores, 0 reads them here
            (default: 1 from :data:`PARALLEL_FROM` runs on).

    Raises:
        BencherError: with ``strict``, naming the first file that cannot be read; and whatever
            the store raises. Runs stored before an error stay stored: importing again resumes.
    """
    result = ImportResult()

    def skip(path: Path, reason: str) -> None:
        if strict:
            raise InvalidInputError(f"{path}: {reason}")
        result.skipped.append((path, reason))
        if on_skip is not None:
            on_skip(path, reason)

    pending: list[Pending] = []
    for item in source.scan(skip):
        pending.append(item)
        if on_scan is not None:
            on_scan(len(pending))
    pending.sort(key=Pending.order)
    result.found = len(pending)
    known = target.known(project)
    todo = [p for p in pending if str(p.key) not in known.keys]
    del pending
    result.known = result.found - len(todo)
    if todo:
        result.first, result.last = todo[0].when, todo[-1].when
        if known.latest is not None and known.latest > todo[0].when:
            result.behind = known.latest
        result.commits = len({p.commit for p in todo if p.commit})
        result.testbeds = sorted({p.testbed for p in todo})

    def runs() -> Iterator[NewRun]:
        parallel = workers if workers is not None else int(len(todo) >= PARALLEL_FROM)
        loaded = _read_ahead(source, todo) if parallel else _stream(source, todo)
        for item, new_run in loaded:
            if isinstance(new_run, str):
                skip(item.path, new_run)
                continue
            result.imported += 1
            yield new_run

    total = len(todo)
    target.store(runs(), lambda done: progress(done, total) if progress is not None else None)
    return result


#: A loaded run, or why its file could not be loaded.
Loaded = tuple[Pending, "NewRun | str"]


def _load(source: HistorySource, item: Pending) -> Loaded:
    """Load one run; a broken file gives its one-line reason instead of a run."""
    try:
        return item, source.load(item)
    except BencherError as e:
        return item, _reason(e)


def _stream(source: HistorySource, items: Sequence[Pending]) -> Iterator[Loaded]:
    """Load runs here, one at a time."""
    for item in items:
        yield _load(source, item)


#: The source of the read-ahead helper process (set once, when it starts).
_helper_source: HistorySource | None = None


def _start_helper(source: HistorySource) -> None:
    global _helper_source  # the helper process's one source, given once rather than per chunk
    _helper_source = source


def _read(items: Sequence[Pending]) -> list[Loaded]:
    """Load a chunk of runs (in the helper process)."""
    assert _helper_source is not None
    return [_load(_helper_source, item) for item in items]


def _reason(error: BencherError) -> str:
    """Why a file was not imported, without its path (the warning names it already)."""
    if isinstance(error, AdapterError):
        where = f", line {error.line}" if error.line is not None else ""
        return f"adapter {error.adapter}{where}: {error.detail}"
    return str(error)


def _read_ahead(source: HistorySource, items: Sequence[Pending]) -> Iterator[Loaded]:
    """Load runs in a helper process, at most :data:`READ_AHEAD` chunks ahead of the consumer.

    The helper is forked (it inherits the loaded modules and starts in milliseconds; it never
    touches this process's database connection, and leaves without closing it). Where fork is
    not available, or the helper dies, the rest is loaded here.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from _stream(source, items)
        return
    done = 0
    try:
        with ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_helper,
            initargs=(source,),
        ) as pool:
            window: deque[Future[list[Loaded]]] = deque()
            for start in range(0, len(items), READ_CHUNK):
                window.append(pool.submit(_read, items[start : start + READ_CHUNK]))
                if len(window) > READ_AHEAD:
                    chunk = window.popleft().result()
                    done += len(chunk)
                    yield from chunk
            while window:
                chunk = window.popleft().result()
                done += len(chunk)
                yield from chunk
    except BrokenProcessPool:
        yield from _stream(source, items[done:])
