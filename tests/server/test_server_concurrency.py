"""Twenty clients posting to one project at once: pairs of clients race to post the same run
(same idempotency key), and each client retries its first run. Every run is stored exactly
once (SQLite with one worker, PostgreSQL with two)."""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path

import httpx
import pytest
from tests.server.process import running_server

from bencher_core.store.db import open_database

pytestmark = pytest.mark.slow

ADMIN = "bencher_concurrency-admin-token-0123"
CLIENTS = 20
RUNS_EACH = 3


def _post_runs(
    url: str, k: int, barrier: threading.Barrier, keys: list[str], errors: list[str]
) -> None:
    headers = {"Authorization": f"Bearer {ADMIN}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as api:
        barrier.wait()
        for i in range(RUNS_EACH):
            # Run 0 of clients k and k+10 is the same run: same body, same key, sent at once.
            owner = k % (CLIENTS // 2) if i == 0 else k
            key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"crowd/{owner}/{i}"))
            keys.append(key)
            bmf = {
                "shared": {"latency": {"value": 10.0 + i}},
                f"own-{owner}": {"latency": {"value": 5.0}},
            }
            body = {
                "project": "crowd",
                "branch": "main",
                "testbed": "tb",
                "idempotency_key": key,
                "results": [json.dumps(bmf)],
                "settings": {"adapter": "json"},
            }
            for _attempt in range(2 if i == 0 else 1):  # each client sends its first run twice
                r = api.post("/v0/run", json=body)
                if r.status_code != 201:
                    errors.append(f"client {k} run {i}: {r.status_code} {r.text[:200]}")


@pytest.mark.parametrize(
    ("store", "workers"), [("sqlite", 1), pytest.param("postgres", 2, marks=pytest.mark.postgres)]
)
def test_concurrent_clients_store_every_run_once(
    request: pytest.FixtureRequest, tmp_path: Path, store: str, workers: int
) -> None:
    db = str(tmp_path / "crowd.db") if store == "sqlite" else str(request.getfixturevalue("pg_url"))
    keys: list[str] = []
    errors: list[str] = []
    barrier = threading.Barrier(CLIENTS)
    with running_server(db, tmp_path, workers=workers, admin_token=ADMIN) as server:
        threads = [
            threading.Thread(target=_post_runs, args=(server.url, k, barrier, keys, errors))
            for k in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert errors == []
    with open_database(db, migrate_schema=False) as store_db:
        stored = store_db.fetchall(
            "SELECT idempotency_key, count(*) FROM report GROUP BY idempotency_key"
        )
        benchmarks = store_db.scalar("SELECT count(*) FROM benchmark")
        versions = store_db.fetchall("SELECT number FROM version ORDER BY number")
    assert sorted(str(k) for k, _ in stored) == sorted(set(keys))
    assert len(stored) == CLIENTS * RUNS_EACH - CLIENTS // 2
    assert {n for _, n in stored} == {1}
    assert benchmarks == CLIENTS + 1
    assert [int(n) for (n,) in versions] == list(range(len(stored)))
