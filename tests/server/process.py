"""A real ``bencher server`` process on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def bencher_env(**extra: str) -> dict[str, str]:
    """The environment for a ``bencher`` subprocess, without this machine's BENCHER_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCHER_")}
    env.update(extra)
    return env


@contextmanager
def running_server(
    db: str,
    folder: Path,
    *,
    workers: int = 1,
    admin_token: str | None = None,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
) -> Iterator[ServerProcess]:
    """Start ``bencher server`` (with ``env`` added to a clean environment) and wait until it
    answers; stop it (SIGINT) afterwards."""
    port = free_port()
    log = folder / f"server-{port}.log"
    full_env = bencher_env(PYTHONUNBUFFERED="1", **(env or {}))
    if admin_token is not None:
        full_env["BENCHER_ADMIN_TOKEN"] = admin_token
    cmd = [
        sys.executable,
        "-m",
        "bencher_core.cli",
        "server",
        "--port",
        str(port),
        "--db",
        db,
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=folder, env=full_env)
    server = ServerProcess(f"http://127.0.0.1:{port}", proc, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"bencher server exited with {proc.returncode}:\n{server.output()}"
                )
            try:
                if httpx.get(server.url + "/v0/server/version", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"bencher server did not answer within {timeout} s:\n{server.output()}"
                )
            time.sleep(0.2)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
