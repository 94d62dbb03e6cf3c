"""History reads are one index range scan, whatever the history length (query plans)."""

from __future__ import annotations

import pytest

from bencher_core.service.history import HISTORY_SQL, HISTORY_VALUES_SQL
from bencher_core.store.db import Database, open_database
from bencher_core.testing import submit


def _seed(db: Database) -> None:
    for i in range(30):
        submit(db, {"a": 1.0 + i, "b": 2.0})


@pytest.mark.parametrize("sql", [HISTORY_SQL, HISTORY_VALUES_SQL], ids=["keyed", "values"])
def test_sqlite_history_read_is_a_covering_index_range_scan(sqlite_url: str, sql: str) -> None:
    db = open_database(sqlite_url)
    _seed(db)
    plan = [
        row[-1] for row in db.fetchall("EXPLAIN QUERY PLAN " + sql, (1, 1, 1, 1, 0, 10**9, 0, 64))
    ]
    assert len(plan) == 1, plan
    assert plan[0].startswith("SEARCH metric USING COVERING INDEX ix_metric_series"), plan
    assert "version_number>? AND version_number<?" in plan[0]
    # no sort step: rows come out of the index in history order
    assert not any("TEMP B-TREE" in step for step in plan)


def test_postgres_history_read_is_an_index_scan_without_sort(pg_url: str) -> None:
    db = open_database(pg_url)
    _seed(db)
    db.execute("ANALYZE")
    # A tiny test table would be read whole and sorted; forbid the shortcuts a large table would
    # never take, so the plan shows what the index itself can serve.
    for knob in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
        db.execute(f"SET {knob} = off")
    sql = db.sql("EXPLAIN " + HISTORY_SQL)
    plan = "\n".join(r[0] for r in db.raw.execute(sql, (1, 1, 1, 1, 0, 10**9, 0, 64)).fetchall())
    assert "ix_metric_series" in plan, plan
    assert "Index" in plan and "Backward" in plan, plan
    assert "Sort" not in plan, plan


def test_postgres_reads_all_series_in_one_lateral_query(pg_url: str) -> None:
    from bencher_core.service.history import HISTORY_LATERAL_SQL

    db = open_database(pg_url)
    _seed(db)
    db.execute("ANALYZE")
    for knob in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
        db.execute(f"SET {knob} = off")
    params = ([1, 1], [1, 2], [1, 1], [0, 0], 1, 10**9, 0, 64)
    plan = "\n".join(r[0] for r in db.fetchall("EXPLAIN " + HISTORY_LATERAL_SQL, params))
    assert "Nested Loop" in plan, plan
    assert "Index Only Scan Backward using ix_metric_series" in plan, plan
    assert "Sort" not in plan, plan
