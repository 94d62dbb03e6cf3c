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


def test_an_old_store_is_upgraded_with_its_data(store_url: str) -> None:
    """A store at the first revision, with versions in it, migrates and keeps working."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from bencher_core.store import db as store_db
    from bencher_core.testing import submit

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_db.__file__).parent / "migrations"))
    engine = create_engine(normalize_url(store_url))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_initial")
        for sql in (
            "INSERT INTO organization (id, uuid, name, slug, created) "
            "VALUES (1, '2ff9f039-8d38-5fac-94fc-a50da4919e80', 'Local', 'local', 0)",
            "INSERT INTO project (id, uuid, organization_id, name, slug, visibility, created, "
            "modified) "
            "VALUES (1, '3709ea1f-7e9e-5764-b8d3-b3ad428bbd77', 1, 'proj', 'proj', 'public', 0, 0)",
            "INSERT INTO branch (id, uuid, project_id, name, slug, created, modified) "
            "VALUES (1, '3f10dbe8-4cbd-5e31-9b1f-af0cb9dda9cf', 1, 'main', 'main', 0, 0)",
            "INSERT INTO head (id, uuid, branch_id, created) "
            "VALUES (1, '03dd39cb-755e-5f5f-9324-7679134d6468', 1, 0)",
            "UPDATE branch SET head_id = 1",
            "INSERT INTO version (id, uuid, project_id, number, hash) "
            "VALUES (1, '8baa9593-3443-5c74-8364-5ed32f655249', 1, 0, 'h0')",
            "INSERT INTO version (id, uuid, project_id, number, hash) "
            "VALUES (2, 'd3be8337-9e4d-57ff-8c7f-40ab2868df35', 1, 7, 'h7')",
            "INSERT INTO head_version (head_id, version_id) VALUES (1, 1)",
            "INSERT INTO head_version (head_id, version_id) VALUES (1, 2)",
        ):
            conn.exec_driver_sql(sql)
        if conn.dialect.name == "postgresql":  # explicit ids do not advance the sequences
            for table in ("organization", "project", "branch", "head", "version"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), 100)"
                )
    engine.dispose()
    db = open_database(store_url)
    assert db.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION
    assert db.fetchall("SELECT version_id, number FROM head_version ORDER BY version_id") == [
        (1, 0),
        (2, 7),
    ]
    assert submit(db, {"x": 1.0}, hash="h7").version.number == 7  # an old hash is found
    assert submit(db, {"x": 1.0}, hash="new").version.number == 8  # numbering continues


def test_bulk_inserts_keep_every_value_exactly(store_url: str) -> None:
    """``insert_rows`` (executemany, or COPY on PostgreSQL from ``COPY_FROM_ROWS`` rows on)
    stores text with tabs, newlines, backslashes and quotes, NULLs, booleans and floats
    unchanged."""
    from bencher_core.store.db import COPY_FROM_ROWS

    db = open_database(store_url)
    try:
        with db.transaction():
            db.execute(
                "CREATE TABLE scratch (id INTEGER PRIMARY KEY, name TEXT, x DOUBLE PRECISION, "
                "flag BOOLEAN)"
            )
        texts = ["plain", "tab\there", "new\nline", "back\\slash", "quote'\"", "µs ✓", None, r"\N"]
        floats = [0.1, 1e-300, 1.7976931348623157e308, -0.0, 123456.789, None, 5e-324, 2.0]
        small = [(k, texts[k], floats[k], k % 2 == 0) for k in range(3)]
        large = [(k, texts[k % 8], floats[k % 8], k % 3 == 0) for k in range(3, 3 + 2 * 8)]
        assert len(small) < COPY_FROM_ROWS <= len(large)
        with db.transaction():
            db.insert_rows("scratch", ("id", "name", "x", "flag"), small)
            db.insert_rows("scratch", ("id", "name", "x", "flag"), large)
            db.insert_rows("scratch", ("id", "name", "x", "flag"), [])
        got = [
            (int(i), name, x, bool(flag))
            for i, name, x, flag in db.fetchall("SELECT id, name, x, flag FROM scratch ORDER BY id")
        ]
        assert got == small + large
    finally:
        db.close()
