"""pyperf benchmarks gated by Bencher.

    python bench.py                 # pyperf runs the benchmarks, then the gate submits them
    python bench.py --fast          # any pyperf option works (-p 2 -n 3 -l 1 -w 0 for a smoke run)
    bencher pyperf -- python bench.py   # the same through the command (the gate stands aside)

After pyperf's own output comes Bencher's table: each benchmark against its history on this
branch and testbed. The script exits with status 1 when there are alerts.
"""

from __future__ import annotations

import pyperf

from bencher_core.integrations.pyperf import bencher_gate


def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def main() -> None:
    runner = pyperf.Runner()
    with bencher_gate(runner):
        runner.bench_func("fib(15)", fib, 15)
        runner.timeit(
            "sorted 1000",
            stmt="sorted(data)",
            setup="import random; data = random.Random(1).sample(range(1000), 1000)",
        )


if __name__ == "__main__":
    main()
