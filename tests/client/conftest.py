"""Fixtures for the client: a real report (made by the embedded store) to answer with."""

from __future__ import annotations

from pathlib import Path

import pytest

from bencher_core.store.db import open_database
from bencher_core.testing import submit


@pytest.fixture(scope="session")
def report_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A Report as the server would answer it."""
    path: Path = tmp_path_factory.mktemp("report") / "bencher.db"
    with open_database(str(path)) as db:
        return submit(db, {"a": 1.0, "b": 2.0}).model_dump_json()


# The server fixtures, for the client tests that talk to a real app.
from tests.server.conftest import server, sqlite_server  # noqa: E402, F401
from tests.server.stores import pg_template, populated_sqlite, populated_url, sqlite_template  # noqa: E402, F401
