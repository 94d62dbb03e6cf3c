"""A deterministic corpus for the tests and benchmarks."""

from __future__ import annotations

import random

import pytest

WORDS = (
    "the quick brown fox jumps over lazy dog while seven wizards quietly judge boxing matches "
    "and pack my box with five dozen liquor jugs near a bright river under old stone bridges"
).split()


def make_text(n_words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    return [make_text(200, seed=i) for i in range(200)]
