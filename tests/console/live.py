"""A real ``bencher server`` process on a free loopback port, seeded through its API, and the
Chromium that browser tests drive (Debian's, at /usr/bin/chromium)."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LiveServer", "require_browser", "start_server"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN_TOKEN = "bencher_console-browser-admin-token-0123456789"


def require_browser() -> None:
    """Skip without Chromium or Playwright, except in CI, where their absence fails the test."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (scripts/ci-browser.sh installs it)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -e '.[dev]')")
    if not missing:
        return
    message = "browser tests need " + " and ".join(missing)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """A running server: its origin, an admin API client, and what the seed made."""

    process: subprocess.Popen[bytes]
    origin: str
    log: Path
    api: httpx.Client
    facts: dict[str, Any] = field(default_factory=dict)

    def run(self, project: str, values: dict[str, float], commit: str) -> dict[str, Any]:
        """Submit one run of ``values`` (latency, ns) on main/ci through ``POST /v0/run``."""
        body = {
            "project": project,
            "branch": "main",
            "testbed": "ci",
            "hash": commit,
            "results": [json.dumps({k: {"latency": {"value": v}} for k, v in values.items()})],
            "settings": {"adapter": "json"},
        }
        r = self.api.post("/v0/run", json=body)
        assert r.status_code == 201, r.text
        report: dict[str, Any] = r.json()
        return report

    def stop(self) -> None:
        self.api.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            self.process.kill()
            self.process.wait()


def start_server(folder: Path) -> LiveServer:
    """``bencher server`` over a new SQLite store in ``folder``; returns once it answers."""
    port = _free_port()
    log = folder / "server.log"
    env = {**os.environ, "BENCHER_ADMIN_TOKEN": ADMIN_TOKEN}
    command = [sys.executable, "-m", "bencher_core.cli", "server", "--port", str(port)]
    command += ["--db", str(folder / "bencher.db"), "--log-level", "warning"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    api = httpx.Client(
        base_url=origin, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=30
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if api.get("/v0/server/version").status_code == 200:
                return LiveServer(process, origin, log, api)
        except httpx.TransportError:
            time.sleep(0.1)
    api.close()
    process.kill()
    process.wait()
    raise AssertionError(f"bencher server did not start:\n{log.read_text(errors='replace')}")
