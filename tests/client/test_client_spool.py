"""Remote mode when the server is down: the run is spooled, nothing is lost, sync can resend it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from tests.client.test_client_http import FakeTime

from bencher_core.backends import backend_for
from bencher_core.client import BencherClient, RemoteBackend, Spool
from bencher_core.errors import ApiError, ServerUnreachable
from bencher_core.models import NewRun
from bencher_core.settings import resolve_settings


def settings_at(root: Path, **overrides: object):  # type: ignore[no-untyped-def]
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    return resolve_settings(
        {"host": "http://bencher.test", "token": "tok", "branch": "main", **overrides},
        env={},
        cwd=root,
    )


def dead_server(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def remote(root: Path, handler, time: FakeTime) -> RemoteBackend:  # type: ignore[no-untyped-def]
    settings = settings_at(root)
    client = BencherClient(
        settings.host or "",
        token=settings.token,
        timeout=5,
        transport=httpx.MockTransport(handler),
        sleep=time.sleep,
        clock=time.clock,
    )
    return RemoteBackend(settings, client=client)


def test_backend_for_a_host_is_remote(tmp_path: Path) -> None:
    backend = backend_for(settings_at(tmp_path))

    assert isinstance(backend, RemoteBackend)
    backend.close()


def test_an_unreachable_server_spools_the_run(tmp_path: Path) -> None:
    time = FakeTime()
    backend = remote(tmp_path, dead_server, time)
    new_run = NewRun(project="demo", results=['{"a": {"latency": {"value": 1}}}'])

    with pytest.raises(ServerUnreachable) as e:
        backend.submit(new_run)

    assert e.value.spooled is not None
    spooled = Path(e.value.spooled)
    assert spooled.parent == tmp_path / ".bencher" / "spool"
    assert "upload it later with `bencher sync`" in str(e.value)
    assert time.now <= 5
    [entry] = Spool.at_root(tmp_path).entries()
    assert (entry.path, entry.host, entry.run.results) == (
        spooled,
        "http://bencher.test",
        new_run.results,
    )
    assert spooled.name == f"{entry.run.idempotency_key}.json"
    assert (tmp_path / ".bencher" / ".gitignore").exists()


def test_a_refused_run_is_not_spooled(tmp_path: Path) -> None:
    backend = remote(
        tmp_path, lambda r: httpx.Response(401, json={"message": "bad token"}), FakeTime()
    )

    with pytest.raises(ApiError):
        backend.submit(NewRun(project="demo", results=["{}"]))

    assert Spool.at_root(tmp_path).entries() == []


def test_spool_keeps_order_and_moves_bad_files_aside(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    first = spool.put(NewRun(project="a", results=["1"]), host=None)
    second = spool.put(NewRun(project="b", results=["2"]), host="http://x")
    (tmp_path / "spool" / "broken.json").write_text("{not json")

    entries = spool.entries()

    assert [e.path for e in entries] == [first, second]
    assert (tmp_path / "spool" / "rejected" / "broken.json").exists()
    rejected = spool.reject(entries[0], "server answered 400: bad")
    assert rejected.with_suffix(".error.txt").read_text() == "server answered 400: bad\n"
    assert [e.run.project for e in spool.entries()] == ["b"]
    assert json.loads(second.read_text())["version"] == 1


def test_remote_lists_page_through_the_server(tmp_path: Path, report_json: str) -> None:
    report = json.loads(report_json)
    pages: list[tuple[int, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        per_page, page = int(request.url.params["per_page"]), int(request.url.params["page"])
        pages.append((per_page, page))
        left = max(0, 300 - (page - 1) * per_page)
        return httpx.Response(200, json=[report] * min(per_page, left))

    backend = remote(tmp_path, handler, FakeTime())

    assert len(backend.reports("demo", limit=1000)) == 300
    assert pages == [(255, 1), (255, 2)]
    pages.clear()
    assert len(backend.reports("demo", limit=3)) == 3
    assert pages == [(3, 1)]
