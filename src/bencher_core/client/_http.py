"""``BencherClient``: the server's API over httpx, with typed answers and bounded retries.

Connection errors and 429/5xx answers are retried with exponential backoff until the time
budget runs out (then :class:`ServerUnreachable`); other error answers raise :class:`ApiError`
at once with the server's message. ``POST /v0/run`` is safe to retry: every run carries an
idempotency key, and the server answers the stored report for a key it has seen.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from bencher_core import __version__
from bencher_core.client._retry import RETRY_STATUSES, RetryPolicy
from bencher_core.errors import ApiError, ClientError, ServerUnreachable
from bencher_core.models.report import Alert, Report
from bencher_core.models.run import NewRun

__all__ = ["BencherClient"]

log = logging.getLogger(__name__)

T = TypeVar("T")
Params = Mapping[str, str | int | Sequence[str]]


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200].strip() or response.reason_phrase
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    return str(body)[:200]


class BencherClient:
    """A client of one server.

    Args:
        host: the server URL (``BENCHER_HOST``), e.g. ``http://127.0.0.1:61016``.
        token: an API token (``BENCHER_API_TOKEN``), sent as ``Authorization: Bearer``.
        timeout: total seconds for one call including retries (``BENCHER_TIMEOUT``).
        transport: an httpx transport (``httpx.MockTransport`` in tests).
        http: an httpx client to use instead of building one (e.g. a Starlette TestClient).
        sleep: how to pause between attempts (tests pass a fake).
    """

    def __init__(
        self,
        host: str,
        *,
        token: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        http: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host.rstrip("/")
        self.policy = RetryPolicy(budget=timeout, attempt_timeout=min(15.0, timeout))
        headers = {"User-Agent": f"pytest-bencher/{__version__}", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._owns_http = http is None
        self.http = http or httpx.Client(base_url=self.host, transport=transport, headers=headers)
        if http is not None:
            self.http.headers.update(headers)
        self._sleep = sleep
        self._clock = clock

    # -- transport ---------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Params | None = None,
        retry: bool = True,
    ) -> httpx.Response:
        """Send a request; retry connection errors and 429/5xx within the time budget.

        Raises:
            ApiError: the server answered another error status (its message included).
            ServerUnreachable: no usable answer within the budget.
        """
        deadline = self._clock() + self.policy.budget
        delays = self.policy.delays()
        url = path if path.startswith("/") else "/" + path
        while True:
            left = deadline - self._clock()
            problem: str
            try:
                timeout = max(0.1, min(self.policy.attempt_timeout, left))
                response = self.http.request(method, url, json=json, params=params, timeout=timeout)
            except httpx.TransportError as e:
                problem = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in RETRY_STATUSES:
                    raise ApiError(response.status_code, _message(response))
                problem = f"HTTP {response.status_code}: {_message(response)}"
            delay = next(delays)
            left = deadline - self._clock()
            if not retry or left <= delay:
                raise ServerUnreachable(
                    f"the server {self.host} did not answer {method} {url} within "
                    f"{self.policy.budget:g} s (last problem: {problem})"
                )
            log.info("%s %s failed (%s); retrying in %.1f s", method, url, problem, delay)
            self._sleep(delay)

    def _typed(self, response: httpx.Response, kind: type[T]) -> T:
        try:
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                return kind.model_validate_json(response.content)
            return TypeAdapter(kind).validate_json(response.content)
        except ValidationError as e:
            raise ClientError(
                f"the server {self.host} answered {response.request.url.path} with an unexpected "
                f"body: {e.errors()[0]['msg']}"
            ) from e

    def get(self, path: str, kind: type[T], *, params: Params | None = None) -> T:
        """``GET path`` parsed as ``kind`` (a pydantic model or a type such as ``list[Alert]``)."""
        return self._typed(self.request("GET", path, params=params), kind)

    # -- the API -----------------------------------------------------------------------------
    def version(self) -> str:
        """The server's version (``GET /v0/server/version``)."""
        body: dict[str, str] = self.get("/v0/server/version", dict[str, str])
        return body["version"]

    def run(self, new_run: NewRun, *, alerts: bool = True) -> Report:
        """Submit a run (``POST /v0/run``); it gets an idempotency key first if it has none.

        ``alerts=False`` stores history without raising alerts (``bencher push``).
        """
        if new_run.idempotency_key is None:
            new_run = new_run.model_copy(update={"idempotency_key": uuid.uuid4()})
        body = new_run.model_dump(mode="json", exclude_none=True)
        response = self.request(
            "POST", "/v0/run", json=body, params=None if alerts else {"alerts": "false"}
        )
        return self._typed(response, Report)

    def alerts(
        self, project: str, *, status: str | None = None, per_page: int = 50, page: int = 1
    ) -> list[Alert]:
        """A page of a project's alerts, newest first."""
        params: dict[str, str | int] = {"per_page": per_page, "page": page}
        if status:
            params["status"] = status
        return self.get(f"/v0/projects/{_seg(project)}/alerts", list[Alert], params=params)

    def set_alert_status(self, project: str, alert: str, status: str) -> Alert:
        """Dismiss (``dismissed``) or re-activate (``active``) an alert."""
        response = self.request(
            "PATCH", f"/v0/projects/{_seg(project)}/alerts/{_seg(alert)}", json={"status": status}
        )
        return self._typed(response, Alert)

    def accept(
        self,
        project: str,
        *,
        branch: str,
        testbed: str,
        benchmarks: list[str],
        measure: str | None = None,
    ) -> list[tuple[str, str, int]]:
        """Take the current level of these benchmarks as their new baseline."""
        body: dict[str, Any] = {"branch": branch, "testbed": testbed, "benchmarks": benchmarks}
        if measure is not None:
            body["measure"] = measure
        rows: list[dict[str, Any]] = self._typed(
            self.request("POST", f"/v0/projects/{_seg(project)}/accept", json=body),
            list[dict[str, Any]],
        )
        return [(str(r["benchmark"]), str(r["measure"]), int(r["from_version"])) for r in rows]

    def reports(self, project: str, *, per_page: int = 10, page: int = 1) -> list[Report]:
        """A page of a project's reports, newest first."""
        params = {"per_page": per_page, "page": page}
        return self.get(f"/v0/projects/{_seg(project)}/reports", list[Report], params=params)

    def perf(self, project: str, **query: str | int | Sequence[str]) -> dict[str, Any]:
        """The perf query (``branches``, ``testbeds``, ``benchmarks``, ``measures``, …) as JSON."""
        body: dict[str, Any] = self.get(
            f"/v0/projects/{_seg(project)}/perf", dict[str, Any], params=query
        )
        return body

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def __enter__(self) -> BencherClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _seg(value: str) -> str:
    """One URL path segment (names may hold ``/`` or spaces)."""
    from urllib.parse import quote

    return quote(value, safe="")
