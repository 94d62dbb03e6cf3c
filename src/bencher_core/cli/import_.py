"""``bencher import asv|pytest-benchmark|pyperf``: backfill history from existing result files.

Runs are stored oldest commit first, without alerts (history, not news), through the ingest
service's batch mode (or to the server with ``--host``). Importing the same files again stores
nothing twice. Files that cannot be read are skipped with a warning (``--strict``: an error).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from bencher_core.cli._options import resolve, store_options

if TYPE_CHECKING:
    from bencher_core.integrations._importer import HistorySource, ImportResult, RunTarget
    from bencher_core.integrations._targets import Known, Target
    from bencher_core.settings import Settings

__all__ = ["import_"]

F = TypeVar("F", bound=Callable[..., Any])

#: Show progress when an import stores at least this many runs (or scans this many files).
LARGE = 200


def _import_options(func: F) -> F:
    """Options every ``bencher import`` command takes."""
    decorators: list[Callable[[Any], Any]] = [
        store_options,
        click.option(
            "--branch",
            metavar="NAME",
            help="Branch the runs go to (wins over the branch the files name).",
        ),
        click.option(
            "--testbed",
            metavar="NAME",
            help="Testbed every run goes to (default: the machine the files name).",
        ),
        click.option(
            "--strict", is_flag=True, help="Stop at a file that cannot be read (default: skip)."
        ),
        click.option("--dry-run", is_flag=True, help="Show what would be imported; store nothing."),
        click.option(
            "--boundaries",
            is_flag=True,
            help="Also compute the limits each imported point would have had (slower).",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings."),
        click.pass_context,
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@click.group(
    "import",
    short_help="Import existing history (asv, pytest-benchmark, pyperf).",
    context_settings={"help_option_names": ["-h", "--help"]},
)
def import_() -> None:
    """Backfill the history from result files that already exist, oldest commit first.

    Runs raise no alerts; importing the same files again stores nothing twice.
    """


def _given(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE


def _target(ctx: click.Context, settings: Settings, **extra: Any) -> RunTarget:
    from bencher_core.integrations._importer import RunTarget
    from bencher_core.models.run import Average

    fields: dict[str, Any] = {
        "project": settings.project,
        "branch": settings.branch,
        "branch_fixed": _given(ctx, "branch"),
        "testbed": ctx.params["testbed"] if _given(ctx, "testbed") else None,
        "ignore": settings.ignore,
        "default_thresholds": settings.default_thresholds,
        "average": Average(settings.average) if settings.average else None,
    }
    fields.update(extra)
    return RunTarget(**fields)


class _Progress:
    """Progress on stderr: one updating line on a terminal, a line per tenth otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self._last_tenth = 0

    def scanned(self, n: int) -> None:
        if not self.quiet and self.tty and n % 500 == 0:
            click.echo(f"\rreading result files: {n:,}", nl=False, err=True)

    def stored(self, done: int, total: int) -> None:
        if self.quiet or total < LARGE:
            return
        elapsed = time.monotonic() - self.started
        line = f"stored {done:,}/{total:,} runs ({elapsed:.0f} s)"
        if self.tty:
            click.echo(f"\r{line}", nl=done >= total, err=True)
            return
        tenth = done * 10 // total
        if tenth > self._last_tenth:
            self._last_tenth = tenth
            click.echo(line, err=True)

    def skipped(self, path: Path, reason: str) -> None:
        if not self.quiet:
            click.echo(f"bencher: warning: skipped {path}: {reason}", err=True)


def _run_import(
    ctx: click.Context, settings: Settings, source: HistorySource, *, what: str
) -> ImportResult:
    from bencher_core.integrations._importer import import_history
    from bencher_core.integrations._targets import Known, LocalTarget, RemoteTarget

    p = ctx.params
    progress = _Progress(p["quiet"])
    common: dict[str, Any] = {
        "project": settings.project,
        "strict": p["strict"],
        "on_skip": progress.skipped,
        "on_scan": progress.scanned,
        "progress": progress.stored,
    }
    if settings.host:
        from bencher_core.client import BencherClient

        with BencherClient(settings.host, token=settings.token, timeout=settings.timeout) as c:
            remote: Target = _DryRun(Known(set())) if p["dry_run"] else RemoteTarget(c)
            result = import_history(source, remote, **common)
    else:
        from bencher_core.store.db import open_database

        with open_database(settings.db) as db:
            local: Target = LocalTarget(
                db, default_gate=settings.default_thresholds, boundaries=p["boundaries"]
            )
            if p["dry_run"]:
                local = _DryRun(local.known(settings.project))
            result = import_history(source, local, **common)
    if result.behind is not None and not p["quiet"]:
        click.echo(
            f"bencher: warning: project {settings.project!r} already has runs up to "
            f"{result.behind:%Y-%m-%d %H:%M}; older commits imported now are numbered after "
            "them (import history before the first live run to keep versions in commit order)",
            err=True,
        )
    if p["dry_run"]:
        return result
    _summary(result, settings, what=what)
    return result


class _DryRun:
    """A target that lists the runs it is given and stores nothing (``--dry-run``)."""

    def __init__(self, known: Known) -> None:
        self._known = known

    def known(self, project: str) -> Known:
        return self._known

    def store(self, runs: Any, progress: Callable[[int], None]) -> None:
        n = 0
        for new_run in runs:
            n += 1
            when = new_run.start_time.strftime("%Y-%m-%d %H:%M")
            click.echo(
                f"{when}  {new_run.hash or '-':12.12}  {new_run.branch}  {new_run.testbed}  "
                f"{new_run.context.get('bencher.dev/v0/import', '') if new_run.context else ''}"
            )
        click.echo(f"dry run: {n} run{'s' if n != 1 else ''} would be imported; nothing stored")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _summary(result: ImportResult, settings: Settings, *, what: str) -> None:
    where = f"{settings.host}" if settings.host else settings.db
    if result.imported:
        first, last = result.first, result.last
        span = f"{first:%Y-%m-%d} → {last:%Y-%m-%d}" if first and last else "undated"
        click.echo(
            f"imported {_plural(result.imported, 'run')} of {_plural(result.commits, 'commit')} "
            f"({span}) from {what} into project {settings.project!r} "
            f"(testbeds: {', '.join(result.testbeds)}) in {where}"
        )
    elif not result.found:
        click.echo(f"found no results to import in {what}")
    else:
        click.echo(f"nothing new to import from {what} into project {settings.project!r}")
    notes = []
    if result.known:
        notes.append(f"{_plural(result.known, 'run')} already imported")
    if result.skipped:
        notes.append(f"{_plural(len(result.skipped), 'file')} skipped")
    if notes:
        click.echo("; ".join(notes))


@import_.command("asv", short_help="Import an asv results folder.")
@_import_options
@click.option("--env", metavar="GLOB", help="Only asv environments whose name matches.")
@click.option("--machine", metavar="GLOB", help="Only machines whose name matches.")
@click.argument("results_dir", type=click.Path(path_type=Path, file_okay=False))
def import_asv(ctx: click.Context, /, results_dir: Path, **_: object) -> int:
    """Import RESULTS_DIR, asv's results folder (or the project folder with asv.conf.json).

    One run per results file (commit × machine × environment), dated by the commit; the
    machine is the testbed; the branch is --branch, else the first of asv.conf.json's
    branches, else the current git branch.
    """
    from bencher_core.integrations.asv import AsvHistory, locate_results
    from bencher_core.integrations.asv_config import read_config

    results, config_path = locate_results(results_dir)
    config = read_config(config_path) if config_path is not None else None
    settings = resolve(ctx)
    branch = settings.branch
    if not _given(ctx, "branch") and config is not None and config.branch:
        branch = config.branch
    target = _target(ctx, settings, branch=branch)
    p = ctx.params
    source = AsvHistory(results, target, env=p["env"], machine=p["machine"])
    _run_import(ctx, settings, source, what=str(results))
    if not p["quiet"]:
        for machine, envs in sorted(source.envs.items()):
            if len(envs) > 1 and target.testbed is None:
                click.echo(
                    f"bencher: warning: machine {machine!r} has results of {len(envs)} "
                    f"environments ({', '.join(sorted(envs))}) on one testbed; import them "
                    "one at a time with --env GLOB --testbed NAME to keep them apart",
                    err=True,
                )
    return 0


@import_.command("pytest-benchmark", short_help="Import saved pytest-benchmark runs.")
@_import_options
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_pytest_benchmark(ctx: click.Context, /, paths: tuple[Path, ...], **_: object) -> int:
    """Import saved pytest-benchmark runs: storage folders (.benchmarks) or saved-run files.

    Each run keeps its commit (commit_info id, time, branch); the testbed is the one the pytest
    plugin uses on that machine (e.g. linux-x86_64-cpython3.11) unless --testbed is given.
    """
    from bencher_core.integrations.pytest_benchmark_storage import PytestBenchmarkHistory

    settings = resolve(ctx)
    source = PytestBenchmarkHistory(list(paths), _target(ctx, settings))
    _run_import(ctx, settings, source, what=", ".join(str(p) for p in paths))
    return 0


@import_.command("pyperf", short_help="Import pyperf result files.")
@_import_options
@click.option("--hash", metavar="HASH", help="Commit of files that do not name one.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def import_pyperf(ctx: click.Context, /, files: tuple[Path, ...], **_: object) -> int:
    """Import pyperf result files (.json or .json.gz), one run each, oldest first.

    The testbed is --testbed, else BENCHER_TESTBED / [tool.bencher] / this machine's default.
    """
    from bencher_core.integrations.pyperf_files import PyperfHistory

    settings = resolve(ctx)
    target = _target(ctx, settings, testbed=settings.testbed, hash=ctx.params["hash"])
    _run_import(ctx, settings, PyperfHistory(list(files), target), what=f"{len(files)} file(s)")
    return 0
