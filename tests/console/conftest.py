"""Fixtures for the console: an app over a store seeded through the API, and TestClients that
speak as anonymous visitors, as API-token holders (``Authorization``) or as signed-in browser
sessions (the ``bencher_token`` cookie).

The seed, made once per session and copied for each test: organization acme holds the public
project ``pub`` (benchmarks ``fast`` and ``slow,comma``; six stable runs, then one where
``fast`` regressed, which raised one alert) and the private project ``priv`` (three runs of
``x``).
"""

from __future__ import annotations

import json
import re
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from tests.server.stores import (
    pg_template,
    populated_sqlite,
    populated_url,
    sqlite_template,
    token_of,
)

from bencher_core.server import ServerSettings, create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

__all__ = [
    "Console",
    "Seeded",
    "form_token",
    "pg_template",
    "populated_sqlite",
    "populated_url",
    "seed",
    "sqlite_template",
]

HASHES = [f"{i:040x}" for i in range(1, 8)]


@dataclass(frozen=True)
class Seeded:
    """What the seed made."""

    pub_reports: list[str]
    alert: str
    priv_report: str


def _run(project: str, values: dict[str, float], commit: str) -> dict[str, Any]:
    results = {name: {"latency": {"value": v}} for name, v in values.items()}
    return {
        "project": project,
        "branch": "main",
        "testbed": "ci",
        "hash": commit,
        "results": [json.dumps(results)],
        "settings": {"adapter": "json"},
    }


def seed(app: FastAPI) -> Seeded:
    """Seed the projects through the API as the admin."""
    headers = {"Authorization": f"Bearer {token_of('admin')}"}
    with TestClient(app, headers=headers) as c:
        for name, visibility in (("pub", "public"), ("priv", "private")):
            r = c.post(
                "/v0/projects",
                json={"name": name, "organization": "acme", "visibility": visibility},
            )
            assert r.status_code == 201, r.text
        reports = []
        for i in range(6):
            values = {"fast": 100.0 + i % 3, "slow,comma": 200.0 + i % 2}
            r = c.post("/v0/run", json=_run("pub", values, HASHES[i]))
            assert r.status_code == 201, r.text
            reports.append(r.json()["uuid"])
        r = c.post("/v0/run", json=_run("pub", {"fast": 150.0, "slow,comma": 200.0}, HASHES[6]))
        report = r.json()
        assert [a["benchmark"]["name"] for a in report["alerts"]] == ["fast"], report["alerts"]
        reports.append(report["uuid"])
        for i in range(3):
            r = c.post("/v0/run", json=_run("priv", {"x": 5.0 + i}, HASHES[i]))
            assert r.status_code == 201, r.text
        return Seeded(reports, report["alerts"][0]["uuid"], r.json()["uuid"])


def form_token(client: TestClient) -> str:
    """Open the sign-in form (which sets its cookie) and return the token it holds."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/console/signin").text)
    assert found is not None
    return found.group(1)


@dataclass
class Console:
    """An app over a seeded store, and the clients a test opened."""

    app: FastAPI
    seeded: Seeded
    clients: list[TestClient] = field(default_factory=list)

    def client(self, who: str = "anonymous") -> TestClient:
        """A client sending ``who``'s token in the Authorization header (none: anonymous)."""
        headers = {"Authorization": f"Bearer {token_of(who)}"} if who != "anonymous" else {}
        c = TestClient(self.app, headers=headers, raise_server_exceptions=False)
        self.clients.append(c)
        return c

    def session(self, who: str) -> TestClient:
        """A browser-like client signed in on the sign-in page (the token in a cookie)."""
        c = self.client()
        r = c.post(
            "/console/signin",
            data={"token": token_of(who), "next": "/console/projects", "csrf": form_token(c)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return c

    def close(self) -> None:
        for c in self.clients:
            c.close()
        self.app.state.pool.close()


@pytest.fixture(scope="session")
def seeded_template(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Seeded]:
    path = tmp_path_factory.mktemp("console") / "bencher.db"
    shutil.copyfile(sqlite_template, path)
    app = create_app(ServerSettings(db=str(path)))
    try:
        seeded = seed(app)
    finally:
        app.state.pool.close()
    return path, seeded


def _open(seeded_template: tuple[Path, Seeded], folder: Path) -> Console:
    template, seeded = seeded_template
    path = folder / "bencher.db"
    shutil.copyfile(template, path)
    return Console(create_app(ServerSettings(db=str(path))), seeded)


@pytest.fixture
def console(seeded_template: tuple[Path, Seeded], tmp_path: Path) -> Iterator[Console]:
    """The seeded app on a SQLite store of its own (for tests that change something)."""
    c = _open(seeded_template, tmp_path)
    yield c
    c.close()


@pytest.fixture(scope="module")
def reader(
    seeded_template: tuple[Path, Seeded], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Console]:
    """The seeded app shared by a module's tests that only read (an app's first request
    prepares every route, which costs a few hundred milliseconds)."""
    c = _open(seeded_template, tmp_path_factory.mktemp("reader"))
    yield c
    c.close()
