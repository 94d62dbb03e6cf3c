"""Thresholds, reports, alerts, metrics, accepting a change, and the perf query."""

from __future__ import annotations

import pytest
from dirty_equals import IsPartialDict
from tests.server.conftest import Server, bmf, run_body


def _seed(server: Server) -> Server:
    """Six stable runs of ``fast`` and ``slow``, and a seventh where ``fast`` regressed."""
    c = server.client()
    for i in range(6):
        body = run_body({"fast": 100.0 + (i % 3), "slow": 200.0 + (i % 2)}, hash=f"{i:040x}")
        assert c.post("/v0/run", json=body).status_code == 201
    r = c.post("/v0/run", json=run_body({"fast": 1000.0, "slow": 200.0}, hash=f"{6:040x}"))
    assert len(r.json()["alerts"]) == 1
    return server


@pytest.fixture
def alerted(server: Server) -> Server:
    """Project proj with one active alert, on SQLite and on PostgreSQL."""
    return _seed(server)


@pytest.fixture
def alerted_sqlite(sqlite_server: Server) -> Server:
    """The same on SQLite only (for input validation, which does not depend on the database)."""
    return _seed(sqlite_server)


def test_threshold_lifecycle(alerted: Server) -> None:
    c = alerted.client()
    base = "/v0/projects/proj/thresholds"
    c.post("/v0/projects/proj/testbeds", json={"name": "arm"})

    created = c.post(
        base,
        json={
            "branch": "main",
            "testbed": "arm",
            "measure": "latency",
            "test": "percentage",
            "upper_boundary": 0.1,
        },
    )
    assert created.status_code == 201, created.text
    t = created.json()
    assert (t["branch"]["name"], t["testbed"]["name"], t["measure"]["slug"], t["default"]) == (
        "main",
        "arm",
        "latency",
        False,
    )
    assert t["model"] == IsPartialDict(test="percentage", upper_boundary=0.1)
    assert (
        c.post(
            base,
            json={
                "branch": "main",
                "testbed": "arm",
                "measure": "latency",
                "test": "static",
                "upper_boundary": 1,
            },
        ).status_code
        == 409
    )

    replaced = c.put(
        f"{base}/{t['uuid']}",
        json={"test": "t_test", "upper_boundary": 0.95, "max_sample_size": 32},
    )
    assert replaced.json()["model"] == IsPartialDict(
        test="t_test", upper_boundary=0.95, max_sample_size=32
    )
    assert replaced.json()["model"]["uuid"] != t["model"]["uuid"]
    assert c.get(f"{base}/{t['uuid']}").json()["model"]["test"] == "t_test"
    assert c.get(base, params={"testbed": "arm"}).headers["X-Total-Count"] == "1"

    assert c.delete(f"{base}/{t['uuid']}").status_code == 204
    assert c.get(f"{base}/{t['uuid']}").status_code == 404


@pytest.mark.parametrize(
    ("model", "field"),
    [
        pytest.param({"test": "t_test", "upper_boundary": 1.5}, "body", id="boundary-out-of-range"),
        pytest.param({"test": "static"}, "body", id="no-boundary"),
        pytest.param({"test": "bogus", "upper_boundary": 0.9}, "body.test", id="unknown-test"),
        pytest.param(
            {"test": "t_test", "upper_boundary": 0.9, "window": 0}, "body.window", id="zero-window"
        ),
    ],
)
def test_bad_threshold_models_are_422(
    alerted_sqlite: Server, model: dict[str, object], field: str
) -> None:
    body = {"branch": "main", "testbed": "tb", "measure": "latency", **model}

    r = alerted_sqlite.client().post("/v0/projects/proj/thresholds", json=body)

    assert (r.status_code, r.json()["field"]) == (422, field)


def test_reports_list_get_delete(alerted: Server) -> None:
    c = alerted.client()
    listed = c.get("/v0/projects/proj/reports", params={"per_page": 2})
    assert listed.headers["X-Total-Count"] == "7"
    newest = listed.json()[0]
    assert newest["version"]["number"] == 6
    assert len(newest["alerts"]) == 1

    assert c.get(f"/v0/projects/proj/reports/{newest['uuid']}").json() == newest
    assert (
        c.get("/v0/projects/proj/reports", params={"branch": "main", "testbed": "tb"}).headers[
            "X-Total-Count"
        ]
        == "7"
    )
    assert c.get("/v0/projects/proj/reports", params={"branch": "ghost"}).status_code == 404

    assert c.delete(f"/v0/projects/proj/reports/{newest['uuid']}").status_code == 204
    assert c.get(f"/v0/projects/proj/reports/{newest['uuid']}").status_code == 404
    assert c.get("/v0/projects/proj/alerts").json() == []


def test_alerts_list_filter_and_dismiss(alerted: Server) -> None:
    c = alerted.client()
    [alert] = c.get("/v0/projects/proj/alerts", params={"status": "active"}).json()
    assert (alert["benchmark"]["name"], alert["limit"], alert["status"]) == (
        "fast",
        "upper",
        "active",
    )
    assert c.get(f"/v0/projects/proj/alerts/{alert['uuid']}").json()["uuid"] == alert["uuid"]

    dismissed = c.patch(f"/v0/projects/proj/alerts/{alert['uuid']}", json={"status": "dismissed"})

    assert dismissed.json()["status"] == "dismissed"
    assert (
        c.get("/v0/projects/proj/alerts", params={"status": "active"}).headers["X-Total-Count"]
        == "0"
    )
    assert (
        c.get("/v0/projects/proj/alerts", params={"status": "dismissed"}).headers["X-Total-Count"]
        == "1"
    )
    assert (
        c.patch(
            f"/v0/projects/proj/alerts/{alert['uuid']}", json={"status": "silenced"}
        ).status_code
        == 422
    )


def test_one_metric_with_its_boundary_and_alert(alerted: Server) -> None:
    c = alerted.client()
    [alert] = c.get("/v0/projects/proj/alerts").json()

    r = c.get(f"/v0/projects/proj/metrics/{alert['metric']['uuid']}")

    assert r.status_code == 200
    m = r.json()
    assert (
        m["benchmark"]["name"],
        m["measure"]["slug"],
        m["branch"]["name"],
        m["metric"]["value"],
    ) == ("fast", "latency", "main", 1000.0)
    assert m["boundary"]["upper_limit"] < 1000.0
    assert m["alert"] == {"uuid": alert["uuid"], "limit": "upper", "status": "active"}


def test_accept_makes_the_new_level_the_baseline(alerted: Server) -> None:
    c = alerted.client()
    r = c.post(
        "/v0/projects/proj/accept", json={"branch": "main", "testbed": "tb", "benchmarks": ["fa*"]}
    )

    assert r.json() == [{"benchmark": "fast", "measure": "latency", "from_version": 6}]
    assert c.get("/v0/projects/proj/alerts", params={"status": "active"}).json() == []


def test_perf_query_with_commas_and_repeats(alerted: Server) -> None:
    c = alerted.client()
    c.post("/v0/run", json=run_body({"a,b": 5.0}))
    params = [
        ("branches", "main"),
        ("testbeds", "tb"),
        ("benchmarks", "fast,a,b"),
        ("benchmarks", "slow"),
        ("measures", "latency"),
    ]

    r = c.get("/v0/projects/proj/perf", params=params)

    assert r.status_code == 200, r.text
    series = r.json()["results"]
    assert [s["benchmark"]["name"] for s in series] == ["fast", "a,b", "slow"]
    fast = series[0]["metrics"]
    assert [p["version"]["number"] for p in fast] == [0, 1, 2, 3, 4, 5, 6]
    assert fast[-1]["alert"] == IsPartialDict(limit="upper", status="active")
    assert fast[-1]["boundary"]["upper_limit"] is not None
    assert fast[0]["alert"] is None


def test_perf_query_filters_by_time_and_limit(alerted: Server) -> None:
    c = alerted.client()
    base = {"branches": "main", "testbeds": "tb", "benchmarks": "fast", "measures": "latency"}
    reports = c.get("/v0/projects/proj/reports", params={"per_page": 10}).json()
    from datetime import datetime

    ms = sorted(
        int(datetime.fromisoformat(r["start_time"].replace("Z", "+00:00")).timestamp() * 1000)
        for r in reports
    )

    late = c.get("/v0/projects/proj/perf", params={**base, "start_time": ms[-2]}).json()["results"][
        0
    ]["metrics"]
    newest = c.get("/v0/projects/proj/perf", params={**base, "limit": 2}).json()["results"][0][
        "metrics"
    ]

    assert [p["version"]["number"] for p in late] == [5, 6]
    assert [p["version"]["number"] for p in newest] == [5, 6]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param(
            {"branches": "main", "testbeds": "tb", "benchmarks": "ghost", "measures": "latency"},
            404,
            "benchmark 'ghost' not found",
            id="unknown-benchmark",
        ),
        pytest.param(
            {"branches": "main", "testbeds": "tb", "measures": "latency"},
            422,
            "query.benchmarks",
            id="missing-dimension",
        ),
        pytest.param(
            {"branches": ",", "testbeds": "tb", "benchmarks": "fast", "measures": "latency"},
            400,
            "at least one branch",
            id="empty-dimension",
        ),
        pytest.param(
            {
                "branches": "main",
                "testbeds": "tb",
                "benchmarks": "fast",
                "measures": "latency",
                "start_time": -1,
            },
            422,
            "query.start_time",
            id="negative-time",
        ),
    ],
)
def test_bad_perf_queries(
    alerted_sqlite: Server, params: dict[str, object], status: int, message: str
) -> None:
    r = alerted_sqlite.client().get("/v0/projects/proj/perf", params=params)

    assert r.status_code == status
    assert message in r.json()["message"]


def test_perf_query_caps_combinations(sqlite_server: Server) -> None:
    c = sqlite_server.client()
    c.post("/v0/run", json=run_body({f"b{i}": 1.0 for i in range(16)}))
    c.post(
        "/v0/run",
        json=run_body({f"b{i}": 1.0 for i in range(16)}, results=[bmf({"b0": 1.0}, "throughput")]),
    )
    names = ",".join(f"b{i}" for i in range(16))
    params = {
        "branches": "main",
        "testbeds": "tb",
        "benchmarks": names,
        "measures": "latency,throughput",
    }

    assert sqlite_server.client().get("/v0/projects/proj/perf", params=params).status_code == 200
    params["benchmarks"] = names
    for i in range(16, 130):
        c.post("/v0/projects/proj/benchmarks", json={"name": f"b{i}"})
    params["benchmarks"] = ",".join(f"b{i}" for i in range(130))
    r = c.get("/v0/projects/proj/perf", params=params)

    assert (r.status_code, r.json()["message"]) == (
        400,
        "the perf query asks for 260 combinations, more than 255",
    )
