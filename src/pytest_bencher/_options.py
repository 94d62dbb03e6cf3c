"""The plugin's command-line options and how they become core settings.

Options live in one ``bencher`` group. :class:`PluginOptions` is a frozen snapshot of what the
user typed; :meth:`PluginOptions.overrides` turns it into the ``overrides`` layer of
:func:`bencher_core.settings.resolve_settings` (command line > ``BENCHER_*`` > ``[tool.bencher]``
> defaults), so the plugin adds no precedence rule of its own.

This module must import fast: it is loaded on every pytest run, with the plugin on or off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from bencher_core.settings import Settings

__all__ = ["PluginOptions", "add_options"]

#: setting name -> the flag that sets it (so configuration errors name the flag the user typed).
FLAGS = {
    "enable": "--bencher",
    "project": "--bencher-project",
    "branch": "--bencher-branch",
    "hash": "--bencher-hash",
    "start_point_branch": "--bencher-start-point",
    "testbed": "--bencher-testbed",
    "db": "--bencher-db",
    "host": "--bencher-host",
    "average": "--bencher-average",
    "timeout": "--bencher-timeout",
    "fail": "--bencher-no-fail",
    "offline_ok": "--bencher-offline-ok",
    "ignore": "--bencher-ignore",
    "exclude": "--bencher-exclude",
}

#: ``[tool.bencher]`` keys that switch the plugin on.
_ENABLE_KEYS = ("bencher", "enable")


def add_options(parser: pytest.Parser) -> None:
    """Register every ``--bencher*`` option in one group."""
    group = parser.getgroup("bencher", "continuous benchmarking with pytest-bencher")
    add = group.addoption
    add(
        "--bencher",
        action="store_true",
        default=False,
        help="submit benchmark results to Bencher's history and fail on regressions "
        "(also: BENCHER_ENABLE=1 or bencher = true in [tool.bencher])",
    )
    add(
        "--bencher-project",
        metavar="NAME",
        help="project (default: [project].name or the root folder)",
    )
    add("--bencher-branch", metavar="NAME", help="branch (default: the git branch)")
    add("--bencher-hash", metavar="HASH", help="commit hash (default: git HEAD)")
    add(
        "--bencher-start-point",
        metavar="BRANCH",
        help="branch a new branch starts from (on a GitHub pull request: its base)",
    )
    add("--bencher-testbed", metavar="NAME", help="testbed (default: os-arch-interpreter)")
    add("--bencher-db", metavar="PATH|URL", help="embedded store (default: .bencher/bencher.db)")
    add("--bencher-host", metavar="URL", help="submit to this server instead of the embedded store")
    add(
        "--bencher-average",
        choices=("mean", "median"),
        help="latency of a benchmark: mean ∓ stddev (default) or median ∓ IQR",
    )
    add("--bencher-timeout", metavar="SECONDS", help="give up on the server after this long (30)")
    add(
        "--bencher-no-fail",
        action="store_true",
        default=False,
        help="report alerts without failing the session",
    )
    add(
        "--bencher-offline-ok",
        action="store_true",
        default=False,
        help="do not fail when the server is unreachable (the run is spooled for `bencher sync`)",
    )
    add(
        "--bencher-markdown",
        metavar="PATH",
        help="write the report as Markdown (a pull-request comment body) to PATH",
    )
    add(
        "--bencher-ignore",
        metavar="GLOB",
        action="append",
        help="benchmarks matching GLOB are stored but never alert (repeatable)",
    )
    add(
        "--bencher-exclude",
        metavar="GLOB",
        action="append",
        help="benchmarks matching GLOB are not submitted (repeatable)",
    )


@dataclass(frozen=True)
class PluginOptions:
    """What the user asked for on the command line (None/False: not given)."""

    enable: bool = False
    project: str | None = None
    branch: str | None = None
    hash: str | None = None
    start_point_branch: str | None = None
    testbed: str | None = None
    db: str | None = None
    host: str | None = None
    average: str | None = None
    timeout: str | None = None
    no_fail: bool = False
    offline_ok: bool = False
    markdown: Path | None = None
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    cwd: Path = field(default_factory=Path.cwd)

    @classmethod
    def from_pytest_config(cls, config: pytest.Config) -> PluginOptions:
        """Read the ``--bencher*`` options of a pytest run."""

        def opt(name: str) -> Any:
            return config.getoption(name, None)

        cwd = config.invocation_params.dir
        markdown = opt("bencher_markdown")
        return cls(
            enable=bool(opt("bencher")),
            project=opt("bencher_project"),
            branch=opt("bencher_branch"),
            hash=opt("bencher_hash"),
            start_point_branch=opt("bencher_start_point"),
            testbed=opt("bencher_testbed"),
            db=opt("bencher_db"),
            host=opt("bencher_host"),
            average=opt("bencher_average"),
            timeout=opt("bencher_timeout"),
            no_fail=bool(opt("bencher_no_fail")),
            offline_ok=bool(opt("bencher_offline_ok")),
            markdown=(cwd / markdown) if markdown else None,
            ignore=tuple(opt("bencher_ignore") or ()),
            exclude=tuple(opt("bencher_exclude") or ()),
            cwd=cwd,
        )

    def overrides(self) -> dict[str, Any]:
        """The command-line layer for ``resolve_settings`` (only what was given)."""
        return {
            "enable": True if self.enable else None,
            "project": self.project,
            "branch": self.branch,
            "hash": self.hash,
            "start_point_branch": self.start_point_branch,
            "testbed": self.testbed,
            "db": self.db,
            "host": self.host,
            "average": self.average,
            "timeout": self.timeout,
            "fail": False if self.no_fail else None,
            "offline_ok": True if self.offline_ok else None,
            "ignore": list(self.ignore) or None,
            "exclude": list(self.exclude) or None,
        }

    def may_enable(self, env: Mapping[str, str] | None = None) -> bool:
        """Cheap check whether any layer could switch the plugin on.

        Only when it could are the settings resolved (which loads the core); a run without
        ``--bencher``, ``BENCHER_ENABLE`` or an enable key in ``[tool.bencher]`` stays inert.
        """
        if self.enable:
            return True
        env = os.environ if env is None else env
        if env.get("BENCHER_ENABLE"):
            return True
        from bencher_core.project import find_project_root, read_pyproject

        try:
            tool = read_pyproject(find_project_root(self.cwd.resolve())).get("tool", {})
        except Exception:  # a broken pyproject.toml is reported when resolving
            return True
        table = tool.get("bencher") if isinstance(tool, Mapping) else None
        if not isinstance(table, Mapping):
            return False
        return any(key in table for key in _ENABLE_KEYS)

    def resolve(self, env: Mapping[str, str] | None = None) -> Settings:
        """Resolve the core settings with these options on top.

        Raises:
            pytest.UsageError: a bad option, environment variable or ``[tool.bencher]`` value
                (the message names it and the value).
        """
        from bencher_core.errors import BencherError, ConfigError
        from bencher_core.settings import resolve_settings

        try:
            return resolve_settings(self.overrides(), env=env, cwd=self.cwd)
        except ConfigError as e:
            key = e.key
            if key.startswith("--"):
                key = FLAGS.get(key[2:].replace("-", "_"), key)
            raise pytest.UsageError(
                f"pytest-bencher: invalid configuration {key} = {e.value!r}: {e.reason}"
            ) from e
        except BencherError as e:
            raise pytest.UsageError(f"pytest-bencher: {e}") from e
