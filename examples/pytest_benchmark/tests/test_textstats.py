"""What textstats computes (ordinary tests: they run with or without --bencher)."""

from __future__ import annotations

from textstats import Index, tokenize, top_words, word_counts


def test_tokenize_lowercases_and_keeps_apostrophes() -> None:
    assert tokenize("Don't PANIC, 42 times!") == ["don't", "panic", "42", "times"]


def test_counts_and_top_words() -> None:
    text = "b a b c b a"
    assert word_counts(text) == {"b": 3, "a": 2, "c": 1}
    assert top_words(text, 2) == [("b", 3), ("a", 2)]


def test_index_search() -> None:
    index = Index(["red fox", "blue fox", "red hen"])
    assert index.search("fox") == {0, 1}
    assert index.search("red", "fox") == {0}
    assert index.vocabulary() == ["blue", "fox", "hen", "red"]
