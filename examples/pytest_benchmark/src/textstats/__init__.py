"""Word statistics for plain text: tokens, counts, the most frequent words, a vocabulary index."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["Index", "tokenize", "top_words", "word_counts"]

_WORD = re.compile(r"[a-z0-9']+")


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters, digits and apostrophes)."""
    return _WORD.findall(text.lower())


def word_counts(text: str) -> Counter[str]:
    """How often each word occurs."""
    return Counter(tokenize(text))


def top_words(text: str, n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` most frequent words, most frequent first (ties in alphabetical order)."""
    counts = word_counts(text)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


class Index:
    """Which documents contain each word."""

    def __init__(self, documents: Iterable[str]) -> None:
        self.postings: dict[str, set[int]] = {}
        for i, doc in enumerate(documents):
            for word in set(tokenize(doc)):
                self.postings.setdefault(word, set()).add(i)

    def search(self, *words: str) -> set[int]:
        """Documents containing every one of ``words``."""
        sets = [self.postings.get(w.lower(), set()) for w in words]
        return set.intersection(*sets) if sets else set()

    def vocabulary(self) -> list[str]:
        """Every word, sorted."""
        return sorted(self.postings)
