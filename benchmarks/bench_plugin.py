"""What ``--bencher`` adds to a pytest run, next to pytest-benchmark's own compare-and-fail.

A suite of N trivial benchmarks with fixed, small round counts (``benchmark.pedantic``) runs in
fresh pytest subprocesses, interleaved, in three ways:

* ``plain``: pytest-benchmark alone (no storage), the reference;
* ``pytest-benchmark compare``: ``--benchmark-autosave --benchmark-compare
  --benchmark-compare-fail=mean:10%`` against a saved run;
* ``--bencher``: the embedded store with a history of several runs, so every metric gets limits.

It prints the median wall time of each and what the last two add to ``plain``; ``--importtime``
also prints the modules the ``--bencher`` run imports that the plain one does not.

Usage::

    python benchmarks/bench_plugin.py                 # 200 benchmarks, 7 repetitions
    python benchmarks/bench_plugin.py -n 50 -r 3 --importtime
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

SUITE = """\
import pytest


def work():
    return sum(range(20))


@pytest.mark.parametrize("i", range({n}))
def test_trivial(benchmark, i):
    benchmark.pedantic(work, rounds={rounds}, iterations=10)
"""

# Plugins are named explicitly (no autoload) so unrelated plugins in the environment do not
# add noise; the three ways differ only in their options.
BASE = [
    sys.executable,
    "-m",
    "pytest",
    "-q",
    "-p",
    "no:cacheprovider",
    "-p",
    "benchmark",
    "-p",
    "bencher",
    "test_suite.py",
]
WAYS = {
    "plain": [],
    "pytest-benchmark compare": [
        "--benchmark-autosave",
        "--benchmark-compare",
        "--benchmark-compare-fail=mean:10%",
    ],
    "--bencher": ["--bencher", "--bencher-no-fail"],
}


def run(folder: Path, extra: list[str], *, env: dict[str, str]) -> tuple[float, float]:
    """Run pytest once: (wall seconds, CPU seconds of the process, user + system)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([*BASE, *extra], cwd=folder, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            out.seek(0)
            sys.exit(f"pytest {' '.join(extra)} failed ({proc.returncode}):\n{out.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def imported_modules(folder: Path, extra: list[str], env: dict[str, str]) -> dict[str, int]:
    """module -> cumulative import time (µs) of one run, from ``python -X importtime``."""
    cmd = [sys.executable, "-X", "importtime", *BASE[1:], *extra]
    proc = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, check=False)
    out: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                out[name.strip()] = int(cumulative)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--benchmarks", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per benchmark")
    parser.add_argument("-r", "--repeat", type=int, default=7, help="runs of each way")
    parser.add_argument("--history", type=int, default=6, help="--bencher runs made beforehand")
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-plugin-") as tmp:
        folder = Path(tmp)
        (folder / "test_suite.py").write_text(SUITE.format(n=args.benchmarks, rounds=args.rounds))
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("BENCHER_", "GITHUB_", "PYTEST_"))
        }
        env.update(
            PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
            BENCHER_DB=str(folder / "bencher.db"),
            BENCHER_PROJECT="bench-plugin",
        )
        run(folder, ["--benchmark-autosave"], env=env)
        for _ in range(args.history):
            run(folder, WAYS["--bencher"], env=env)
        wall: dict[str, list[float]] = {way: [] for way in WAYS}
        cpu: dict[str, list[float]] = {way: [] for way in WAYS}
        for _ in range(args.repeat):
            for way, extra in WAYS.items():
                w, c = run(folder, extra, env=env)
                wall[way].append(w)
                cpu[way].append(c)
        print(
            f"{args.benchmarks} trivial benchmarks, {args.rounds} rounds each, {args.repeat} runs "
            "of each way, interleaved; whole pytest process; median [min … max]"
        )
        for label, times in (("wall", wall), ("cpu", cpu)):
            med = {way: statistics.median(ts) for way, ts in times.items()}
            for way, m in med.items():
                added = "" if way == "plain" else f"   adds {m - med['plain']:+.3f} s"
                spread = f"[{min(times[way]):.3f} … {max(times[way]):.3f}]"
                print(f"  {label:<4} {way:<26} {m:7.3f} s  {spread}{added}")
        if args.importtime:
            plain = imported_modules(folder, WAYS["plain"], env)
            ours = imported_modules(folder, WAYS["--bencher"], env)
            extra_mods = {k: v for k, v in ours.items() if k not in plain}
            top = sorted(extra_mods.items(), key=lambda kv: -kv[1])[:15]
            print("largest imports --bencher adds (cumulative ms):")
            for name, us in top:
                print(textwrap.indent(f"{us / 1000:8.1f}  {name}", "  "))


if __name__ == "__main__":
    main()
