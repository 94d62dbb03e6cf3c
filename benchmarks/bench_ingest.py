"""Ingest speed: one report of 1,000 metrics into a store whose series hold 1,000 points each.

Run: ``python benchmarks/bench_ingest.py`` (builds its stores under benchmarks/.cache once).

Measures, side by side in one run:
* ``service``: ``service.ingest.run`` (parse BMF, resolve, history of 1,000 series, thresholds on
  (the calibrated default), boundaries, one transaction) — 500 benchmarks × 2 measures;
* ``raw sqlite3 floor``: the same reads (newest 64 points of each of the 1,000 series, same
  index) and writes (report, 500 report_benchmark, 1,000 metric and 1,000 boundary rows, commit)
  with plain sqlite3 and no other work;
and the per-series history read time with 1,000-point and 100,000-point histories (ten series
each), which must be the same within noise.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import time
import uuid
from pathlib import Path

from bencher_core.models import NewRun
from bencher_core.service.branches import Segment
from bencher_core.service.history import HISTORY_VALUES_SQL, SeriesKey, read_histories
from bencher_core.service.ingest import run
from bencher_core.store.db import open_database

CACHE = Path(__file__).parent / ".cache"
N_BENCH, N_POINTS, WINDOW = 500, 1000, 64
MEASURES = ("latency", "throughput")


def bmf(rng: random.Random, scale: float = 1.0) -> str:
    return json.dumps(
        {
            f"bench_{i:03d}": {
                "latency": {"value": (1000 + i) * scale * (1 + rng.gauss(0, 0.02))},
                "throughput": {"value": (5000 - i) * (1 + rng.gauss(0, 0.02))},
            }
            for i in range(N_BENCH)
        }
    )


def seed_history(path: Path, *, n_bench: int, n_points: int) -> None:
    """A store with ``n_bench`` × 2 series of ``n_points`` points, written with raw SQL."""
    final, path = path, path.with_suffix(".partial")
    path.unlink(missing_ok=True)
    db = open_database(str(path))
    rng = random.Random(1)
    run(
        db,
        NewRun(
            project="bench",
            branch="main",
            testbed="tb",
            hash="seed",
            results=[
                json.dumps(
                    {
                        f"bench_{i:03d}": {m: {"value": 1.0} for m in MEASURES}
                        for i in range(n_bench)
                    }
                )
            ],
        ),
    )
    con = db.raw
    head = con.execute("SELECT head_id FROM branch").fetchone()[0]
    pid, tid = con.execute("SELECT project_id, id FROM testbed").fetchone()
    bench = [r[0] for r in con.execute("SELECT id FROM benchmark ORDER BY name")]
    meas = [r[0] for r in con.execute("SELECT id FROM measure ORDER BY slug")]
    con.execute("BEGIN")
    t0 = 1_700_000_000_000_000
    rb_id = con.execute("SELECT max(id) FROM report_benchmark").fetchone()[0] + 1
    m_id = con.execute("SELECT max(id) FROM metric").fetchone()[0] + 1
    for v in range(1, n_points):
        vid = con.execute(
            "INSERT INTO version (uuid, project_id, number, hash) VALUES (?, ?, ?, ?) RETURNING id",
            (str(uuid.uuid4()), pid, v, f"h{v}"),
        ).fetchone()[0]
        con.execute(
            "INSERT INTO head_version (head_id, version_id, number) VALUES (?, ?, ?)",
            (head, vid, v),
        )
        rid = con.execute(
            "INSERT INTO report (uuid, project_id, head_id, version_id, testbed_id, adapter, "
            "start_time, end_time, created) "
            "VALUES (?, ?, ?, ?, ?, 'json', ?, ?, ?) RETURNING id",
            (str(uuid.uuid4()), pid, head, vid, tid, t0 + v, t0 + v, t0 + v),
        ).fetchone()[0]
        rbs, ms = [], []
        for b in bench:
            rbs.append((rb_id, str(uuid.uuid4()), rid, 0, b))
            for m in meas:
                ms.append(
                    (
                        m_id,
                        str(uuid.uuid4()),
                        rb_id,
                        m,
                        1000 * (1 + rng.gauss(0, 0.02)),
                        False,
                        rid,
                        head,
                        tid,
                        b,
                        v,
                        t0 + v,
                        0,
                    )
                )
                m_id += 1
            rb_id += 1
        con.executemany(
            "INSERT INTO report_benchmark (id, uuid, report_id, iteration, benchmark_id) "
            "VALUES (?, ?, ?, ?, ?)",
            rbs,
        )
        con.executemany(
            "INSERT INTO metric (id, uuid, report_benchmark_id, measure_id, value, ignored, "
            "report_id, head_id, "
            "testbed_id, benchmark_id, version_number, start_time, iteration) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ms,
        )
        if v % 100 == 0:
            print(f"  seeding {path.name}: {v}/{n_points} versions", file=sys.stderr)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    path.rename(final)


def raw_floor(path: Path, reps: int) -> list[float]:
    """The same reads and writes with plain sqlite3 and nothing else."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    head = con.execute("SELECT head_id FROM branch").fetchone()[0]
    pid, tid = con.execute("SELECT project_id, id FROM testbed").fetchone()
    bench = [r[0] for r in con.execute("SELECT id FROM benchmark")]
    meas = [r[0] for r in con.execute("SELECT id FROM measure")]
    thr = con.execute("SELECT id, model_id FROM threshold").fetchone()
    vid = con.execute("SELECT max(id) FROM version").fetchone()[0]
    times = []
    for k in range(reps):
        t = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        hist = [
            con.execute(
                HISTORY_VALUES_SQL, (head, tid, b, m, -(2**62), 2**62, -(2**62), WINDOW)
            ).fetchall()
            for b in bench
            for m in meas
        ]
        assert all(len(h) == WINDOW for h in hist)
        rid = con.execute(
            "INSERT INTO report (uuid, project_id, head_id, version_id, testbed_id, adapter, "
            "start_time, end_time, created) "
            "VALUES (?, ?, ?, ?, ?, 'json', 0, 0, 0) RETURNING id",
            (str(uuid.uuid4()), pid, head, vid, tid),
        ).fetchone()[0]
        rb0 = con.execute("SELECT max(id) FROM report_benchmark").fetchone()[0] + 1
        m0 = con.execute("SELECT max(id) FROM metric").fetchone()[0] + 1
        b0 = (con.execute("SELECT max(id) FROM boundary").fetchone()[0] or 0) + 1
        con.executemany(
            "INSERT INTO report_benchmark (id, uuid, report_id, iteration, benchmark_id) "
            "VALUES (?, ?, ?, 0, ?)",
            [(rb0 + i, str(uuid.uuid4()), rid, b) for i, b in enumerate(bench)],
        )
        metrics = [
            (
                m0 + 2 * i + j,
                str(uuid.uuid4()),
                rb0 + i,
                m,
                1000.0,
                False,
                rid,
                head,
                tid,
                b,
                10**6 + k,
                0,
                0,
            )
            for i, b in enumerate(bench)
            for j, m in enumerate(meas)
        ]
        con.executemany(
            "INSERT INTO metric (id, uuid, report_benchmark_id, measure_id, value, ignored, "
            "report_id, head_id, "
            "testbed_id, benchmark_id, version_number, start_time, iteration) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            metrics,
        )
        con.executemany(
            "INSERT INTO boundary (id, uuid, metric_id, threshold_id, model_id, baseline, "
            "lower_limit, upper_limit, sample_size) "
            "VALUES (?, ?, ?, ?, ?, 1.0, 0.5, 1.5, 64)",
            [(b0 + i, str(uuid.uuid4()), m[0], thr[0], thr[1]) for i, m in enumerate(metrics)],
        )
        con.execute("COMMIT")
        times.append(time.perf_counter() - t)
    con.close()
    return times


def service_runs(path: Path, reps: int) -> list[float]:
    db = open_database(str(path))
    rng = random.Random(2)
    times = []
    for k in range(reps):
        payload = bmf(rng)
        t = time.perf_counter()
        report = run(
            db,
            NewRun(project="bench", branch="main", testbed="tb", hash=f"run{k}", results=[payload]),
        )
        times.append(time.perf_counter() - t)
        assert report.counts.metrics == N_BENCH * 2
        assert report.comparison.empty is False
    db.close()
    return times


def history_read_per_series(path: Path, n_series: int, points: int, reps: int = 200) -> float:
    db = open_database(str(path))
    head = db.scalar("SELECT head_id FROM branch")
    tid = db.scalar("SELECT id FROM testbed")
    meas = [r[0] for r in db.fetchall("SELECT id FROM measure ORDER BY slug")]
    bench = [r[0] for r in db.fetchall("SELECT id FROM benchmark ORDER BY name")][:n_series]
    keys = [SeriesKey(tid, b, meas[0]) for b in bench]
    seg = [Segment(head, -(2**62), 2**62)]
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps // 5):
            _, counts = read_histories(db, seg, keys, limit=WINDOW)
        best = min(best, (time.perf_counter() - t) / (reps // 5) / len(keys))
    assert int(counts.min()) == WINDOW
    assert points >= WINDOW
    db.close()
    return best


def main() -> None:
    CACHE.mkdir(exist_ok=True)
    big = CACHE / "ingest-500x2x1000.db"
    if not big.exists():
        print("seeding 500 benchmarks × 2 measures × 1,000 points (once)…", file=sys.stderr)
        seed_history(big, n_bench=N_BENCH, n_points=N_POINTS)
    scratch = CACHE / "ingest-scratch.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(scratch) + suffix).unlink(missing_ok=True)
    scratch.write_bytes(big.read_bytes())
    reps = 7
    floor = raw_floor(scratch, reps)
    service = service_runs(scratch, reps)
    f, s = statistics.median(floor), statistics.median(service)
    print(
        f"ingest 1,000 metrics (500 benchmarks × 2 measures), series of {N_POINTS} points, "
        "thresholds on"
    )
    print(
        f"  raw sqlite3 floor (same reads + writes): median {f * 1e3:7.1f} ms  (min "
        f"{min(floor) * 1e3:.1f})"
    )
    print(
        f"  service.ingest.run:                     median {s * 1e3:7.1f} ms  (min "
        f"{min(service) * 1e3:.1f})"
    )
    print(f"  ratio service / floor: {s / f:.2f}×  (target ≤ 1.5×)")

    long_db = CACHE / "history-10x100000.db"
    short_db = CACHE / "history-10x1000.db"
    if not long_db.exists():
        print("seeding 10 series × 100,000 points (once)…", file=sys.stderr)
        seed_history(long_db, n_bench=5, n_points=100_000)
    if not short_db.exists():
        seed_history(short_db, n_bench=5, n_points=1_000)
    t_short = history_read_per_series(short_db, 5, 1_000)
    t_long = history_read_per_series(long_db, 5, 100_000)
    print(f"history read, newest {WINDOW} points per series:")
    print(f"  1,000-point series:   {t_short * 1e6:6.1f} µs per series")
    print(
        f"  100,000-point series: {t_long * 1e6:6.1f} µs per series  (ratio {t_long / t_short:.2f})"
    )


if __name__ == "__main__":
    main()
