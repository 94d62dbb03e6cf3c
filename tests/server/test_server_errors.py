"""Bad input never makes a 5xx: every refusal is a JSON body naming what was wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.server.conftest import Server, bmf, run_body

NAN_THRESHOLD = (
    '{"project": "proj", "results": ["{}"], '
    '"thresholds": {"models": {"latency": {"test": "t_test", "upper_boundary": NaN}}}}'
)


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        pytest.param(b'{"project": "p", "results": [', 422, "body.29", "JSON", id="invalid-json"),
        pytest.param(b"[]", 422, "body", "valid dictionary", id="not-an-object"),
        pytest.param(
            run_body({"a": 1.0}, results="text"),
            422,
            "body.results",
            "valid list",
            id="results-not-a-list",
        ),
        pytest.param(
            run_body({"a": 1.0}, results=[]), 422, "body.results", "at least 1", id="no-results"
        ),
        pytest.param(
            run_body({"a": 1.0}, results=[1]),
            422,
            "body.results.0",
            "valid string",
            id="result-not-text",
        ),
        pytest.param(
            NAN_THRESHOLD.encode(),
            422,
            "body.thresholds.models.latency.upper_boundary",
            "finite",
            id="nan-boundary",
        ),
        pytest.param(
            run_body({"a": 1.0}, settings={"adapter": "nope"}),
            422,
            "body.settings.adapter",
            "Input should be",
            id="unknown-adapter",
        ),
        pytest.param(
            run_body({"a": 1.0}, project="p" * 65),
            422,
            "body.project",
            "at most 64",
            id="long-project",
        ),
        pytest.param(
            run_body({"a": 1.0}, testbed="t" * 65),
            422,
            "body.testbed",
            "at most 64",
            id="long-testbed",
        ),
        pytest.param(
            run_body({"a": 1.0}, branch="b" * 257), 422, "body.branch", "256", id="long-branch"
        ),
        pytest.param(
            run_body({"a": 1.0}, idempotency_key="nope"),
            422,
            "body.idempotency_key",
            "UUID",
            id="bad-key",
        ),
        pytest.param(
            run_body({"a": 1.0}, start_time="yesterday"),
            422,
            "body.start_time",
            "datetime",
            id="bad-time",
        ),
        pytest.param(
            run_body({"a": 1.0}, thresholds={"models": {"latency": {"test": "t_test"}}}),
            422,
            "body.thresholds.models.latency",
            "at least one",
            id="model-without-boundary",
        ),
        pytest.param(
            run_body({"a": 1.0}, results=["no benchmark here"]),
            400,
            None,
            "adapter json: results[0]",
            id="unparseable-results",
        ),
        pytest.param(
            run_body({"a": 1.0}, results=['{"a": {"latency": {"value": NaN}}}']),
            400,
            None,
            "adapter json",
            id="nan-in-bmf",
        ),
        pytest.param(
            run_body({"a": 1.0}, results=[bmf({"x" * 1025: 1.0})]),
            400,
            None,
            "1024",
            id="long-benchmark-name",
        ),
        pytest.param(
            run_body({"a": 1.0}, results=[bmf({"a": 1.0}, measure="m" * 65)]),
            400,
            None,
            "measure",
            id="long-measure-name",
        ),
        pytest.param(
            run_body({"a": 1.0}, settings={"adapter": "rust_bench"}),
            400,
            None,
            "adapter rust_bench",
            id="wrong-adapter-for-output",
        ),
    ],
)
def test_bad_runs_are_refused_naming_the_field(
    sqlite_server: Server, body: Any, status: int, field: str | None, message: str
) -> None:
    c = sqlite_server.client()
    if isinstance(body, bytes):
        r = c.post("/v0/run", content=body, headers={"Content-Type": "application/json"})
    else:
        r = c.post("/v0/run", json=body)

    assert r.status_code == status, r.text
    payload = r.json()
    assert payload["status"] == status
    assert message in payload["message"]
    assert payload.get("field") == field
    assert c.get("/v0/projects/proj/reports").status_code == 404  # nothing was stored


@pytest.mark.parametrize(
    ("headers", "chunked"),
    [
        pytest.param({"Content-Type": "application/json"}, False, id="declared-length"),
        pytest.param(
            {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}, True, id="chunked"
        ),
    ],
)
def test_bodies_over_the_limit_answer_413(
    sqlite_server: Server, headers: dict[str, str], chunked: bool
) -> None:
    payload = json.dumps(run_body({"a": 1.0}, context={"pad": "x" * (4 * 1024 * 1024)})).encode()
    content: Any = (
        iter([payload[i : i + 65536] for i in range(0, len(payload), 65536)])
        if chunked
        else payload
    )

    r = sqlite_server.client().post("/v0/run", content=content, headers=headers)

    assert r.status_code == 413
    assert r.json() == {
        "message": "request body is larger than the server's limit of 4194304 bytes",
        "status": 413,
    }


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        pytest.param("GET", "/v0/nothing", 404, id="unknown-route"),
        pytest.param("GET", "/v0/projects/ghost", 404, id="unknown-project"),
        pytest.param("GET", "/v0/projects/proj/branches/ghost", 404, id="unknown-branch"),
        pytest.param(
            "GET",
            "/v0/projects/proj/reports/00000000-0000-0000-0000-000000000000",
            404,
            id="unknown-report",
        ),
        pytest.param("GET", "/v0/projects/proj/reports/not-a-uuid", 404, id="report-not-a-uuid"),
        pytest.param("GET", "/v0/projects/proj/alerts/not-a-uuid", 404, id="alert-not-a-uuid"),
        pytest.param("GET", "/v0/projects/proj/metrics/not-a-uuid", 404, id="metric-not-a-uuid"),
        pytest.param(
            "GET", "/v0/projects/proj/thresholds/not-a-uuid", 404, id="threshold-not-a-uuid"
        ),
        pytest.param("GET", "/v0/projects?per_page=0", 422, id="per-page-zero"),
        pytest.param("GET", "/v0/projects?per_page=256", 422, id="per-page-too-big"),
        pytest.param("GET", "/v0/projects?page=-1", 422, id="negative-page"),
        pytest.param("GET", "/v0/projects/proj/alerts?status=gone", 422, id="unknown-status"),
        pytest.param("DELETE", "/v0/server/version", 405, id="wrong-method"),
    ],
)
def test_unknown_and_malformed_requests(
    sqlite_server: Server, method: str, path: str, status: int
) -> None:
    c = sqlite_server.client()
    assert c.post("/v0/run", json=run_body({"a": 1.0})).status_code == 201

    r = c.request(method, path)

    assert r.status_code == status, r.text
    assert r.json()["status"] == status
    assert r.json()["message"]


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        pytest.param("Bearer bencher_unknown-token-0123456789", "not known", id="unknown-token"),
        pytest.param("Basic dXNlcjpwYXNz", "Bearer", id="wrong-scheme"),
        pytest.param("Bearer", "Bearer", id="no-token"),
    ],
)
def test_bad_tokens_answer_401(sqlite_server: Server, authorization: str, message: str) -> None:
    r = sqlite_server.client("anonymous").get(
        "/v0/projects", headers={"Authorization": authorization}
    )

    assert r.status_code == 401
    assert message in r.json()["message"]
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_revoked_and_expired_tokens_answer_401(sqlite_server: Server) -> None:
    admin = sqlite_server.client()
    fresh = admin.post("/v0/users/member/tokens", json={"name": "short", "ttl": 1}).json()
    admin.delete(f"/v0/users/member/tokens/{fresh['uuid']}")

    r = sqlite_server.client("anonymous").get(
        "/v0/projects", headers={"Authorization": f"Bearer {fresh['token']}"}
    )

    assert r.status_code == 401
    assert r.json()["message"] == "the API token has been revoked"
