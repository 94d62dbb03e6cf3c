"""The reference server's throughput on ``POST /v0/run``.

Each run carries 100 benchmarks × 2 measures (latency, throughput) with Bencher t-test
thresholds on both, posted by ``--clients`` concurrent clients (threads with their own
connection) to a real ``bencher server`` on a free loopback port. Next to it, in the same
invocation and under the same load, a bare FastAPI endpoint that only validates the same body
(``NewRun``) measures what HTTP, uvicorn and body validation alone cost.

Run::

    python benchmarks/bench_server.py                       # SQLite, one worker
    python benchmarks/bench_server.py --postgres            # + PostgreSQL with 1 and 2 workers

The load generator runs on the same machine and shares its cores with the server: on a 2-core
machine it takes a good part of one core, so these numbers understate what the server does
on a machine of its own. Goals (issue 6): ≥ 50 runs/s and p99 ≤ 250 ms on SQLite, one worker.
Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from machine_speed import reference_loop_ms  # noqa: E402  (this folder)
from tests.server.process import bencher_env, free_port, running_server  # noqa: E402

TOKEN = "bencher_bench-admin-token-0123456789"
BENCHMARKS = 100


def run_body(i: int, branches: int = 1) -> bytes:
    """Run ``i``: 100 benchmarks × latency and throughput, thresholds on both measures, on
    branch ``main`` (or one of ``branches`` branches, round robin)."""
    wobble = ((i * 7919) % 13) / 13
    bmf = {
        f"suite::bench_{b:03d}": {
            "latency": {
                "value": 1000.0 + b + wobble,
                "lower_value": 990.0 + b,
                "upper_value": 1010.0 + b,
            },
            "throughput": {"value": 5000.0 - b - wobble},
        }
        for b in range(BENCHMARKS)
    }
    body = {
        "project": "bench",
        "branch": "main" if branches == 1 else f"main-{i % branches}",
        "testbed": "loopback",
        "hash": f"{i:040x}",
        "thresholds": {
            "models": {
                "latency": {"test": "t_test", "upper_boundary": 0.99, "max_sample_size": 64},
                "throughput": {"test": "t_test", "lower_boundary": 0.99, "max_sample_size": 64},
            }
        },
        "results": [json.dumps(bmf)],
        "settings": {"adapter": "json"},
    }
    return json.dumps(body).encode()


@dataclass(frozen=True)
class Result:
    label: str
    runs: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.runs / self.seconds

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    def line(self) -> str:
        return (
            f"{self.label:<34} {self.rate:8.1f} runs/s   p50 {self.pct(50):7.1f} ms   "
            f"p99 {self.pct(99):7.1f} ms   "
            f"({self.runs} runs in {self.seconds:.1f} s, {self.errors} errors)"
        )


def load(url: str, bodies: list[bytes], clients: int, label: str) -> Result:
    """Post every body once, ``clients`` at a time; per-request latency and overall rate."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    queue = iter(range(len(bodies)))
    barrier = threading.Barrier(clients + 1)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
            barrier.wait()
            while True:
                with lock:
                    i = next(queue, None)
                if i is None:
                    return
                t = time.perf_counter()
                r = http.post("/v0/run", content=bodies[i])
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    errors += r.status_code != 201

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return Result(label, len(bodies), time.perf_counter() - start, latencies, errors)


BARE_APP = """
from fastapi import FastAPI, Response
from bencher_core.models import NewRun

def bare():
    app = FastAPI()

    @app.post("/v0/run", status_code=201)
    def run(new_run: NewRun) -> Response:
        return Response(b'{"ok":true}', status_code=201, media_type="application/json")

    return app
"""


@contextmanager
def bare_server(folder: Path) -> Iterator[str]:
    """The bare endpoint under uvicorn, one worker, like the server."""
    (folder / "bare_app.py").write_text(BARE_APP)
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "bare_app:bare",
        "--factory",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--workers",
        "1",
    ]
    proc = subprocess.Popen(cmd, cwd=folder, env=bencher_env(PYTHONPATH=str(folder)))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/docs", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def server_run(
    db: str, folder: Path, *, workers: int, clients: int, runs: int, label: str, branches: int = 1
) -> Result:
    """Warm a fresh server up with 16 runs of history, then post ``runs`` runs concurrently."""
    with running_server(db, folder, workers=workers, admin_token=TOKEN) as server:
        load(server.url, [run_body(i, branches) for i in range(16)], 1, "warm-up")
        bodies = [run_body(i, branches) for i in range(16, 16 + runs)]
        return load(server.url, bodies, clients, label)


def ingest_alone(folder: Path, runs: int) -> Result:
    """The ingest service in-process, one run after another (one transaction each), with a
    history cache as the server keeps one and the report written as JSON as the server answers
    it (``Ingestor.ingest_json``): the server's work without HTTP. Under load the server can do
    better than this, because it stores runs that arrive together in one transaction (group
    commit)."""
    from bencher_core.models import NewRun
    from bencher_core.service.history_cache import HistoryCache
    from bencher_core.service.ingest import Ingestor
    from bencher_core.store.db import open_database

    history = HistoryCache()
    with open_database(str(folder / "alone.db")) as db:
        db.raw.execute("PRAGMA wal_autocheckpoint=16384")  # as the server's writers (its
        # checkpoints run in a background thread, which this loop does not have)
        for i in range(16):
            Ingestor(db, history=history).ingest_json(NewRun.model_validate_json(run_body(i)))
        bodies = [run_body(i) for i in range(16, 16 + runs)]
        latencies = []
        start = time.perf_counter()
        for body in bodies:
            t = time.perf_counter()
            Ingestor(db, history=history).ingest_json(NewRun.model_validate_json(body))
            latencies.append(time.perf_counter() - t)
        return Result(
            "ingest service alone (in-process)", runs, time.perf_counter() - start, latencies, 0
        )


@contextmanager
def pg_database() -> Iterator[str]:
    import psycopg

    name = f"bencher_bench_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=240, help="runs per measurement (default 240)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--postgres", action="store_true", help="also PostgreSQL with 1 and 2 workers"
    )
    args = parser.parse_args()

    size = len(run_body(0))
    print(
        f"POST /v0/run: {BENCHMARKS} benchmarks × 2 measures with thresholds "
        f"({size / 1024:.0f} KiB body), {args.clients} concurrent clients, {args.runs} runs per "
        f"measurement; cpus: {os.cpu_count()} (shared with the load generator), "
        f"load average {os.getloadavg()[0]:.1f}; reference loop {reference_loop_ms():.0f} ms"
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with bare_server(folder) as url:
            load(url, [run_body(i) for i in range(16)], 1, "warm-up")
            bare = load(
                url,
                [run_body(i) for i in range(args.runs)],
                args.clients,
                "bare FastAPI (validate only)",
            )
        print(bare.line())
        alone = ingest_alone(folder, args.runs)
        print(alone.line())
        sqlite = server_run(
            str(folder / "bench.db"),
            folder,
            workers=1,
            clients=args.clients,
            runs=args.runs,
            label="bencher server, SQLite, 1 worker",
        )
        print(sqlite.line())
        results.append(sqlite)
        print(f"{'ratio bare / server (runs/s)':<34} {bare.rate / sqlite.rate:8.1f}×")
        if args.postgres:
            # One branch: runs of a branch take its row lock in turn (version numbers), so extra
            # workers cannot help; eight branches (one per client) is the case that can scale.
            for branches in (1, args.clients):
                rates = []
                for workers in (1, 2):
                    where = "1 branch" if branches == 1 else f"{branches} branches"
                    label = f"PostgreSQL, {workers} worker{'s' if workers > 1 else ''}, {where}"
                    with pg_database() as db:
                        pg = server_run(
                            db,
                            folder,
                            workers=workers,
                            clients=args.clients,
                            runs=args.runs,
                            label=label,
                            branches=branches,
                        )
                    print(pg.line())
                    results.append(pg)
                    rates.append(pg.rate)
                print(f"{'scaling 2 / 1 workers':<34} {rates[1] / rates[0]:8.2f}×")
    print(f"reference loop at the end: {reference_loop_ms():.0f} ms")
    ok = sqlite.rate >= 50 and sqlite.pct(99) <= 250 and not any(r.errors for r in results)
    print(f"goals (SQLite, 1 worker: ≥ 50 runs/s, p99 ≤ 250 ms): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
