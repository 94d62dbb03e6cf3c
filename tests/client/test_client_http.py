"""BencherClient through httpx.MockTransport: retries, backoff within the budget, errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from bencher_core.client import BencherClient
from bencher_core.errors import ApiError, ClientError, ServerUnreachable

Handler = Callable[[httpx.Request], httpx.Response]


class FakeTime:
    """A clock that only moves when the client sleeps (or a request takes time)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client_for(
    handler: Handler, time: FakeTime, *, timeout: float = 30.0, token: str | None = "tok"
) -> BencherClient:
    return BencherClient(
        "http://bencher.test/",
        token=token,
        timeout=timeout,
        transport=httpx.MockTransport(handler),
        sleep=time.sleep,
        clock=time.clock,
    )


def version_after(
    failures: list[httpx.Response | Exception],
) -> tuple[Handler, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if failures:
            failure = failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return failure
        return httpx.Response(200, json={"version": "9.9.9"})

    return handler, seen


@pytest.mark.parametrize(
    "failures",
    [
        pytest.param([httpx.ConnectError("refused")], id="connect-error"),
        pytest.param([httpx.ReadTimeout("slow")], id="read-timeout"),
        pytest.param([httpx.Response(503, json={"message": "busy"})], id="503"),
        pytest.param(
            [httpx.Response(502, text="bad gateway"), httpx.Response(500)], id="502-then-500"
        ),
        pytest.param([httpx.Response(429, json={"message": "slow down"})], id="429"),
    ],
)
def test_transient_failures_are_retried_with_backoff(
    failures: list[httpx.Response | Exception],
) -> None:
    time = FakeTime()
    n = len(failures)
    handler, seen = version_after(failures)

    assert client_for(handler, time).version() == "9.9.9"
    assert len(seen) == n + 1
    assert time.sleeps == [0.5, 1.0][:n]


def test_the_budget_bounds_the_total_time() -> None:
    time = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    with pytest.raises(ServerUnreachable) as e:
        client_for(handler, time, timeout=30.0).version()

    assert time.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]  # 23.5 s; the next 8 s would pass 30 s
    assert time.now <= 30.0
    assert str(e.value) == (
        "the server http://bencher.test did not answer GET /v0/server/version within 30 s "
        "(last problem: ConnectError: connection refused)"
    )


@pytest.mark.parametrize(
    ("response", "message"),
    [
        pytest.param(
            httpx.Response(400, json={"message": "adapter json: results[0]: bad", "status": 400}),
            "server answered 400: adapter json: results[0]: bad",
            id="400-json",
        ),
        pytest.param(
            httpx.Response(401, json={"message": "the API token is not known to this server"}),
            "server answered 401: the API token is not known to this server",
            id="401",
        ),
        pytest.param(
            httpx.Response(404, text="<html>nope</html>"),
            "server answered 404: <html>nope</html>",
            id="404-html",
        ),
    ],
)
def test_client_errors_are_not_retried(response: httpx.Response, message: str) -> None:
    time = FakeTime()
    handler, seen = version_after([response])

    with pytest.raises(ApiError) as e:
        client_for(handler, time).version()

    assert (str(e.value), e.value.status, len(seen), time.sleeps) == (
        message,
        response.status_code,
        1,
        [],
    )


def test_a_body_that_is_not_the_expected_shape_is_a_client_error() -> None:
    time = FakeTime()
    client = client_for(lambda r: httpx.Response(200, json=[1, 2]), time)

    with pytest.raises(ClientError, match="unexpected body"):
        client.alerts("proj")


def test_requests_carry_the_token_and_quote_names() -> None:
    time = FakeTime()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    client_for(handler, time).alerts("my proj/x", status="active")

    assert seen[0].headers["Authorization"] == "Bearer tok"
    assert (
        seen[0].url.raw_path
        == b"/v0/projects/my%20proj%2Fx/alerts?per_page=50&page=1&status=active"
    )


def test_a_retried_run_keeps_its_idempotency_key(report_json: str) -> None:
    from bencher_core.models import NewRun

    time = FakeTime()
    bodies: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        if len(bodies) < 3:
            raise httpx.ConnectError("refused")
        return httpx.Response(201, text=report_json)

    report = client_for(handler, time).run(NewRun(project="proj", results=["{}"]))

    assert str(report.uuid) == json.loads(report_json)["uuid"]
    keys = {b["idempotency_key"] for b in bodies}
    assert len(bodies) == 3
    assert len(keys) == 1
    assert None not in keys
