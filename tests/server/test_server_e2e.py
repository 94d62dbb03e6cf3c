"""End to end: a real ``bencher server`` process, the ``bencher`` CLI in remote mode, stop."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from tests.server.process import bencher_env, free_port, running_server

from bencher_core.backends import LocalBackend
from bencher_core.client import RemoteBackend, Spool
from bencher_core.errors import ServerUnreachable
from bencher_core.models import NewRun
from bencher_core.settings import resolve_settings

pytestmark = pytest.mark.slow


def bencher(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bencher_core.cli", *args],
        cwd=cwd,
        env=bencher_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_start_run_alert_perf_remote_cli_stop(tmp_path: Path) -> None:
    db = str(tmp_path / "data" / "bencher.db")
    with running_server(db, tmp_path) as server:
        match = re.search(r"^\s+(bencher_\S+)$", server.output(), re.MULTILINE)
        assert match, server.output()
        token = match.group(1)
        api = httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        for i in range(6):
            bmf = {"parse": {"latency": {"value": 100.0 + i % 3}}}
            body = {
                "project": "e2e",
                "branch": "main",
                "testbed": "ci",
                "hash": f"{i:040x}",
                "results": [json.dumps(bmf)],
                "settings": {"adapter": "json"},
            }
            assert api.post("/v0/run", json=body).status_code == 201

        (tmp_path / "pyproject.toml").write_text('[project]\nname = "e2e"\n')
        (tmp_path / "bench.json").write_text(json.dumps({"parse": {"latency": {"value": 900.0}}}))
        cli = bencher(
            "run",
            "--adapter",
            "json",
            "--file",
            "bench.json",
            "--branch",
            "main",
            "--testbed",
            "ci",
            "--err",
            cwd=tmp_path,
            BENCHER_HOST=server.url,
            BENCHER_API_TOKEN=token,
        )

        assert cli.returncode == 1, cli.stdout + cli.stderr
        assert not (
            tmp_path / ".bencher" / "bencher.db"
        ).exists()  # nothing went to an embedded store
        [alert] = api.get("/v0/projects/e2e/alerts").json()
        assert (alert["benchmark"]["name"], alert["limit"]) == ("parse", "upper")
        perf = api.get(
            "/v0/projects/e2e/perf",
            params={
                "branches": "main",
                "testbeds": "ci",
                "benchmarks": "parse",
                "measures": "latency",
            },
        ).json()
        points = perf["results"][0]["metrics"]
        assert [p["metric"]["value"] for p in points] == [
            100.0,
            101.0,
            102.0,
            100.0,
            101.0,
            102.0,
            900.0,
        ]
        assert points[-1]["alert"]["uuid"] == alert["uuid"]

        created = bencher(
            "token", "create", "--user", "ci-bot", "--org", "e2e-team", "--db", db, cwd=tmp_path
        )
        assert created.returncode == 0, created.stderr
        bot = created.stdout.strip()
        assert (
            httpx.get(
                server.url + "/v0/projects/e2e", headers={"Authorization": f"Bearer {bot}"}
            ).status_code
            == 404
        )
        api.close()
    assert server.proc.returncode == 0, server.output()

    with running_server(db, tmp_path) as again:
        assert "admin API token" not in again.output()
        r = httpx.get(
            again.url + "/v0/projects/e2e", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        assert r.status_code == 200


def test_spooled_runs_are_synced_and_local_history_pushed(tmp_path: Path) -> None:
    """A run spooled while the server was down goes up with ``bencher sync``; the embedded
    store's history goes up with ``bencher push`` (twice: stored once)."""
    admin = "bencher_e2e-admin-token-0123456789"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "offline"\n')
    dead = f"http://127.0.0.1:{free_port()}"
    settings = resolve_settings(
        {"host": dead, "token": admin, "timeout": 1.0, "branch": "main"}, env={}, cwd=tmp_path
    )
    backend = RemoteBackend(settings)
    with pytest.raises(ServerUnreachable) as e:
        backend.submit(
            NewRun(project="offline", results=[json.dumps({"a": {"latency": {"value": 1.0}}})])
        )
    backend.close()
    assert e.value.spooled is not None
    local = LocalBackend(str(tmp_path / ".bencher" / "bencher.db"))
    for i in range(3):
        local.submit(
            NewRun(
                project="offline",
                branch="local",
                hash=f"{i:040x}",
                results=[json.dumps({"b": {"latency": {"value": 10.0 + i}}})],
            )
        )
    local.close()

    # BENCHER_HOST is the URL clients use: the server must not bind to it.
    elsewhere = {"BENCHER_HOST": f"http://127.0.0.2:{free_port()}"}
    with running_server(
        str(tmp_path / "s.db"), tmp_path, admin_token=admin, env=elsewhere
    ) as server:
        synced = bencher("sync", "--host", server.url, cwd=tmp_path, BENCHER_API_TOKEN=admin)
        again = bencher("sync", "--host", server.url, cwd=tmp_path, BENCHER_API_TOKEN=admin)
        pushed = [
            bencher("push", "--host", server.url, cwd=tmp_path, BENCHER_API_TOKEN=admin)
            for _ in range(2)
        ]
        reports = httpx.get(
            server.url + "/v0/projects/offline/reports",
            headers={"Authorization": f"Bearer {admin}"},
        )

    assert synced.returncode == 0, synced.stderr
    assert "synced 1 run" in synced.stdout
    assert "nothing to sync" in again.stdout
    assert [p.returncode for p in pushed] == [0, 0], pushed[0].stderr
    assert pushed[1].stdout == f"pushed 3 runs of project 'offline' to {server.url}\n"
    assert reports.headers["X-Total-Count"] == "4"  # the synced run and the three pushed once
    assert Spool.at_root(tmp_path).entries() == []
