"""POST /v0/run: Bencher's JsonNewRun in, the JsonReport with alerts out."""

from __future__ import annotations

import uuid
from pathlib import Path

from dirty_equals import IsDatetime, IsStr, IsUUID
from tests.server.conftest import Server, open_server, run_body

from bencher_core import __version__


def _history(server: Server, n: int = 6) -> None:
    c = server.client()
    for i in range(n):
        r = c.post(
            "/v0/run", json=run_body({"fast": 100.0 + (i % 3), "slow": 200.0}, hash=f"{i:040x}")
        )
        assert r.status_code == 201, r.text


def test_run_answers_201_with_the_report(server: Server) -> None:
    r = server.client().post("/v0/run", json=run_body({"fast": 100.0}))

    assert r.status_code == 201
    report = r.json()
    assert report["uuid"] == IsUUID
    assert report["project"]["slug"] == "proj"
    assert report["branch"]["name"] == "main"
    assert report["testbed"]["name"] == "tb"
    assert report["results"][0][0]["benchmark"]["name"] == "fast"
    assert report["results"][0][0]["measures"][0]["metric"]["value"] == 100.0
    assert report["created"] == IsStr(regex=r"\d{4}-\d\d-\d\dT.*")
    assert report["alerts"] == []


def test_a_regression_answers_201_with_alerts(server: Server) -> None:
    _history(server)
    r = server.client().post("/v0/run", json=run_body({"fast": 1000.0, "slow": 200.0}))

    assert r.status_code == 201
    report = r.json()
    assert [(a["benchmark"]["name"], a["limit"], a["status"]) for a in report["alerts"]] == [
        ("fast", "upper", "active")
    ]
    assert report["counts"]["alerts"] == {"total": 1, "active": 1}


def test_the_same_idempotency_key_stores_the_run_once(server: Server) -> None:
    c = server.client()
    key = str(uuid.uuid4())
    first = c.post("/v0/run", json=run_body({"fast": 1.0}, idempotency_key=key))
    second = c.post("/v0/run", json=run_body({"fast": 1.0}, idempotency_key=key))

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["uuid"] == second.json()["uuid"]
    assert c.get("/v0/projects/proj/reports").headers["X-Total-Count"] == "1"


def test_bencher_cli_shaped_run_is_accepted(server: Server) -> None:
    """What Bencher's CLI sends: raw harness output, context, fields we do not know, thresholds."""
    libtest = (
        "running 2 tests\n"
        "test tests::bench_add ... bench:       1,234 ns/iter (+/- 56)\n"
        "test tests::bench_mul ... bench:         789 ns/iter (+/- 12)\n\n"
        "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 2 filtered out\n"
    )
    body = {
        "project": "rusty",
        "branch": "feature-x",
        "hash": "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
        "start_point": {
            "branch": "main",
            "hash": None,
            "max_versions": 255,
            "clone_thresholds": True,
        },
        "testbed": "ubuntu-latest",
        "thresholds": {
            "models": {"latency": {"test": "t_test", "upper_boundary": 0.99}},
            "reset": False,
        },
        "start_time": "2024-01-01T00:00:00Z",
        "end_time": "2024-01-01T00:01:00Z",
        "results": [libtest],
        "settings": {"adapter": "rust_bench", "average": None, "fold": None},
        "context": {"bencher.dev/v0/repo/name": "rusty", "bencher.dev/v0/testbed/os": "Linux"},
        "idempotency_key": str(uuid.uuid4()),
        "job": None,
    }
    r = server.client().post("/v0/run", json=body)

    assert r.status_code == 201, r.text
    report = r.json()
    assert sorted(b["benchmark"]["name"] for b in report["results"][0]) == [
        "tests::bench_add",
        "tests::bench_mul",
    ]
    assert report["start_time"] == IsDatetime(iso_string=True) | IsStr(
        regex="2024-01-01T00:00:00.*"
    )


def test_a_project_created_by_a_run_is_private_to_the_token_organization(server: Server) -> None:
    assert (
        server.client("member")
        .post("/v0/run", json=run_body({"x": 1.0}, project="acme-lib"))
        .status_code
        == 201
    )

    assert server.client("member").get("/v0/projects/acme-lib").json()["visibility"] == "private"
    assert server.client("leader").get("/v0/projects/acme-lib").status_code == 200
    assert server.client("outsider").get("/v0/projects/acme-lib").status_code == 404
    assert server.client("anonymous").get("/v0/projects/acme-lib").status_code == 404


def test_the_server_can_make_new_projects_public(populated_sqlite: Path) -> None:
    s = open_server(str(populated_sqlite), new_project_visibility="public")
    try:
        assert (
            s.client("member")
            .post("/v0/run", json=run_body({"x": 1.0}, project="open"))
            .status_code
            == 201
        )
        assert s.client("anonymous").get("/v0/projects/open").json()["visibility"] == "public"
    finally:
        s.close()


def test_history_without_alerts(server: Server) -> None:
    _history(server)
    r = server.client().post("/v0/run?alerts=false", json=run_body({"fast": 1000.0, "slow": 200.0}))

    assert r.status_code == 201
    assert r.json()["alerts"] == []
    assert r.json()["results"][0][0]["measures"][0]["boundary"]["upper_limit"] is not None


def test_server_version(sqlite_server: Server) -> None:
    r = sqlite_server.client("anonymous").get("/v0/server/version")

    assert (r.status_code, r.json()) == (200, {"version": __version__})
