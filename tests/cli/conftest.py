"""The ``bencher`` command run for real: a subprocess per call, a SQLite store in tmp_path.

Tests reach the harness through the ``cli`` fixture (``cli.run``, ``cli.seed``,
``cli.command``, ``cli.STABLE``); the import mode is importlib, so they import nothing from here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: ten stable runs (±0.4 %) of about one microsecond.
STABLE = (1000.0, 1004.0, 997.0, 1002.0, 999.0, 1003.0, 998.0, 1001.0, 1000.0, 1002.0)


def bmf_command(value: float, name: str = "bench_a") -> list[str]:
    """A command (``echo``, cheap to start) printing one benchmark's latency as BMF."""
    return ["echo", json.dumps({name: {"latency": {"value": value}}})]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    """Runs ``python -m bencher_core.cli`` in ``cwd`` with a clean ``BENCHER_*`` environment."""

    def __init__(self, tmp_path: Path) -> None:
        self.cwd = tmp_path
        self.db = tmp_path / "bencher.db"
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("BENCHER_", "GITHUB_")) and k not in ("CI", "FORCE_COLOR")
        }
        self.env = {
            **base,
            "BENCHER_DB": str(self.db),
            "BENCHER_PROJECT": "demo",
            "BENCHER_BRANCH": "main",
            "BENCHER_TESTBED": "tb",
            "NO_COLOR": "1",
            "COLUMNS": "160",
        }

    def __call__(self, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
        import subprocess

        full_env = dict(self.env)
        for key, value in (env or {}).items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
        proc = subprocess.run(
            [sys.executable, "-m", "bencher_core.cli", *args],
            cwd=self.cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    STABLE = STABLE

    @staticmethod
    def command(value: float, name: str = "bench_a") -> list[str]:
        """A command printing one benchmark's latency as BMF."""
        return bmf_command(value, name)

    def run(self, value: float, *args: str, name: str = "bench_a") -> Result:
        """``bencher run --adapter json -q [args] -- <command printing value as BMF>``."""
        return self("run", "--adapter", "json", "-q", *args, "--", *bmf_command(value, name))

    def reports(self, db: Path | None = None) -> int:
        """How many reports the store holds (0 when it was never created)."""
        path = db or self.db
        if not path.exists():
            return 0
        with sqlite3.connect(path) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "report" not in tables:
                return 0
            return int(conn.execute("SELECT count(*) FROM report").fetchone()[0])

    def seed(self, values: list[float] | tuple[float, ...], name: str = "bench_a") -> None:
        """Store one run per value through the Python API (faster than a subprocess each)."""
        from bencher_core.api import Bencher

        for i, value in enumerate(values):
            with Bencher(
                project="demo", branch="main", testbed="tb", hash=f"seed{i}", db=str(self.db)
            ) as bencher:
                bencher.submit({name: {"latency": {"value": value}}})


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """The ``bencher`` command with its store in ``tmp_path``."""
    return Cli(tmp_path)
