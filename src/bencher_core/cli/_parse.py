"""``bencher parse``: parse harness output with an adapter and print the results (no store).

The work is done by ``bencher_core.cli.parse.parse_command`` (the adapters' own module); this
is only its command-line surface.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click

__all__ = ["parse"]


@click.command(
    "parse",
    short_help="Parse harness output into BMF JSON (no store).",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--adapter", metavar="SLUG", default="magic", show_default=True, help="How to parse.")
@click.option(
    "--average", type=click.Choice(["mean", "median"]), help="Which average the adapter takes."
)
@click.argument("files", nargs=-1, metavar="[FILE]...")
def parse(files: tuple[str, ...], adapter: str, average: str | None) -> int:
    """Parse FILEs (or stdin, `-`) with an adapter and print the results as BMF JSON."""
    from bencher_core.errors import UsageError

    try:
        module = importlib.import_module("bencher_core.cli.parse")
    except ModuleNotFoundError as e:
        raise UsageError("bencher parse is not available in this version") from e
    parse_command: Callable[[list[str], str, str | None], int] = module.parse_command
    return parse_command(list(files), adapter, average)
