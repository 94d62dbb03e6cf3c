"""Benchmarks: every ``benchmark`` result goes to Bencher's history with ``pytest --bencher``.

The benchmark name is the test's node id (``tests/test_bench.py::test_top_words[large]``), the
measure is latency in nanoseconds. ``bencher.record`` adds any other number.
"""

from __future__ import annotations

import tracemalloc

import pytest
from textstats import Index, tokenize, top_words


@pytest.mark.parametrize("n_words", [1_000, 20_000], ids=["small", "large"])
def test_tokenize(benchmark, make_text, n_words: int) -> None:
    text = make_text(n_words)
    words = benchmark(tokenize, text)
    assert len(words) == n_words


@pytest.mark.parametrize("n_words", [1_000, 20_000], ids=["small", "large"])
def test_top_words(benchmark, make_text, n_words: int) -> None:
    text = make_text(n_words)
    top = benchmark(top_words, text, 5)
    assert len(top) == 5


def test_build_index(benchmark, corpus: list[str]) -> None:
    index = benchmark(Index, corpus)
    assert index.search("fox")


def test_sort_vocabulary(benchmark, corpus: list[str]) -> None:
    index = Index(corpus)
    assert benchmark(index.vocabulary)[0] == "a"


def test_warm_cache(benchmark, corpus: list[str]) -> None:
    index = Index(corpus)
    benchmark(index.search, "quick", "fox")


def test_index_memory(bencher, corpus: list[str]) -> None:
    """Not a timing: peak memory while building the index, and the vocabulary size."""
    tracemalloc.start()
    index = Index(corpus)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    bencher.record("peak-memory", peak, units="bytes (B)", higher_is_better=False)
    bencher.record("vocabulary", len(index.vocabulary()), units="words")
