"""Benchmarks of every asv kind: timing (plain and parametrized), memory and a tracked value."""

from __future__ import annotations


class TimeSort:
    params = ([100, 1000], ["random", "sorted"])
    param_names = ["n", "order"]  # noqa: RUF012 - asv reads this class attribute

    def setup(self, n: int, order: str) -> None:
        import random

        self.data = list(range(n))
        if order == "random":
            random.Random(1).shuffle(self.data)

    def time_sort(self, n: int, order: str) -> None:
        sorted(self.data)


def time_join() -> None:
    "-".join(["word"] * 100)


def mem_table() -> dict[int, int]:
    return {i: i for i in range(100)}


def track_cache_entries() -> int:
    return 128
