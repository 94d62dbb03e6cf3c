"""Fixtures for the plugin tests: real pytest runs in subprocesses, real SQLite stores.

Each run is ``python -m pytest`` in a pytester folder with plugin autoloading off and the three
plugins that matter named explicitly (``-p benchmark -p bencher -p xdist``): other plugins
installed here would only slow every run down. ``BENCHER_*``/``GITHUB_*`` variables of the
outer environment are removed so a CI runner cannot leak into the runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from bencher_core.backends import LocalBackend
from bencher_core.errors import NotFoundError
from bencher_core.models.report import Report
from bencher_core.store.db import open_database

PLUGINS = ("-p", "benchmark", "-p", "bencher", "-p", "xdist.plugin", "-p", "no:cacheprovider")

#: A benchmark whose duration comes from the environment (so a slowdown is real) and one that
#: stays put. Sleeping (not spinning) keeps them steady on a busy machine; fixed round counts
#: keep every run short (15 x 2 ms).
SLEEPY = """\
import os
import time


def test_sleepy(benchmark):
    seconds = float(os.environ.get("SLEEP_MS", "2")) / 1000
    benchmark.pedantic(time.sleep, args=(seconds,), rounds=15, iterations=1)


def test_steady(benchmark):
    benchmark.pedantic(time.sleep, args=(0.002,), rounds=15, iterations=1)
"""

#: The configuration SLEEPY runs with: the median of the rounds shrugs off the odd late wake-up.
SLEEPY_CONFIG = '[tool.bencher]\naverage = "median"\n'


#: ... plus an explicit gate that a busy machine cannot trip: only +50 % over the mean of the
#: history alerts. (The history itself is built under the calibrated default gate.)
def gate_config(extra: str = "") -> str:
    """:data:`SLEEPY_CONFIG` with ``extra`` lines in ``[tool.bencher]`` and the explicit gate."""
    return (
        f"{SLEEPY_CONFIG}{extra}\n[tool.bencher.thresholds.latency]\n"
        'test = "percentage"\nupper_boundary = 0.5\nmin_sample_size = 5\n'
    )


GATE_CONFIG = gate_config()


@dataclass
class Project:
    """A pytester folder wired to its own store."""

    pytester: pytest.Pytester
    db: Path
    name: str = "demo"

    def run(self, *args: str) -> pytest.RunResult:
        """``pytest <args>`` in a subprocess (the plugin sees only this run's environment)."""
        return self.pytester.runpytest_subprocess(*PLUGINS, *args)

    def run_autoload(self, *args: str, monkeypatch: pytest.MonkeyPatch) -> pytest.RunResult:
        """``pytest <args>`` with every installed plugin loaded from its entry point."""
        monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
        return self.pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)

    def write(self, name: str, text: str) -> Path:
        path = self.pytester.path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def pull_request(
        self, monkeypatch: pytest.MonkeyPatch, *, head: str, head_repo: str = "acme/textstats"
    ) -> None:
        """Look like GitHub Actions on pull request #7 from ``head`` into ``main``."""
        event = {
            "number": 7,
            "pull_request": {
                "number": 7,
                "head": {"sha": "f" * 40, "repo": {"full_name": head_repo}},
                "base": {"sha": "b" * 40, "repo": {"full_name": "acme/textstats"}},
            },
        }
        path = self.pytester.path / "event.json"
        path.write_text(json.dumps(event))
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
        monkeypatch.setenv("GITHUB_BASE_REF", "main")
        monkeypatch.setenv("GITHUB_HEAD_REF", head)
        monkeypatch.setenv("GITHUB_REF", "refs/pull/7/merge")

    def use_store(self, store: Path) -> None:
        """Start from a copy of ``store`` (e.g. one with history)."""
        shutil.copyfile(store, self.db)

    def reports(self, *, project: str | None = None) -> list[Report]:
        """Every report in the store, oldest first."""
        backend = LocalBackend(str(self.db))
        try:
            return list(reversed(backend.reports(project or self.name, limit=1000)))
        except NotFoundError:
            return []
        finally:
            backend.close()


def metrics(report: Report) -> dict[tuple[str, str], float]:
    """(benchmark, measure slug) -> value of every metric in a report."""
    return {
        (r.benchmark.name, m.measure.slug): m.metric.value
        for iteration in report.results
        for r in iteration
        for m in r.measures
    }


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store created (and migrated) once; each test gets a copy instead of migrating anew."""
    path = tmp_path_factory.mktemp("template") / "bencher.db"
    open_database(str(path)).close()
    return path


@pytest.fixture
def project(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, empty_store: Path
) -> Project:
    for key in list(os.environ):
        if key.startswith(("BENCHER_", "GITHUB_", "PYTEST_XDIST")) or key == "PYTEST_ADDOPTS":
            monkeypatch.delenv(key)
    db = tmp_path / "store" / "bencher.db"
    db.parent.mkdir()
    shutil.copyfile(empty_store, db)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("BENCHER_DB", str(db))
    monkeypatch.setenv("BENCHER_PROJECT", "demo")
    return Project(pytester, db)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BENCHER_", "GITHUB_", "PYTEST_XDIST")) and k != "PYTEST_ADDOPTS"
    }
    env.update(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", BENCHER_PROJECT="demo", **extra)
    return env


@pytest.fixture(scope="session")
def stable_history(tmp_path_factory: pytest.TempPathFactory, empty_store: Path) -> Path:
    """A store holding 5 real, stable ``--bencher`` runs of :data:`SLEEPY` (the default gate
    needs 5 history points), built once per session; tests copy it with ``use_store``."""
    folder = tmp_path_factory.mktemp("history")
    (folder / "test_sleepy.py").write_text(SLEEPY)
    (folder / "pyproject.toml").write_text(SLEEPY_CONFIG)
    db = folder / "bencher.db"
    shutil.copyfile(empty_store, db)
    env = _clean_env(BENCHER_DB=str(db), SLEEP_MS="2")
    for _ in range(5):
        subprocess.run(
            [sys.executable, "-m", "pytest", *PLUGINS, "--bencher", "-q"],
            cwd=folder,
            env=env,
            check=True,
            capture_output=True,
        )
    return db


@pytest.fixture
def history(project: Project, stable_history: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The project after 5 stable runs (test_sleepy and test_steady both sleep 2 ms), judged
    with :data:`GATE_CONFIG`."""
    project.write("test_sleepy.py", SLEEPY)
    project.write("pyproject.toml", GATE_CONFIG)
    project.use_store(stable_history)
    monkeypatch.setenv("SLEEP_MS", "2")
    return project


def slow_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """test_sleepy now really sleeps 3× longer."""
    monkeypatch.setenv("SLEEP_MS", "6")
