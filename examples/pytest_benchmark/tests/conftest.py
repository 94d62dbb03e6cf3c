"""A deterministic corpus for the tests and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

WORDS = (
    "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "while", "seven",
    "wizards", "quietly", "judge", "boxing", "matches", "and", "pack", "my", "box", "with",
    "five", "dozen", "liquor", "jugs", "near", "a", "bright", "river", "under", "old", "stone",
    "bridges",
)  # fmt: skip


def _make_text(n_words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


@pytest.fixture(scope="session")
def make_text() -> Callable[..., str]:
    """``make_text(n_words, seed=7)``: the same pseudo-random text every time."""
    return _make_text


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    """200 documents of 200 words."""
    return [_make_text(200, seed=i) for i in range(200)]
