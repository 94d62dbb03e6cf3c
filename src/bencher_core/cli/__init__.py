"""The ``bencher`` command: run benchmarks through the gate, and look at what was stored.

``bencher run --adapter json -- python bench.py`` runs a command, parses its output, stores it
(embedded store, or a server with ``--host``), prints a table and a verdict, and with ``--err``
exits 1 when there are alerts. ``bencher alerts``, ``accept``, ``report``, ``history`` and
``parse`` work around a run.

Importing this package is cheap: each command's module is imported only when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["COMMANDS", "main"]

#: command name -> "module:attribute" of its click command, imported on first use.
#: A new command is one line here (and its module).
COMMANDS: dict[str, str] = {
    "accept": "bencher_core.cli._accept:accept",
    "alerts": "bencher_core.cli._alerts:alerts",
    "asv": "bencher_core.cli.asv:asv",
    "db": "bencher_core.cli.server:db",
    "history": "bencher_core.cli._history:history",
    "import": "bencher_core.cli.import_:import_",
    "parse": "bencher_core.cli._parse:parse",
    "push": "bencher_core.cli.sync:push",
    "pyperf": "bencher_core.cli.pyperf:pyperf",
    "report": "bencher_core.cli._report:report",
    "run": "bencher_core.cli._run:run",
    "server": "bencher_core.cli.server:server",
    "sync": "bencher_core.cli.sync:sync",
    "token": "bencher_core.cli.token:token",
}


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``bencher`` command line and exit with its status.

    Exit status: 0 ok; 1 alerts with ``--err`` (or the benchmark command failed); 2 a usage
    or input error, printed as one ``bencher: error: …`` line.
    """
    from bencher_core.cli._app import run_cli

    sys.exit(run_cli(argv))
