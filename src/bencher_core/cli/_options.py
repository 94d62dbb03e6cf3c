"""Options shared by the commands, and the one way a command turns its flags into Settings.

Only flags the user actually gave on the command line become settings overrides; everything
else comes from ``BENCHER_*``, ``[tool.bencher]`` and the defaults, through
:func:`~bencher_core.settings.resolve_settings` (one precedence for the CLI, the plugin and the
Python API).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from bencher_core.api import Bencher
    from bencher_core.settings import Settings

__all__ = [
    "Output",
    "format_option",
    "open_bencher",
    "output_for",
    "overrides",
    "store_options",
    "where_options",
]

F = TypeVar("F", bound=Callable[..., Any])

#: command-line parameter -> settings key, for the flags that are settings.
SETTING_PARAMS = {
    "project": "project",
    "branch": "branch",
    "hash": "hash",
    "testbed": "testbed",
    "adapter": "adapter",
    "average": "average",
    "db": "db",
    "host": "host",
    "token": "token",
    "default_thresholds": "default_thresholds",
}


def _env(var: str) -> str:
    return f" [env: {var}]"


def _stack(func: F, decorators: Iterable[Callable[[F], F]]) -> F:
    for decorator in reversed(list(decorators)):
        func = decorator(func)
    return func


def store_options(func: F) -> F:
    """``--project``, ``--db``, ``--host``, ``--token``: which project, in which store."""
    return _stack(
        func,
        [
            click.option(
                "--project",
                metavar="SLUG",
                help="Project slug, name or UUID (default: [project].name of pyproject.toml)."
                + _env("BENCHER_PROJECT"),
            ),
            click.option(
                "--db",
                metavar="PATH|URL",
                help="Embedded store: a SQLite file or a database URL (default: "
                ".bencher/bencher.db at the project root)." + _env("BENCHER_DB"),
            ),
            click.option(
                "--host",
                metavar="URL",
                help="Server URL; when set, runs go to the server instead of the embedded "
                "store." + _env("BENCHER_HOST"),
            ),
            click.option(
                "--token",
                metavar="TOKEN",
                help="API token for --host." + _env("BENCHER_API_TOKEN"),
            ),
        ],
    )


def where_options(func: F) -> F:
    """``--branch`` and ``--testbed``: which series of the project."""
    return _stack(
        func,
        [
            click.option(
                "--branch",
                metavar="NAME",
                help="Branch name, slug or UUID (default: the git branch)."
                + _env("BENCHER_BRANCH"),
            ),
            click.option(
                "--testbed",
                metavar="NAME",
                help="Testbed name, slug or UUID (default: <os>-<arch>-<python>, e.g. "
                "linux-x86_64-cpython3.11)." + _env("BENCHER_TESTBED"),
            ),
        ],
    )


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` with the given choices, the first being the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def overrides(ctx: click.Context) -> dict[str, Any]:
    """The settings the user set with a flag (not defaults), keyed by settings name."""
    out: dict[str, Any] = {}
    for param, key in SETTING_PARAMS.items():
        if param in ctx.params and ctx.get_parameter_source(param) is ParameterSource.COMMANDLINE:
            value = ctx.params[param]
            if isinstance(value, str) and not value.strip():
                from bencher_core.errors import UsageError

                raise UsageError(f"--{param.replace('_', '-')}: must not be empty")
            if value is not None:
                out[key] = value
    return out


def resolve(ctx: click.Context) -> Settings:
    """Settings from the flags given, the environment, pyproject.toml and the defaults."""
    from bencher_core.settings import resolve_settings

    return resolve_settings(overrides(ctx))


def open_bencher(ctx: click.Context, settings: Settings | None = None) -> Bencher:
    """A :class:`~bencher_core.api.Bencher` on the store or server the settings point at."""
    from bencher_core.api import Bencher

    return Bencher(settings or resolve(ctx))


@dataclass(frozen=True)
class Output:
    """How to write to the terminal: colours or not, and the line width."""

    color: bool
    width: int

    def echo(self, text: str, *, err: bool = False) -> None:
        """Write a line (or lines) to stdout or stderr."""
        click.echo(text, err=err, color=self.color)


def output_for(stream: Any = None) -> Output:
    """Colour when writing to a terminal (``NO_COLOR`` off, ``FORCE_COLOR`` on); its width."""
    stream = stream or sys.stdout
    env = os.environ
    if env.get("NO_COLOR"):
        color = False
    elif env.get("FORCE_COLOR"):
        color = True
    else:
        color = bool(getattr(stream, "isatty", lambda: False)())
    width = shutil.get_terminal_size((100, 24)).columns
    return Output(color=color, width=max(width, 40))
