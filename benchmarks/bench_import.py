"""Import speed and memory: ``bencher import asv`` of 1,000 and 10,000 generated results files.

Run: ``python benchmarks/bench_import.py`` (``--sizes 1000,10000``; ``--boundaries`` to judge every
imported point as ``bencher import --boundaries`` does; folders are generated once under
benchmarks/.cache). Each size is imported by a fresh process into a fresh SQLite store,
through the same code as the command (``import_history`` with the local batch target), and
prints the wall time, the CPU time of the storing process and of the file-reading helper, the
load average (the machine is shared: wall time counts other people's work too) and the peak RSS
— so memory growth between 1k and 10k files shows directly. Target: 10,000 files in under a
minute, memory flat in the file count.

The folder looks like a real one: ``results/<machine>/<commit>-<env>.json`` (asv format 2) for 4
machines, one of them with 2 environments (5 files per commit), 5–20
benchmarks per file (``time_`` with 0–2 parameters, ``mem_``, ``peakmem_``, ``track_``) with
asv's 99 % confidence bounds, commit dates one hour apart, file names in random date order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
COLUMNS = [
    "result",
    "params",
    "version",
    "started_at",
    "duration",
    "stats_ci_99_a",
    "stats_ci_99_b",
    "stats_q_25",
    "stats_q_75",
    "stats_number",
    "stats_repeat",
    "samples",
    "profile",
]
#: (machine, environment) series; one machine has two environments.
SERIES = [
    ("bench-box-1", "virtualenv-py3.11"),
    ("bench-box-1", "virtualenv-py3.12"),
    ("ci-runner-a", "virtualenv-py3.11"),
    ("ci-runner-b", "virtualenv-py3.11"),
    ("laptop", "virtualenv-py3.11"),
]


def _benchmarks() -> list[tuple[str, list[list[str]], float]]:
    """(name, params, base value) for a pool of 20 benchmarks of every asv kind."""
    pool: list[tuple[str, list[list[str]], float]] = []
    for i in range(12):
        params: list[list[str]] = [["10", "100", "1000"]] if i % 3 == 1 else []
        if i % 4 == 3:
            params = [["10", "1000"], ["'sorted'", "'random'"]]
        pool.append((f"benchmarks.Time{i}.time_op_{i}", params, 1e-6 * (i + 1)))
    pool += [(f"benchmarks.mem_structure_{i}", [], 1024.0 * (i + 1)) for i in range(3)]
    pool += [(f"benchmarks.peakmem_load_{i}", [], 5e7 * (i + 1)) for i in range(3)]
    pool += [(f"benchmarks.track_count_{i}", [], 100.0 * (i + 1)) for i in range(2)]
    return pool


def _row(rng: random.Random, params: list[list[str]], base: float, started: int) -> list[object]:
    combos = 1
    for p in params:
        combos *= len(p)
    values = [base * (k + 1) * rng.gauss(1.0, 0.02) for k in range(combos)]
    return [
        values,
        params,
        hashlib.sha256(str(params).encode()).hexdigest(),
        started,
        rng.uniform(0.5, 5.0),
        [v * 0.97 for v in values],
        [v * 1.03 for v in values],
        [v * 0.99 for v in values],
        [v * 1.01 for v in values],
        [1] * combos,
        [10] * combos,
    ]


def generate(folder: Path, n_files: int) -> None:
    """Write ``n_files`` asv results files (and benchmarks.json, machine.json) into ``folder``."""
    rng = random.Random(n_files)
    pool = _benchmarks()
    partial = folder.with_suffix(".partial")
    t0 = dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc)
    meta = {
        name: {"name": name, "type": name.rsplit(".", 1)[1].split("_")[0], "unit": "seconds"}
        for name, _, _ in pool
    }
    partial.mkdir(parents=True, exist_ok=True)
    (partial / "benchmarks.json").write_text(json.dumps({**meta, "version": 2}))
    for machine in {m for m, _ in SERIES}:
        (partial / machine).mkdir(exist_ok=True)
        (partial / machine / "machine.json").write_text(json.dumps({"machine": machine}))
    for i in range(n_files):
        commit_no, which = divmod(i, len(SERIES))
        machine, env = SERIES[which]
        commit = hashlib.sha1(f"commit {commit_no}".encode()).hexdigest()
        date_ms = int((t0 + dt.timedelta(hours=commit_no)).timestamp() * 1000)
        chosen = pool[: rng.randint(5, 20)]
        doc = {
            "commit_hash": commit,
            "env_name": env,
            "date": date_ms,
            "params": {"machine": machine, "python": env[-4:]},
            "python": env[-4:],
            "requirements": {},
            "env_vars": {},
            "result_columns": COLUMNS,
            "results": {
                name: _row(rng, params, base, date_ms + 60_000 + k)
                for k, (name, params, base) in enumerate(chosen)
            },
            "durations": {},
            "version": 2,
        }
        (partial / machine / f"{commit[:8]}-{env}.json").write_text(json.dumps(doc))
    partial.rename(folder)


def child(results: Path, db: Path, *, boundaries: bool) -> None:
    """Import ``results`` into ``db`` and print seconds, runs and peak RSS as JSON."""
    from bencher_core.integrations._importer import RunTarget, import_history
    from bencher_core.integrations._targets import LocalTarget
    from bencher_core.integrations.asv import AsvHistory
    from bencher_core.store.db import open_database

    def cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    with open_database(str(db)) as database:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu_before = cpu(resource.RUSAGE_SELF)
        t = time.perf_counter()
        source = AsvHistory(results, RunTarget(project="bench", branch="main"))
        target = LocalTarget(database, boundaries=boundaries)
        result = import_history(source, target, project="bench")
        seconds = time.perf_counter() - t
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "runs": result.imported,
                "cpu_main": cpu(resource.RUSAGE_SELF) - cpu_before,
                "cpu_reader": cpu(resource.RUSAGE_CHILDREN),
                "rss_before_kb": rss_before,
                "rss_peak_kb": rss_after,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="numbers of files, comma-separated")
    parser.add_argument(
        "--boundaries", action="store_true", help="judge every imported point (import --boundaries)"
    )
    parser.add_argument("--child", nargs=2, metavar=("RESULTS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), boundaries=args.boundaries)
        return
    for size in (int(s) for s in args.sizes.split(",")):
        folder = CACHE / f"asv-results-{size}"
        if not folder.is_dir():
            print(f"generating {size:,} asv results files in {folder} …", file=sys.stderr)
            generate(folder, size)
        db = CACHE / f"import-{size}.db"
        for stale in CACHE.glob(f"import-{size}.db*"):
            stale.unlink()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(folder), str(db)]
            + (["--boundaries"] if args.boundaries else []),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        grew = (r["rss_peak_kb"] - r["rss_before_kb"]) / 1024
        load = os.getloadavg()[0]
        print(
            f"{size:>6,} files: {r['seconds']:6.1f} s wall "
            f"({r['runs'] / r['seconds']:4.0f} runs/s), "
            f"CPU {r['cpu_main']:5.1f} s storing + {r['cpu_reader']:5.1f} s reading files; "
            f"peak RSS {r['rss_peak_kb'] / 1024:5.1f} MB (+{grew:4.1f} MB during the import); "
            f"load average {load:.1f} on {os.cpu_count()} CPUs"
        )


if __name__ == "__main__":
    main()
