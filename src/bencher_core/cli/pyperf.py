"""``bencher pyperf -- python bench.py [pyperf options]``: run a pyperf script, submit, gate.

pyperf refuses to write over an existing output file, so the script gets a fresh ``-o`` in a
temporary folder; its results are submitted (parsed by the ``python_pyperf`` adapter) with
alerts on. The script runs with ``BENCHER_PYPERF_WRAPPED=1``, so a
:func:`~bencher_core.integrations.pyperf.bencher_gate` inside it stands aside.

Exit status: 1 with alerts (``--no-err`` or ``fail = false``: 0) or when the script fails;
2 for a usage error.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from bencher_core.cli._options import (
    format_option,
    open_bencher,
    output_for,
    resolve,
    store_options,
    where_options,
)

__all__ = ["pyperf", "with_output"]

_OUTPUT_OPTIONS = ("-o", "--output", "--append")

_EPILOG = """\b
Examples:
  bencher pyperf -- python bench.py
  bencher pyperf -- python bench.py --fast
  bencher pyperf -- python -m pyperf timeit -s "x = list(range(100))" "sorted(x)"
"""


def with_output(command: tuple[str, ...], output: Path) -> tuple[list[str] | str, bool]:
    """The command with ``-o output`` added: an argv, or a shell line for a one-string command.

    Raises:
        UsageError: the command already names an output file.
    """
    from bencher_core.errors import UsageError

    words = shlex.split(command[0]) if len(command) == 1 else list(command)
    for word in words:
        if word in _OUTPUT_OPTIONS or word.startswith(tuple(f"{o}=" for o in _OUTPUT_OPTIONS)):
            raise UsageError(
                f"the command names an output file ({word}): bencher pyperf chooses it; drop it"
            )
    if len(command) == 1 and " " in command[0].strip():
        return f"{command[0]} -o {shlex.quote(str(output))}", True
    return [*command, "-o", str(output)], False


@click.command(
    "pyperf",
    short_help="Run a pyperf script, submit its results, fail on alerts.",
    epilog=_EPILOG,
    context_settings={"allow_interspersed_args": False, "help_option_names": ["-h", "--help"]},
)
@store_options
@where_options
@click.option("--hash", metavar="HASH", help="Git commit of this run (default: HEAD).")
@click.option(
    "--average", type=click.Choice(["mean", "median"]), help="mean ∓ stdev (default) or median."
)
@click.option(
    "--err/--no-err",
    "err",
    default=None,
    help="Exit with status 1 when there are alerts (default: on; [tool.bencher] fail).",
)
@format_option("human", "json", "markdown")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@click.pass_context
def pyperf(
    ctx: click.Context, /, command: tuple[str, ...], err: bool | None, fmt: str, **_: object
) -> int:
    """Run COMMAND (a pyperf script, after --) with a fresh -o file, submit it and gate."""
    from bencher_core.adapters._files import load_output
    from bencher_core.cli._command import CommandFailed
    from bencher_core.cli.asv import child_stdout
    from bencher_core.errors import UsageError
    from bencher_core.integrations._gate import write_gate
    from bencher_core.integrations.pyperf import WRAPPED_ENV

    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        draft = bencher.new_run(["{}"], adapter="python_pyperf")
        with tempfile.TemporaryDirectory(prefix="bencher-pyperf-") as tmp:
            output = Path(tmp) / "pyperf.json"
            target, shell = with_output(command, output)
            start = dt.datetime.now(dt.timezone.utc)
            try:
                status = subprocess.call(
                    target,
                    shell=shell,
                    stdout=child_stdout(),
                    env={**os.environ, WRAPPED_ENV: "1"},
                )
            except OSError as e:
                raise UsageError(f"cannot run {command[0]!r}: {e.strerror}") from e
            end = dt.datetime.now(dt.timezone.utc)
            shown = command[0] if shell else shlex.join(command)
            if status != 0:
                raise CommandFailed(
                    f"the command `{shown}` exited with status {status}; nothing was stored"
                )
            if not output.is_file():
                raise UsageError(
                    f"`{shown}` wrote no pyperf results to -o (is it a pyperf Runner script, "
                    "or `python -m pyperf timeit`?)"
                )
            text = load_output(output)
        new_run = draft.model_copy(update={"results": [text], "start_time": start, "end_time": end})
        report = bencher.submit_run(new_run)
    finally:
        bencher.close()
    out = output_for()
    return write_gate(
        [report],
        out=sys.stdout,
        err=sys.stderr,
        fail=settings.fail if err is None else err,
        fmt=fmt,
        color=out.color,
        width=out.width,
    )
