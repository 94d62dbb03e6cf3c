"""Remote mode gives what local mode gives: the same runs through a RemoteBackend (to the server)
and a LocalBackend (embedded store) produce the same reports, alerts and history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from tests.server.conftest import Server
from tests.server.stores import ADMIN_TOKEN

from bencher_core.backends import Backend, LocalBackend
from bencher_core.client import BencherClient, RemoteBackend, push_history
from bencher_core.models import NewRun, StartPoint
from bencher_core.settings import resolve_settings
from bencher_core.store.db import open_database

# The client sets a timeout on every request; Starlette's TestClient (our in-process transport
# here) ignores it and warns.
pytestmark = pytest.mark.filterwarnings("ignore:You should not use the 'timeout' argument")

VOLATILE = {"uuid", "created", "modified", "report"}


def normalized(value: Any) -> Any:
    """``value`` without the fields that differ between two stores (UUIDs, creation times)."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def runs() -> list[NewRun]:
    """Eight runs on main (the last regressed, with a Bencher t-test threshold on throughput),
    then a feature branch started from main."""
    t0 = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    out = []
    for i in range(9):
        parse = 1000.0 + (i % 3) * 5 if i < 8 else 1400.0
        bmf = {
            "parse": {
                "latency": {"value": parse, "lower_value": parse - 3, "upper_value": parse + 3}
            },
            "io": {"throughput": {"value": 500.0 + (i % 2)}},
        }
        branch, start = ("main", None) if i < 8 else ("feature", StartPoint(branch="main"))
        out.append(
            NewRun(
                project="same",
                branch=branch,
                start_point=start,
                testbed="tb",
                hash=f"{i:040x}",
                thresholds={"models": {"throughput": {"test": "t_test", "lower_boundary": 0.95}}},
                start_time=t0 + dt.timedelta(hours=i),
                end_time=t0 + dt.timedelta(hours=i, minutes=1),
                results=[json.dumps(bmf)],
                settings={"adapter": "json"},
            )
        )
    return out


def remote_backend(server: Server, root: Path) -> RemoteBackend:
    (root / "pyproject.toml").write_text('[project]\nname = "same"\n')
    settings = resolve_settings(
        {"host": "http://testserver", "token": ADMIN_TOKEN}, env={}, cwd=root
    )
    return RemoteBackend(
        settings,
        client=BencherClient(
            "http://testserver", token=ADMIN_TOKEN, http=server.client("anonymous")
        ),
    )


def submit_all(backend: Backend) -> list[dict[str, Any]]:
    return [backend.submit(r).model_dump(mode="json") for r in runs()]


def test_local_and_remote_give_the_same_reports(server: Server, tmp_path: Path) -> None:
    local = LocalBackend(str(tmp_path / "local.db"))
    remote = remote_backend(server, tmp_path)

    local_reports, remote_reports = submit_all(local), submit_all(remote)

    assert normalized(remote_reports) == normalized(local_reports)
    assert [len(r["alerts"]) for r in remote_reports] == [0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert remote_reports[-1]["start_point"]["branch"] == "main"
    where: dict[str, Any] = {
        "branch": "main",
        "testbed": "tb",
        "benchmark": "parse",
        "measure": "latency",
    }
    assert remote.history("same", **where) == [
        p.__class__(
            **{
                **p.__dict__,
                **{
                    k: getattr(q, k)
                    for k in ("report_uuid", "metric_uuid", "threshold_uuid", "alert_uuid")
                },
            }
        )
        for p, q in zip(
            local.history("same", **where), remote.history("same", **where), strict=True
        )
    ]
    assert normalized([a.model_dump(mode="json") for a in remote.alerts("same")]) == normalized(
        [a.model_dump(mode="json") for a in local.alerts("same")]
    )
    assert [r.version for r in remote.reports("same", limit=3)] == [
        r.version for r in local.reports("same", limit=3)
    ]
    local.close()
    remote.close()


def test_alert_status_and_accept_work_remotely(server: Server, tmp_path: Path) -> None:
    remote = remote_backend(server, tmp_path)
    submit_all(remote)
    [alert] = remote.alerts("same", status="active")

    assert remote.set_alert_status("same", str(alert.uuid), "dismissed").status.value == "dismissed"
    assert remote.accept("same", branch="feature", testbed="tb", benchmarks=["parse"]) == [
        ("parse", "latency", 8)
    ]
    remote.close()


@pytest.mark.parametrize("twice", [False, True], ids=["once", "twice"])
def test_push_uploads_the_embedded_history_once(
    server: Server, tmp_path: Path, twice: bool
) -> None:
    local = LocalBackend(str(tmp_path / "local.db"))
    local_reports = submit_all(local)
    client = BencherClient("http://testserver", token=ADMIN_TOKEN, http=server.client("anonymous"))

    with open_database(str(tmp_path / "local.db")) as db:
        result = push_history(db, client, project="same")
        if twice:
            result = push_history(db, client, project="same")

    assert (result.runs, result.projects) == (9, {"same": 9})
    pushed = client.reports("same", per_page=20)
    assert len(pushed) == 9
    assert sorted(str(r.uuid) for r in pushed) != sorted(
        r["uuid"] for r in local_reports
    )  # new reports
    ours = [normalized(r.model_dump(mode="json")) for r in reversed(pushed)]
    theirs = [normalized(r) for r in local_reports]
    for mine, local_one in zip(ours, theirs, strict=True):
        local_one["alerts"], local_one["counts"]["alerts"] = [], {"total": 0, "active": 0}
        for iteration in local_one["results"]:
            for result_ in iteration:
                for m in result_["measures"]:
                    m["alert"] = None
        assert mine == local_one
    local.close()


@pytest.mark.parametrize(
    ("available", "limit", "expected_calls"),
    [
        pytest.param(600, 300, [(255, 1), (255, 2)], id="beyond-one-page"),
        pytest.param(10, 300, [(255, 1)], id="short-last-page"),
        pytest.param(600, 5, [(5, 1)], id="small-limit"),
        pytest.param(600, 0, [], id="zero"),
    ],
)
def test_lists_page_through_the_server(
    available: int, limit: int, expected_calls: list[tuple[int, int]]
) -> None:
    from bencher_core.client._remote import _paged

    calls: list[tuple[int, int]] = []

    def fetch(per_page: int, page: int) -> list[int]:
        calls.append((per_page, page))
        start = (page - 1) * per_page
        return list(range(start, min(start + per_page, available)))

    got = _paged(fetch, limit)
    assert got == list(range(min(limit, available)))
    assert calls == expected_calls
