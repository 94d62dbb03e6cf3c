"""A server instead of the embedded store: same plugin, same report; an unreachable server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.plugin.conftest import SLEEPY, Project, metrics

TOKEN = "bencher_plugin_test_admin_token_0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real ``bencher server`` process on its own SQLite store: (URL, store path)."""
    folder = tmp_path_factory.mktemp("server")
    db = folder / "server.db"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCHER_")}
    env["BENCHER_ADMIN_TOKEN"] = TOKEN
    cmd = [sys.executable, "-m", "bencher_core.cli", "server", "--port", str(port), "--db", str(db)]
    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/v0/server/version", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"bencher server did not start: {log.read_text()}")
                time.sleep(0.2)
        yield url, db
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_with_a_host_the_run_goes_to_the_server(
    project: Project, monkeypatch: pytest.MonkeyPatch, server: tuple[str, Path]
) -> None:
    url, server_db = server
    monkeypatch.setenv("BENCHER_API_TOKEN", TOKEN)
    project.write("test_sleepy.py", SLEEPY)

    result = project.run("--bencher", f"--bencher-host={url}")

    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines([f"demo · branch main · * → {url}"])
    assert project.reports() == []  # nothing in the embedded store
    server_side = Project(project.pytester, server_db)
    (report,) = server_side.reports()
    assert set(metrics(report)) == {
        ("test_sleepy.py::test_sleepy", "latency"),
        ("test_sleepy.py::test_steady", "latency"),
    }


@pytest.mark.parametrize(
    ("args", "ret", "line"),
    [
        pytest.param(
            [],
            pytest.ExitCode.TESTS_FAILED,
            "✗ pytest-bencher: server http://127.0.0.1:9 unreachable: *"
            "saved to *spool*`bencher sync`* (--bencher-offline-ok reports without failing)",
            id="fails",
        ),
        pytest.param(
            ["--bencher-offline-ok"],
            pytest.ExitCode.OK,
            "server http://127.0.0.1:9 unreachable: *saved to *spool*`bencher sync`*",
            id="offline-ok",
        ),
    ],
)
def test_an_unreachable_server(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    ret: pytest.ExitCode,
    line: str,
) -> None:
    monkeypatch.setenv("BENCHER_TIMEOUT", "1")
    project.write("test_sleepy.py", SLEEPY)

    result = project.run("--bencher", "--bencher-host=http://127.0.0.1:9", *args)

    assert result.ret == ret
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([line])
    spooled = list((project.pytester.path / ".bencher" / "spool").glob("*"))
    assert len(spooled) == 1  # never lost
