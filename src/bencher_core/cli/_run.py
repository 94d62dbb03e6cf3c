"""``bencher run``: run a benchmark command (or read result files), submit, gate on alerts.

Exit status: 0 ok; 1 alerts with ``--err``, or the command failed; 2 a usage or input error
(one line naming the flag, file, adapter or value). Nothing is stored on any error: all
iterations are collected and parsed before one atomic submission.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from bencher_core.cli._options import (
    format_option,
    open_bencher,
    output_for,
    resolve,
    store_options,
)
from bencher_core.cli._thresholds import ThresholdFlags

if TYPE_CHECKING:
    from bencher_core.api import Bencher
    from bencher_core.models.report import Report
    from bencher_core.models.run import NewRun, StartPoint
    from bencher_core.models.threshold import Model
    from bencher_core.settings import Settings

__all__ = ["run"]

F = TypeVar("F", bound=Callable[..., Any])

_FLAG_OF_FIELD = {
    "project": "--project",
    "branch": "--branch",
    "hash": "--hash",
    "testbed": "--testbed",
    "start_point": "--start-point",
    "settings": "--adapter/--average/--fold",
    "thresholds": "--threshold-*",
}

_EPILOG = """\b
Examples:
  bencher run --adapter json -- python bench.py
  bencher run --adapter rust_criterion "cargo bench"
  bencher run --file results.json --adapter json
  bencher run --iter 5 --fold median --err -- ./bench --json
"""


def _multi(name: str, metavar: str, help_text: str) -> Callable[[F], F]:
    return click.option(name, multiple=True, metavar=metavar, help=help_text)


@click.command(
    "run",
    short_help="Run benchmarks, store the results, report regressions.",
    epilog=_EPILOG,
    context_settings={"allow_interspersed_args": False, "help_option_names": ["-h", "--help"]},
)
@store_options
@click.option(
    "--branch", metavar="NAME", help="Branch name (default: the git branch). [env: BENCHER_BRANCH]"
)
@click.option(
    "--hash", metavar="HASH", help="Git commit of this run (default: HEAD). [env: BENCHER_HASH]"
)
@click.option(
    "--start-point",
    metavar="BRANCH",
    help="Branch a new branch starts from (inherits its history).",
)
@click.option(
    "--start-point-hash", metavar="HASH", help="Start point at this commit of --start-point."
)
@click.option(
    "--start-point-max-versions",
    type=click.IntRange(1, 255),
    metavar="N",
    help="How many start-point versions to inherit (default 255).",
)
@click.option(
    "--start-point-clone-thresholds", is_flag=True, help="Copy the start point's thresholds."
)
@click.option(
    "--start-point-reset", is_flag=True, help="Start the branch afresh from its start point."
)
@click.option(
    "--testbed",
    metavar="NAME",
    help="Testbed name (default: <os>-<arch>-<python>). [env: BENCHER_TESTBED]",
)
@click.option(
    "--adapter",
    metavar="SLUG",
    help="How to parse the results (default: magic). [env: BENCHER_ADAPTER]",
)
@click.option(
    "--average", type=click.Choice(["mean", "median"]), help="Which average the adapter takes."
)
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=True),
    metavar="PATH",
    help="Read results from this file (each file is one iteration); with a command, the command "
    "must write it.",
)
@click.option(
    "--iter",
    "iterations",
    type=click.IntRange(min=1),
    metavar="N",
    default=1,
    show_default=True,
    help="Run the command N times.",
)
@click.option(
    "--fold",
    type=click.Choice(["min", "max", "mean", "median"]),
    help="Fold the iterations into one.",
)
@click.option(
    "--backdate",
    type=click.IntRange(min=0),
    metavar="EPOCH_S",
    help="Record the run at this time (seconds since the epoch).",
)
@_multi("--threshold-measure", "MEASURE", "Measure of a threshold (repeatable; pairs by position).")
@_multi(
    "--threshold-test",
    "TEST",
    "Test: t_test, z_score, log_normal, static, percentage, iqr, delta_iqr, auto.",
)
@_multi("--threshold-min-sample-size", "N|_", "Minimum history for limits (_ = unset).")
@_multi("--threshold-max-sample-size", "N|_", "Maximum history used (_ = unset).")
@_multi("--threshold-window", "SECONDS|_", "Only history this recent (_ = unset).")
@_multi("--threshold-lower-boundary", "B|_", "Lower boundary (_ = unset).")
@_multi("--threshold-upper-boundary", "B|_", "Upper boundary (_ = unset).")
@click.option(
    "--thresholds-reset", is_flag=True, help="Remove the models of thresholds not given here."
)
@click.option(
    "--default-thresholds/--no-default-thresholds",
    default=None,
    help="The calibrated default gate for measures without a threshold (default: on).",
)
@click.option("--allow-failure", is_flag=True, help="Submit the results even if the command fails.")
@click.option(
    "--err",
    "--error-on-alert",
    "err",
    is_flag=True,
    help="Exit with status 1 when there are alerts.",
)
@format_option("human", "json", "markdown")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the run that would be submitted (JsonNewRun); store nothing.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not copy the command's output to stderr.")
@click.option(
    "--shell/--exec",
    "shell",
    default=None,
    help="Run the command in a shell, or directly (default: a single argument with shell "
    "syntax such as spaces or pipes runs in a shell).",
)
@click.argument("command", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def run(ctx: click.Context, /, **params: Any) -> int:
    """Run a benchmark command, parse its output, store it and report regressions.

    The command comes after the options (after `--` if it has options of its own); its stdout
    is parsed with --adapter. With --file, results are read from files instead.
    """
    from bencher_core.cli._thresholds import threshold_models

    p = params
    fields = [f.name for f in dataclasses.fields(ThresholdFlags)]
    models = threshold_models(ThresholdFlags(**{n: p[f"threshold_{n}"] for n in fields}))
    settings = _with_start_point(resolve(ctx), p)
    from_flag = ctx.get_parameter_source("adapter") is ParameterSource.COMMANDLINE
    adapter = _check_adapter(settings, from_flag=from_flag)
    bencher = open_bencher(ctx, settings)
    try:
        # Built (and so validated) before the command runs; its results are filled in after.
        draft = _new_run(bencher, adapter=adapter, p=p, models=models)
        labelled, start, end = _collect(p)
        outputs = [text for _, text in labelled]
        new_run = draft.model_copy(
            update={"results": outputs, "start_time": start, "end_time": end}
        )
        with _name_sources([label for label, _ in labelled]):
            if p["dry_run"]:
                return _dry_run(new_run)
            report = bencher.submit_run(new_run)
    finally:
        bencher.close()
    return _show(report, fmt=p["fmt"], err=p["err"])


def _with_start_point(settings: Settings, p: dict[str, Any]) -> Settings:
    from bencher_core.errors import UsageError
    from bencher_core.models.run import StartPoint

    extra: dict[str, Any] = {}
    if p["start_point_hash"]:
        extra["hash"] = p["start_point_hash"]
    if p["start_point_max_versions"] is not None:
        extra["max_versions"] = p["start_point_max_versions"]
    if p["start_point_clone_thresholds"]:
        extra["clone_thresholds"] = True
    if p["start_point_reset"]:
        extra["reset"] = True
    start: StartPoint | None
    if p["start_point"]:
        start = StartPoint(branch=p["start_point"], **extra)
    elif extra:
        base = settings.start_point
        needs_branch = [k for k in ("hash", "max_versions", "clone_thresholds") if k in extra]
        if base is None and needs_branch:
            flag = "--start-point-" + needs_branch[0].replace("_", "-")
            raise UsageError(f"{flag} needs --start-point BRANCH")
        start = (base or StartPoint()).model_copy(update=extra)
    else:
        return settings
    return dataclasses.replace(settings, start_point=start)


def _check_adapter(settings: Settings, *, from_flag: bool) -> str | None:
    """Validate the adapter early (before running anything), naming where it came from."""
    import os

    from bencher_core.adapters import resolve_adapter
    from bencher_core.errors import UsageError

    if settings.adapter is None:
        return None
    try:
        resolve_adapter(settings.adapter)
    except UsageError as e:
        if from_flag:
            where = "--adapter"
        elif os.environ.get("BENCHER_ADAPTER"):
            where = "BENCHER_ADAPTER"
        else:
            where = "tool.bencher.adapter"
        raise UsageError(f"{where}: {e}") from e
    return settings.adapter


@contextlib.contextmanager
def _name_sources(labels: list[str]) -> Iterator[None]:
    """Adapter errors name ``results[i]``; say which file or command output that was."""
    from bencher_core.errors import AdapterError

    try:
        yield
    except AdapterError as e:
        src = e.source or ""
        if src.startswith("results[") and src.endswith("]") and src[8:-1].isdigit():
            index = int(src[8:-1])
            if index < len(labels):
                raise e.with_source(labels[index]) from e
        raise


def _collect(p: dict[str, Any]) -> tuple[list[tuple[str, str]], dt.datetime, dt.datetime]:
    from bencher_core.cli._command import Job, collect_outputs, default_echo, env_command
    from bencher_core.errors import UsageError

    job = Job.of(p["command"], shell=p["shell"]) if p["command"] else None
    files: list[Path] = list(p["files"])
    if job is None and not files:
        job = env_command()
    if job is None and not files:
        raise UsageError("nothing to run: give a command (after --), --file PATH, or BENCHER_CMD")
    if job is None and p["iterations"] > 1:
        raise UsageError(
            "--iter needs a command to run; with --file alone, each file is one iteration"
        )
    now = dt.datetime.now(dt.timezone.utc)
    outputs = collect_outputs(
        job,
        files,
        iterations=p["iterations"],
        allow_failure=p["allow_failure"],
        echo=default_echo(p["quiet"]),
    )
    end = dt.datetime.now(dt.timezone.utc)
    if p["backdate"] is not None:
        start = dt.datetime.fromtimestamp(p["backdate"], tz=dt.timezone.utc)
        return outputs, start, start + (end - now)
    return outputs, now, end


def _new_run(
    bencher: Bencher, *, adapter: str | None, p: dict[str, Any], models: dict[str, Model]
) -> NewRun:
    """The run's NewRun, with a placeholder result (validates names, start point, thresholds)."""
    from pydantic import ValidationError

    from bencher_core.errors import UsageError

    try:
        new_run = bencher.new_run(
            ["(pending)"],
            adapter=adapter,
            average=p["average"],
            fold=p["fold"],
            thresholds=models or None,
            thresholds_reset=p["thresholds_reset"],
        )
    except ValidationError as e:
        err = e.errors()[0]
        loc = err.get("loc", ())
        flag = _FLAG_OF_FIELD.get(str(loc[0]), str(loc[0])) if loc else "run"
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        raise UsageError(f"{flag}: {msg} (got {err.get('input')!r})") from e
    return new_run


def _dry_run(new_run: NewRun) -> int:
    from bencher_core.adapters import parse_iterations
    from bencher_core.render.json import new_run_json

    parse_iterations(new_run.results, new_run.settings)  # the same errors a submission would raise
    click.echo(new_run_json(new_run))
    return 0


def _show(report: Report, *, fmt: str, err: bool) -> int:
    out = output_for()
    if fmt == "json":
        from bencher_core.render.json import report_json

        click.echo(report_json(report))
    elif fmt == "markdown":
        from bencher_core.render.markdown import report_markdown

        click.echo(report_markdown(report), nl=False)
    else:
        from bencher_core.render.terminal import report_text

        out.echo(report_text(report, color=out.color, width=out.width))
    if err and report.alerts:
        from bencher_core.render.rows import metric_rows
        from bencher_core.render.units import format_change

        alerted = [r for r in metric_rows(report) if r.alert is not None]
        names = ", ".join(
            f"{r.benchmark} ({r.measure} {format_change(r.change)})" for r in alerted[:5]
        )
        more = f" and {len(alerted) - 5} more" if len(alerted) > 5 else ""
        click.echo(f"bencher: {len(report.alerts)} alert(s) detected: {names}{more}", err=True)
        return 1
    return 0
