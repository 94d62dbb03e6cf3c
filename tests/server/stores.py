"""Stores for server and client tests, copied from templates migrated once per session.

Migrating a store (Alembic) takes about a second; a test's store is instead a copy of a
template that is migrated and populated with the test people once: a file copy for SQLite,
``CREATE DATABASE … TEMPLATE`` for PostgreSQL. Each test still gets its own database.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bencher_core.service.auth import (
    bootstrap_admin,
    create_token,
    ensure_organization,
    ensure_user,
    set_role,
)
from bencher_core.store.db import open_database

if TYPE_CHECKING:
    import psycopg

ADMIN_TOKEN = "bencher_test-admin-token-0123456789"

#: who -> (organization, role); each has the token ``token_of(who)``.
PEOPLE = {
    "member": ("acme", "member"),
    "leader": ("acme", "leader"),
    "outsider": ("other", "member"),
}


def token_of(who: str) -> str:
    return ADMIN_TOKEN if who == "admin" else f"bencher_test-{who}-token-0123456789"


def populate(db_url: str) -> None:
    """Migrate ``db_url`` and add the admin and the test people with their tokens."""
    with open_database(db_url) as db:
        bootstrap_admin(db, ADMIN_TOKEN)
        with db.transaction():
            for who, (org_name, role) in PEOPLE.items():
                user = ensure_user(db, who)
                set_role(db, ensure_organization(db, org_name).id, user.id, role)
                create_token(db, user.id, "test", value=token_of(who))


#: The PostgreSQL server's maintenance database (as tests/conftest.py reads it).
PG_ADMIN = os.environ.get("BENCHER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
_PG_BASE = PG_ADMIN.split("://", 1)[1].rsplit("/", 1)[0]


def _pg() -> psycopg.Connection[tuple[object, ...]]:
    import psycopg

    return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)


def _pg_url(name: str) -> str:
    return f"postgresql+psycopg://{_PG_BASE}/{name}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bencher.db"
    populate(str(path))
    return path


@pytest.fixture(scope="session")
def pg_template(pg_available: bool) -> Iterator[str]:
    if not pg_available:
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not answering (outside CI)")
    name = f"bencher_tpl_{uuid.uuid4().hex[:12]}"
    with _pg() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        populate(_pg_url(name))
        yield name
    finally:
        with _pg() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def populated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A populated store of its own for each test, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield str(request.getfixturevalue("populated_sqlite"))
        return
    template = request.getfixturevalue("pg_template")
    name = f"bencher_test_{uuid.uuid4().hex[:12]}"
    with _pg() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _pg_url(name)
    finally:
        with _pg() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def populated_sqlite(sqlite_template: Path, tmp_path: Path) -> Path:
    """A populated SQLite store of its own."""
    path = tmp_path / "bencher.db"
    shutil.copyfile(sqlite_template, path)
    return path
