"""The click group behind ``bencher``: commands loaded lazily, errors mapped to exit codes."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import click

from bencher_core.cli import COMMANDS
from bencher_core.errors import BencherError

__all__ = ["cli", "run_cli"]

USAGE_EXIT = 2


class LazyGroup(click.Group):
    """A group whose commands are imported from :data:`~bencher_core.cli.COMMANDS` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    version=None, package_name="pytest-bencher", prog_name="bencher", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Continuous benchmarking: track results across commits, catch regressions, gate CI.

    Runs go to the embedded store (.bencher/bencher.db at the project root) unless --host (or
    BENCHER_HOST) names a server.
    """


def _one_line(text: str) -> str:
    return "; ".join(part.strip() for part in text.strip().splitlines() if part.strip())


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (errors printed as one line on stderr)."""
    try:
        rv = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="bencher",
            standalone_mode=False,
        )
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx is not None else "bencher"
        click.echo(
            f"{where}: error: {_one_line(e.format_message())} (see '{where} --help')", err=True
        )
        return USAGE_EXIT
    except click.ClickException as e:
        click.echo(f"bencher: error: {_one_line(e.format_message())}", err=True)
        return e.exit_code
    except BencherError as e:
        click.echo(f"bencher: error: {_one_line(str(e))}", err=True)
        return USAGE_EXIT
    except click.Abort:
        click.echo("bencher: interrupted; nothing was stored", err=True)
        return 130
    return rv if isinstance(rv, int) else 0
