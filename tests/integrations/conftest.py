"""Fixtures for the integrations: asv results folders written like asv writes them, the
``bencher`` command (in this process, or as a real subprocess), and a look into the store."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "examples"

#: asv's result columns, in the order asv 0.6 writes them.
ASV_COLUMNS = [
    "result",
    "params",
    "version",
    "started_at",
    "duration",
    "stats_ci_99_a",
    "stats_ci_99_b",
    "stats_q_25",
    "stats_q_75",
    "stats_number",
    "stats_repeat",
    "samples",
    "profile",
]

T0 = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


@dataclass(frozen=True)
class AsvFile:
    """One results file to write: commit, its date, machine, environment and results.

    ``results`` maps an asv benchmark name to its value, or to ``(values, params)`` for a
    parametrized one.
    """

    commit: str
    when: dt.datetime
    results: Mapping[str, Any]
    machine: str = "box"
    env: str = "virtualenv-py3.11"


def asv_doc(f: AsvFile) -> dict[str, Any]:
    """The results document asv would write for ``f`` (format version 2)."""
    rows: dict[str, list[Any]] = {}
    for k, (name, spec) in enumerate(f.results.items()):
        values, params = spec if isinstance(spec, tuple) else ([spec], [])
        rows[name] = [
            values,
            params,
            f"version-of-{name}",
            ms(f.when) + 60_000 + k,
            1.0,
            [v * 0.99 for v in values],
            [v * 1.01 for v in values],
        ]
    return {
        "commit_hash": f.commit,
        "env_name": f.env,
        "date": ms(f.when),
        "params": {"machine": f.machine, "python": "3.11"},
        "python": "3.11",
        "requirements": {},
        "env_vars": {},
        "result_columns": ASV_COLUMNS,
        "results": rows,
        "durations": {},
        "version": 2,
    }


def write_asv(results_dir: Path, files: Sequence[AsvFile]) -> list[Path]:
    """Write ``files`` as asv's results folder (with machine.json files); return their paths."""
    paths = []
    for f in files:
        folder = results_dir / f.machine
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "machine.json").write_text(json.dumps({"machine": f.machine, "version": 1}))
        path = folder / f"{f.commit[:8]}-{f.env}.json"
        path.write_text(json.dumps(asv_doc(f)))
        paths.append(path)
    return paths


def commit(n: int) -> str:
    """A commit hash that does not sort like ``n`` does (file order is not date order)."""
    import hashlib

    return hashlib.sha1(f"commit {n}".encode()).hexdigest()


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without BENCHER_*/GITHUB_*/CI, plus ``extra``."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BENCHER_", "GITHUB_")) and k not in ("CI", "FORCE_COLOR")
    }
    return {**base, "NO_COLOR": "1", "COLUMNS": "160", **extra}


class Bencher:
    """The ``bencher`` command on a SQLite store in a temporary folder."""

    def __init__(self, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cwd = cwd
        self.db = cwd / "bencher.db"
        self.monkeypatch = monkeypatch
        self.env = clean_env(BENCHER_DB=str(self.db), BENCHER_PROJECT="demo")

    def __call__(self, *args: str, capsys: pytest.CaptureFixture[str]) -> Result:
        """Run ``bencher ARGS`` in this process (fast; same code path as the command)."""
        from bencher_core.cli._app import run_cli

        with self.monkeypatch.context() as m:
            for key in [k for k in os.environ if k.startswith(("BENCHER_", "GITHUB_"))]:
                m.delenv(key)
            m.delenv("CI", raising=False)
            for key, value in self.env.items():
                if key.startswith("BENCHER_") or key in ("NO_COLOR", "COLUMNS"):
                    m.setenv(key, value)
            m.chdir(self.cwd)
            capsys.readouterr()
            code = run_cli(list(args))
            captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def subprocess(
        self, *args: str, env: Mapping[str, str | None] | None = None, cwd: Path | None = None
    ) -> Result:
        """Run ``python -m bencher_core.cli ARGS`` as a real process (``env`` None values unset)."""
        full = {**self.env, **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "bencher_core.cli", *args],
            cwd=cwd or self.cwd,
            env={k: v for k, v in full.items() if v is not None},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query on the store (nothing when it was never created)."""
        if not self.db.exists():
            return []
        with sqlite3.connect(self.db) as conn:
            return list(conn.execute(sql, params).fetchall())

    def reports(self) -> int:
        return len(self.rows("SELECT id FROM report"))

    def history(self, benchmark: str, testbed: str = "box") -> list[tuple[int, str, float]]:
        """(version number, hash, value) of one benchmark's metrics, in version order."""
        return [
            (int(n), str(h), float(v))
            for n, h, v in self.rows(
                "SELECT m.version_number, v.hash, m.value FROM metric m "
                "JOIN benchmark b ON b.id = m.benchmark_id "
                "JOIN testbed t ON t.id = m.testbed_id "
                "JOIN report r ON r.id = m.report_id JOIN version v ON v.id = r.version_id "
                "WHERE b.name = ? AND t.name = ? ORDER BY m.version_number, m.start_time",
                (benchmark, testbed),
            )
        ]


@pytest.fixture
def bencher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bencher:
    """The ``bencher`` command with its store in ``tmp_path``."""
    return Bencher(tmp_path, monkeypatch)


@pytest.fixture
def asv_home(tmp_path: Path) -> dict[str, str]:
    """Environment for a real asv: HOME in tmp_path (asv keeps ~/.asv-machine.json there)."""
    home = tmp_path / "home"
    home.mkdir()
    return clean_env(HOME=str(home))


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` (with an identity) and return its output."""
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
