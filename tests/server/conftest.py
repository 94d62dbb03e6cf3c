"""Fixtures for the server: an app over a populated store (the admin, ``member`` and ``leader``
of organization acme, ``outsider`` of organization other, each with a token), and TestClients
speaking as each of them (or as ``anonymous``)."""

from __future__ import annotations

import json
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
    # Starlette now prefers httpx2 for its TestClient; httpx is what this project uses.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

__all__ = [
    "Server",
    "bmf",
    "pg_template",
    "populated_sqlite",
    "populated_url",
    "run_body",
    "sqlite_template",
]


@dataclass
class Server:
    """An app over a populated store."""

    app: FastAPI
    db_url: str
    clients: list[TestClient] = field(default_factory=list)

    def client(self, who: str = "admin") -> TestClient:
        headers = {"Authorization": f"Bearer {token_of(who)}"} if who != "anonymous" else {}
        c = TestClient(self.app, headers=headers, raise_server_exceptions=False)
        self.clients.append(c)
        return c

    def close(self) -> None:
        for c in self.clients:
            c.close()
        self.app.state.pool.close()


def open_server(db_url: str, **settings: Any) -> Server:
    return Server(create_app(ServerSettings(db=db_url, **settings)), db_url)


@pytest.fixture
def server(populated_url: str) -> Iterator[Server]:
    """The app on SQLite and on PostgreSQL."""
    s = open_server(populated_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_server(populated_sqlite: Path) -> Iterator[Server]:
    """The app on SQLite only (for what does not depend on the database)."""
    s = open_server(str(populated_sqlite))
    yield s
    s.close()


def bmf(values: dict[str, float], measure: str = "latency") -> str:
    return json.dumps({name: {measure: {"value": v}} for name, v in values.items()})


def run_body(values: dict[str, float], **fields: Any) -> dict[str, Any]:
    """A JsonNewRun posting ``values`` as BMF (project proj, branch main, testbed tb)."""
    body: dict[str, Any] = {
        "project": "proj",
        "branch": "main",
        "testbed": "tb",
        "results": [bmf(values)],
        "settings": {"adapter": "json"},
    }
    body.update(fields)
    return body
