"""``bencher`` command overhead: what the CLI adds around the ingest path.

Run: ``python benchmarks/bench_cli.py`` (uses a temporary folder; takes about a minute).

Prints, as medians of several runs:
* ``python -c pass``: the interpreter's own start (the floor every command pays);
* ``import bencher_core.cli``: what the entry point imports before it knows the command;
* ``bencher --help`` and ``bencher run --help``: start-up of the group and of ``run``;
* ``bencher run --dry-run`` (1 benchmark): settings, git, NewRun, adapter parse; no store;
* ``bencher run`` on a warm store, 1 and 1,000 benchmarks (BMF file): the whole path;
* in-process rendering of a 1,000-metric Report: terminal table, Markdown, JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPEAT = 7


def _median(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _bmf(n: int, scale: float = 1.0) -> str:
    return json.dumps(
        {f"bench_{i:04d}": {"latency": {"value": (1000.0 + i) * scale}} for i in range(n)}
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BENCHER_")},
            "BENCHER_DB": str(folder / "bench.db"),
            "BENCHER_PROJECT": "bench",
            "BENCHER_BRANCH": "main",
            "BENCHER_TESTBED": "tb",
            "NO_COLOR": "1",
        }

        def sh(*args: str) -> Callable[[], object]:
            def call() -> object:
                return subprocess.run(args, cwd=folder, env=env, capture_output=True, check=True)

            return call

        cli = (sys.executable, "-m", "bencher_core.cli")
        small, large = folder / "small.json", folder / "large.json"
        small.write_text(_bmf(1))
        large.write_text(_bmf(1000))
        for _ in range(6):  # history, so the run computes boundaries
            sh(*cli, "run", "-q", "--adapter", "json", "--file", str(small))()
            sh(*cli, "run", "-q", "--adapter", "json", "--file", str(large))()

        rows = [
            ("python -c pass", sh(sys.executable, "-c", "pass")),
            ("import bencher_core.cli", sh(sys.executable, "-c", "import bencher_core.cli")),
            ("bencher --help", sh(*cli, "--help")),
            ("bencher run --help", sh(*cli, "run", "--help")),
            ("bencher run --dry-run (1 bench)", sh(*cli, "run", "--dry-run", "--file", str(small))),
            (
                "bencher run (1 bench)",
                sh(*cli, "run", "-q", "--adapter", "json", "--file", str(small)),
            ),
            (
                "bencher run (1,000 bench)",
                sh(*cli, "run", "-q", "--adapter", "json", "--file", str(large)),
            ),
        ]
        print(f"{'subprocess':<36}{'median':>10}")
        for name, fn in rows:
            print(f"{name:<36}{_median(fn) * 1000:>8.0f} ms")

        from bencher_core.api import Bencher
        from bencher_core.render.json import report_json
        from bencher_core.render.markdown import report_markdown
        from bencher_core.render.terminal import report_text

        with Bencher(
            project="bench", branch="main", testbed="tb", hash="x", db=env["BENCHER_DB"]
        ) as b:
            report = b.submit(_bmf(1000, 1.3), adapter="json")
        print(f"\n{'in process, 1,000 metrics':<36}{'median':>10}")
        for name, render in (
            ("report_text", lambda: report_text(report, width=120)),
            ("report_markdown", lambda: report_markdown(report)),
            ("report_json", lambda: report_json(report)),
        ):
            print(f"{name:<36}{_median(render) * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()
