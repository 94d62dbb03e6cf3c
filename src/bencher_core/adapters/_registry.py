"""The adapter registry: slug -> pure parser, and magic's order.

An adapter is a pure function ``(AdapterInput, Average | None) -> Results | None``: ``None``
means "not my format" (or the requested average is not supported); input that *is* the
adapter's format but broken raises :class:`~bencher_core.errors.AdapterError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cached_property
from typing import Any

from bencher_core.models.metric import Results
from bencher_core.models.run import Average

__all__ = ["ADAPTERS", "NOT_JSON", "AdapterFn", "AdapterInput", "register"]


class _NotJson:
    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON: Any = _NotJson()


class AdapterInput:
    """One harness output, with its JSON decoding shared by every adapter that asks for it."""

    __slots__ = ("__dict__", "source", "text")

    def __init__(self, text: str, *, source: str | None = None) -> None:
        self.text = text
        self.source = source

    @cached_property
    def json(self) -> Any:
        """The decoded JSON document, or :data:`NOT_JSON` (decoded at most once)."""
        stripped = self.text.lstrip()
        if not stripped or stripped[0] not in "{[":
            return NOT_JSON
        try:
            return json.loads(self.text)
        except ValueError:
            return NOT_JSON

    def forget_json(self) -> None:
        """Drop the decoded document (an adapter made its results of it); decode anew if asked."""
        self.__dict__.pop("json", None)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()


AdapterFn = Callable[[AdapterInput, "Average | None"], "Results | None"]

#: slug -> adapter function. Filled by the adapter modules as they are imported.
ADAPTERS: dict[str, AdapterFn] = {}


def register(*slugs: str) -> Callable[[AdapterFn], AdapterFn]:
    """Register an adapter function under one or more slugs."""

    def deco(fn: AdapterFn) -> AdapterFn:
        for slug in slugs:
            ADAPTERS[slug] = fn
        return fn

    return deco
