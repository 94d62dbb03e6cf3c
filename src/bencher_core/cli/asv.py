"""``bencher asv -- <asv arguments>``: run asv, submit the results it wrote, gate on alerts.

asv cannot be hooked from the inside (its plugins are loaded after the command line is parsed,
and no plugin hook runs around a benchmark run), so the command wraps it: the results folder
named by asv.conf.json is looked at before and after asv runs, and every results file asv wrote
or rewrote is submitted — only the benchmarks this run measured, one run per commit and
environment, on the asv machine's testbed — with alerts on, since this is news.

Exit status: 1 with alerts (``--no-err`` or ``fail = false``: 0); else asv's own status.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from bencher_core.cli._options import (
    format_option,
    open_bencher,
    output_for,
    resolve,
    store_options,
)

__all__ = ["asv", "asv_command", "child_stdout", "config_argument"]

_EPILOG = """\b
Examples:
  bencher asv -- run HEAD^!
  bencher asv --branch main -- continuous main HEAD
  bencher asv -- run --python=same --set-commit-hash $(git rev-parse HEAD)
"""


def asv_command() -> list[str]:
    """How to start asv: with this interpreter when asv is installed here, else from PATH.

    Raises:
        UsageError: asv is nowhere to be found.
    """
    from bencher_core.errors import UsageError

    if importlib.util.find_spec("asv") is not None:
        return [sys.executable, "-m", "asv"]
    found = shutil.which("asv")
    if found is None:
        raise UsageError("asv is not installed (pip install asv)")
    return [found]


def config_argument(args: Sequence[str]) -> str | None:
    """The value of asv's ``--config`` in its arguments, if given."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None


def child_stdout() -> Any:
    """Where a child's stdout goes: our stderr (stdout carries the report)."""
    try:
        sys.stderr.flush()
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _run_asv(args: Sequence[str]) -> int:
    from bencher_core.errors import UsageError

    argv = [*asv_command(), *args]
    try:
        return subprocess.call(argv, stdout=child_stdout())
    except OSError as e:
        raise UsageError(f"cannot start asv ({argv[0]}): {e.strerror}") from e


def _existing_hint(args: Sequence[str]) -> str:
    existing = any("existing" in a or a.startswith("--python") for a in args)
    if existing and "--set-commit-hash" not in " ".join(args):
        return " (asv saves no results for an existing environment without --set-commit-hash)"
    return ""


@click.command(
    "asv",
    short_help="Run asv, submit its new results, fail on alerts.",
    epilog=_EPILOG,
    context_settings={"allow_interspersed_args": False, "help_option_names": ["-h", "--help"]},
)
@store_options
@click.option("--branch", metavar="NAME", help="Branch (default: the git branch).")
@click.option("--testbed", metavar="NAME", help="Testbed (default: the asv machine's name).")
@click.option(
    "--err/--no-err",
    "err",
    default=None,
    help="Exit with status 1 when there are alerts (default: on; [tool.bencher] fail).",
)
@format_option("human", "json", "markdown")
@click.argument("asv_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def asv(
    ctx: click.Context, /, asv_args: tuple[str, ...], err: bool | None, fmt: str, **_: object
) -> int:
    """Run asv with ASV_ARGS (after --), then submit the results it wrote and gate.

    Only benchmarks measured by this run are submitted; their commit and date come from asv.
    """
    from bencher_core.errors import UsageError
    from bencher_core.integrations._gate import write_gate
    from bencher_core.integrations.asv import (
        changed_files,
        default_results_dir,
        live_runs,
        snapshot,
    )

    if not asv_args:
        raise UsageError("give asv's arguments after --, e.g. bencher asv -- run HEAD^!")
    results_dir = default_results_dir(Path.cwd(), config_argument(asv_args))
    settings = resolve(ctx)
    testbed = ctx.params["testbed"]
    if ctx.get_parameter_source("testbed") is not ParameterSource.COMMANDLINE:
        testbed = None
    bencher = open_bencher(ctx, settings)
    try:
        base = bencher.new_run(["{}"], adapter="json")
        before = snapshot(results_dir)
        started = dt.datetime.now(dt.timezone.utc)
        status = _run_asv(asv_args)
        runs = live_runs(
            changed_files(results_dir, before), since=started, base=base, testbed=testbed
        )
        if not runs:
            click.echo(
                f"bencher: asv wrote no new results in {results_dir}; nothing was submitted"
                + _existing_hint(asv_args),
                err=True,
            )
            return status
        reports = [bencher.submit_run(run) for run in runs]
    finally:
        bencher.close()
    out = output_for()
    fail = settings.fail if err is None else err
    gate = write_gate(
        reports,
        out=sys.stdout,
        err=sys.stderr,
        fail=fail,
        fmt=fmt,
        color=out.color,
        width=out.width,
    )
    if gate:
        return gate
    if status:
        click.echo(f"bencher: asv exited with status {status}", err=True)
    return status
