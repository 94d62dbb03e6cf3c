"""A pyperf script that knows nothing of Bencher: gate it with ``bencher pyperf``.

bencher pyperf -- python plain_bench.py
"""

from __future__ import annotations

import pyperf


def concat(n: int) -> str:
    return "".join(str(i) for i in range(n))


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.bench_func("concat 100", concat, 100)
