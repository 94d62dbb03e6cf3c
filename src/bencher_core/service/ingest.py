"""THE ingest path: NewRun -> Report. Every writer (CLI, plugin, server, importers) comes here.

``Ingestor.ingest(new_run)``: parse ``results[]`` with the adapters (before touching the store),
then in one transaction: project, branch head (start point), testbed, thresholds, version,
report, and per iteration the metrics with their history, boundaries and alerts. Any error rolls
the whole run back. ``Ingestor.ingest_many`` is the batch mode importers use: the same path with
resources cached across runs and a commit every ``chunk`` runs.
"""

from __future__ import annotations

import fnmatch
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bencher_core.adapters import parse_iterations, resolve_adapter
from bencher_core.models._names import check_resource_name, strip_ignore
from bencher_core.models.metric import Results
from bencher_core.models.report import Report
from bencher_core.models.run import BenchmarkThresholds, NewRun
from bencher_core.service.branches import new_head_revision, resolve_branch, resolve_version
from bencher_core.service.clock import now_us, to_us
from bencher_core.service.group_commit import GroupCommit
from bencher_core.service.history_cache import HistoryCache, WindowKey
from bencher_core.service.judge import CachedWindows, judge_rows
from bencher_core.service.metric_write import write_rows
from bencher_core.service.projects import Caller, ProjectRow, resolve_project
from bencher_core.service.report_build import IterationRows, MetricRow, RunContext, build_report
from bencher_core.service.report_json import report_json
from bencher_core.service.resources import Named, ResourceCache, get_or_create_named
from bencher_core.service.thresholds import ActiveThreshold, load_thresholds, upsert_thresholds
from bencher_core.store.db import Database

__all__ = ["IngestOptions", "Ingestor", "run"]

DEFAULT_PROJECT = "default"
DEFAULT_BRANCH = "main"
DEFAULT_TESTBED = "localhost"


@dataclass(frozen=True)
class IngestOptions:
    """How to ingest: alerts on or off (imports raise none), default gate, new-project "
    "visibility."""

    alerts: bool = True
    default_gate: bool = True
    new_project_visibility: str = "public"
    #: False: store metrics without judging them (no boundaries, no alerts) — history imports,
    #: where the limits each old point would have had are not worth half the import's time.
    boundaries: bool = True


@dataclass(frozen=True)
class _Stored:
    """A run just stored (its context and rows), or the id of the run a known key named."""

    ctx: RunContext | None = None
    iterations: list[IterationRows] = field(default_factory=list)
    existing: int | None = None


@dataclass
class _Project:
    row: ProjectRow
    cache: ResourceCache
    testbeds: dict[str, Named] = field(default_factory=dict)


class Ingestor:
    """Ingests runs into one store. Reuse one instance for a batch."""

    def __init__(
        self,
        db: Database,
        *,
        caller: Caller | None = None,
        options: IngestOptions | None = None,
        history: HistoryCache | None = None,
        group: GroupCommit | None = None,
    ) -> None:
        self.db = db
        self.caller = caller or Caller()
        self.options = options or IngestOptions()
        #: Series windows kept between runs (a server's, shared by its requests), or None.
        self.history = history
        #: Where concurrent runs are stored together (a SQLite server's), or None.
        self.group = group
        self._projects: dict[str, _Project] = {}
        self._revision: str | None = None  # the head's revision the current run reads at
        self._new_revision = ""  # the revision the current run gives its head
        self._windows: list[WindowKey] = []  # windows read or moved in the open transaction

    # -- public ------------------------------------------------------------------------------
    def ingest(self, new_run: NewRun) -> Report:
        """Ingest one run atomically and return its Report (the stored one for a known key)."""
        return self._report(self._store(new_run))

    def ingest_json(self, new_run: NewRun) -> str:
        """``ingest`` answering the Report as JSON text, built without the model (a server's
        answer: see ``service.report_json``)."""
        stored = self._store(new_run)
        if stored.ctx is None:
            return self._report(stored).model_dump_json()
        return report_json(stored.ctx, stored.iterations)

    def _store(self, new_run: NewRun) -> _Stored:
        parsed = self.parse(new_run)
        if self.group is not None:
            stored: _Stored = self.group.store(self.db, self._on, new_run, parsed)
            return stored
        try:
            return self._transaction(new_run, parsed)
        except Exception as e:
            # Two submissions of the same run raced (a client retry): the loser returns the
            # winner's report instead of failing on the idempotency key's unique constraint.
            if new_run.idempotency_key is None or not _is_unique_violation(e):
                raise
            self._projects.clear()
            return self._transaction(new_run, parsed)

    def _on(self, db: Database) -> Ingestor:
        """This ingestor's twin on another connection (a group's leader's)."""
        return Ingestor(db, caller=self.caller, options=self.options, history=self.history)

    def _transaction(self, new_run: NewRun, parsed: list[Results]) -> _Stored:
        try:
            with self.db.transaction():
                stored = self._ingest_parsed(new_run, parsed)
        except BaseException:
            self._rolled_back()
            raise
        self._windows.clear()
        return stored

    def _rolled_back(self) -> None:
        """Forget what the failed transaction read or wrote through the caches."""
        self._projects.clear()  # may hold rows of the rolled-back transaction
        if self.history is not None:
            self.history.forget(self._windows)
        self._windows.clear()

    def ingest_many(
        self,
        runs: Iterable[NewRun],
        *,
        chunk: int = 200,
        progress: Callable[[int], None] | None = None,
        keep: bool = True,
    ) -> list[Report]:
        """Batch mode: the same path, ``chunk`` runs per transaction.

        Returns every Report, or none with ``keep=False`` (memory stays flat however many runs
        stream through; ``progress`` is called with the count done after each chunk).
        """
        reports: list[Report] = []
        batch: list[tuple[NewRun, list[Results]]] = []
        done = 0
        if self.history is None and self.options.boundaries:
            self.history = HistoryCache()  # consecutive runs judge the same series

        def flush() -> None:
            nonlocal done
            with self.db.transaction():
                for nr, parsed in batch:
                    stored = self._ingest_parsed(nr, parsed)
                    if keep:
                        reports.append(self._report(stored))
            self._windows.clear()
            done += len(batch)
            if progress:
                progress(done)
            batch.clear()

        try:
            for nr in runs:
                batch.append((nr, self.parse(nr)))
                if len(batch) >= chunk:
                    flush()
            if batch:
                flush()
        except BaseException:
            self._rolled_back()
            raise
        return reports

    @staticmethod
    def parse(new_run: NewRun) -> list[Results]:
        """Parse and validate a run's outputs without touching the store."""
        resolve_adapter(new_run.settings.adapter if new_run.settings else None)
        parsed = parse_iterations(new_run.results, new_run.settings)
        if new_run.testbed is not None:
            _checked(new_run.testbed, "testbed")
        return parsed

    # -- the path ----------------------------------------------------------------------------
    def _project(self, ident: str) -> _Project:
        p = self._projects.get(ident)
        if p is None:
            row = resolve_project(
                self.db, ident, self.caller, visibility=self.options.new_project_visibility
            )
            p = self._projects[ident] = _Project(row, ResourceCache(self.db, row.id))
        return p

    def _report(self, stored: _Stored) -> Report:
        if stored.ctx is None:
            from bencher_core.service.report_read import read_report

            assert stored.existing is not None
            return read_report(self.db, stored.existing)
        return build_report(stored.ctx, stored.iterations)

    def _ingest_parsed(self, nr: NewRun, parsed: list[Results]) -> _Stored:
        """Store one parsed run: what its Report is built from, or the stored run's id."""
        db = self.db
        proj = self._project(nr.project or DEFAULT_PROJECT)
        if nr.idempotency_key is not None:
            existing = db.scalar(
                "SELECT id FROM report WHERE project_id = ? AND idempotency_key = ?",
                (proj.row.id, str(nr.idempotency_key)),
            )
            if existing is not None:
                return _Stored(existing=int(existing))
        head = resolve_branch(db, proj.row.id, nr.branch or DEFAULT_BRANCH, nr.start_point)
        testbed = proj.testbeds.get(nr.testbed or DEFAULT_TESTBED)
        if testbed is None:
            testbed, _ = get_or_create_named(
                db, "testbed", proj.row.id, nr.testbed or DEFAULT_TESTBED
            )
            proj.testbeds[nr.testbed or DEFAULT_TESTBED] = testbed
        measure_keys = dict.fromkeys(k for res in parsed for ms in res.values() for k in ms)
        if nr.thresholds:
            measure_keys.update(dict.fromkeys(nr.thresholds.models))
        measures = proj.cache.resolve("measure", measure_keys, nr.measures)
        if nr.thresholds:
            upsert_thresholds(
                db,
                project_id=proj.row.id,
                branch_id=head.branch.id,
                testbed_id=testbed.id,
                thresholds=nr.thresholds,
                measures=measures,
            )
        thresholds = load_thresholds(
            db,
            project_id=proj.row.id,
            branch_id=head.branch.id,
            testbed_id=testbed.id,
            measures={m.id: m for m in measures.values()}.values(),
            default_gate=self.options.default_gate and nr.default_thresholds is not False,
        )
        version_id, number, vhash = resolve_version(db, proj.row.id, head.head_id, nr.hash)
        report_uuid = str(uuid.uuid4())  # random: people name reports by a short prefix
        created = now_us()
        start_us, end_us = to_us(nr.start_time), to_us(nr.end_time)
        adapter = resolve_adapter(nr.settings.adapter if nr.settings else None)
        report_id = db.insert(
            "report",
            {
                "uuid": report_uuid,
                "project_id": proj.row.id,
                "user_id": self.caller.user_id,
                "head_id": head.head_id,
                "version_id": version_id,
                "testbed_id": testbed.id,
                "idempotency_key": str(nr.idempotency_key) if nr.idempotency_key else None,
                "adapter": adapter,
                "start_time": start_us,
                "end_time": end_us,
                "created": created,
                "context": json.dumps(nr.context) if nr.context else None,
            },
        )
        self._revision = head.revision
        self._new_revision = new_head_revision(db, head_id=head.head_id)
        floors = {
            (int(t), int(b), int(m)): int(n)
            for t, b, m, n in db.fetchall(
                "SELECT testbed_id, benchmark_id, measure_id, from_number FROM baseline_reset "
                "WHERE branch_id = ? AND testbed_id = ?",
                (head.branch.id, testbed.id),
            )
        }
        ctx = RunContext(
            report_id=report_id,
            report_uuid=report_uuid,
            project=proj.row,
            head=head,
            testbed=testbed,
            version_number=number,
            version_hash=vhash,
            start_us=start_us,
            end_us=end_us,
            created_us=created,
            adapter=adapter,
        )
        iterations = [
            self._iteration(
                ctx,
                i,
                res,
                proj.cache,
                measures,
                thresholds,
                floors,
                nr.ignore or [],
                nr.benchmark_thresholds or [],
            )
            for i, res in enumerate(parsed)
        ]
        return _Stored(ctx, iterations)

    def _iteration(
        self,
        ctx: RunContext,
        iteration: int,
        results: Results,
        cache: ResourceCache,
        measures: dict[str, Named],
        thresholds: dict[int, ActiveThreshold],
        floors: dict[tuple[int, int, int], int],
        ignore_globs: Sequence[str],
        overrides: Sequence[BenchmarkThresholds] = (),
    ) -> IterationRows:
        names: dict[str, tuple[str, bool]] = {}
        for raw in results:
            name, ignored = strip_ignore(raw)
            if not ignored and any(fnmatch.fnmatchcase(name, g) for g in ignore_globs):
                ignored = True
            names[raw] = (name, ignored)
        benches = cache.resolve("benchmark", dict.fromkeys(n for n, _ in names.values()))
        rows: list[MetricRow] = []
        for raw, ms in results.items():
            name, ignored = names[raw]
            for mkey, metric in ms.items():
                rows.append(MetricRow(benches[name], measures[mkey], metric, ignored))
        if self.options.boundaries:
            self._judge(ctx, rows, thresholds, floors, overrides)
        return self._write(ctx, iteration, rows)

    def _judge(
        self,
        ctx: RunContext,
        rows: list[MetricRow],
        thresholds: dict[int, ActiveThreshold],
        floors: dict[tuple[int, int, int], int],
        overrides: Sequence[BenchmarkThresholds] = (),
    ) -> None:
        source = None
        if self.history is not None and self._revision is not None:
            source = CachedWindows(self.history, self._revision)
        self._windows.extend(
            judge_rows(
                self.db,
                ctx,
                rows,
                thresholds,
                floors,
                overrides,
                alerts=self.options.alerts,
                cached=source,
            )
        )

    def _advance_windows(self, ctx: RunContext, iteration: int, rows: list[MetricRow]) -> None:
        """Move the cached windows this iteration read past the values it just wrote."""
        new = self._new_revision
        if self.history is not None:
            old = self._revision or new
            order = (ctx.version_number, ctx.start_us, iteration)
            for r in rows:
                if r.window is not None:
                    self.history.advance(r.window, old, new, order, r.metric.value)
        self._revision = new  # later iterations read what this one wrote

    def _write(self, ctx: RunContext, iteration: int, rows: list[MetricRow]) -> IterationRows:
        written = write_rows(self.db, ctx, iteration, rows)
        self._advance_windows(ctx, iteration, rows)
        return written


def _is_unique_violation(e: BaseException) -> bool:
    import sqlite3

    if isinstance(e, sqlite3.IntegrityError):
        return "UNIQUE" in str(e)
    return type(e).__name__ == "UniqueViolation"


def _checked(name: str, what: str) -> str:
    from bencher_core.errors import InvalidInputError

    try:
        return check_resource_name(name, what=what)
    except ValueError as e:
        raise InvalidInputError(str(e)) from e


def run(
    db: Database,
    new_run: NewRun,
    *,
    caller: Caller | None = None,
    options: IngestOptions | None = None,
    history: HistoryCache | None = None,
) -> Report:
    """Ingest one run into ``db`` and return its Report (``history``: a server's window cache)."""
    return Ingestor(db, caller=caller, options=options, history=history).ingest(new_run)
