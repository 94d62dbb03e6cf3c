"""Opening stores: migrations, schema checks, bad URLs, WAL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bencher_core.errors import ConfigError, StoreError
from bencher_core.store.db import normalize_url, open_database
from bencher_core.store.tables_meta import SCHEMA_REVISION


def test_a_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    db = open_database(tmp_path / "x" / "b.db")
    assert db.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA foreign_keys") == 1


def test_migrations_match_the_tables(store_url: str) -> None:
    """Alembic's migrations produce exactly the schema tables.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from bencher_core.store.tables import metadata

    open_database(store_url).close()
    engine = create_engine(normalize_url(store_url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_without_migration_an_old_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"schema revision none, expected .*bencher db upgrade"):
        open_database(str(tmp_path / "empty.db"), migrate_schema=False)


@pytest.mark.parametrize(
    ("url", "error", "match"),
    [
        pytest.param("mysql://root@localhost/x", ConfigError, "unsupported store URL", id="scheme"),
        pytest.param("   ", ConfigError, "empty store location", id="empty"),
        pytest.param(
            "postgresql://nobody@127.0.0.1:1/none",
            StoreError,
            "cannot connect to the store",
            id="pg-down",
        ),
        pytest.param("/proc/forbidden/x.db", StoreError, "", id="unwritable"),
    ],
)
def test_a_broken_store_location_is_a_one_line_error(
    url: str, error: type[Exception], match: str
) -> None:
    with pytest.raises((error, PermissionError, OSError)) as info:
        open_database(url)
    assert isinstance(info.value, (error, OSError))
    assert "\n" not in str(info.value).strip() or error is StoreError
    assert match in str(info.value)
