"""Plumbing shared by the adapters: registration with error mapping, typed JSON access, metrics.

Adapters raise :class:`Broken` (with a text position or a JSON path) for input that is their
format but cannot be parsed; :func:`adapter` turns it into an
:class:`~bencher_core.errors.AdapterError` naming the adapter, the source and the line.
"""

from __future__ import annotations

import functools
import gc
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._registry import NOT_JSON, AdapterFn, AdapterInput, register
from bencher_core.errors import AdapterError
from bencher_core.models._names import BENCHMARK_NAME_MAX_BYTES, check_benchmark_name
from bencher_core.models.metric import Metric, Results, SampleSummary
from bencher_core.models.run import Average

__all__ = [
    "NOT_FINITE",
    "Broken",
    "adapter",
    "as_list",
    "as_mapping",
    "as_number",
    "as_text",
    "at_match",
    "finite_or_none",
    "first_not_finite",
    "is_json_document",
    "make_metric",
    "nth_match_pos",
    "optional_number",
    "scan_columns",
    "under",
]


_isfinite = math.isfinite


class Broken(Exception):
    """The input is the adapter's format but cannot be parsed.

    Args:
        message: what is wrong (for JSON input, start it with the path of the bad field).
        pos: character offset in the input text, turned into a line number.
        line: 1-based line number, when already known.
    """

    def __init__(self, message: str, *, pos: int | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.line = line


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _check_names(results: Results) -> None:
    """Bencher's benchmark-name rule (non-empty, at most 1024 bytes), checked cheaply."""
    for name in results:
        if not name or (
            len(name) > BENCHMARK_NAME_MAX_BYTES // 4
            and len(name.encode("utf-8")) > BENCHMARK_NAME_MAX_BYTES
        ):
            try:
                check_benchmark_name(name)
            except ValueError as e:
                raise Broken(str(e)) from None


def adapter(*slugs: str) -> Callable[[AdapterFn], AdapterFn]:
    """Register an adapter under ``slugs``, mapping :class:`Broken` to ``AdapterError``.

    The wrapped function may return an empty mapping; that is reported as ``None`` ("nothing
    of mine here"), as Bencher does for an output with no benchmark in it. The cyclic garbage
    collector is paused while an adapter runs: parsing builds many small objects and no cycles,
    and the collector's passes over them cost as much as the parsing itself on large outputs.
    """

    def deco(fn: AdapterFn) -> AdapterFn:
        @functools.wraps(fn)
        def wrapped(inp: AdapterInput, average: Average | None) -> Results | None:
            paused = gc.isenabled()
            if paused:
                gc.disable()  # parsing allocates much and frees nothing: no cycles to find
            try:
                results = fn(inp, average)
                if not results:
                    return None
                _check_names(results)
            except Broken as e:
                line = e.line
                if line is None and e.pos is not None:
                    line = _line_of(inp.text, e.pos)
                raise AdapterError(slugs[0], e.message, line=line, source=inp.source) from e
            finally:
                if paused:
                    gc.enable()
            return results

        return register(*slugs)(wrapped)

    return deco


def nth_match_pos(regex: re.Pattern[str], text: str, n: int, start: int = 0) -> int | None:
    """Where the ``n``-th (0-based) match of ``regex`` in ``text`` starts: for error messages of
    adapters that scan with ``findall`` (fast) and only need positions when something is wrong."""
    for i, m in enumerate(regex.finditer(text, start)):
        if i == n:
            return m.start()
    return None


NOT_FINITE = "a number is too large (not a finite number)"


def scan_columns(regex: re.Pattern[str], text: str) -> list[list[str]]:
    """The groups of every match of ``regex`` in ``text``, column by column (``findall``
    transposed; a group that did not take part is None rather than ``""``).

    ``re.split`` returns the text between matches interleaved with each match's groups, so
    slicing its result transposes at C speed, with no tuple per match.
    """
    parts = regex.split(text)
    step = regex.groups + 1
    return [parts[k::step] for k in range(1, step)]


def first_not_finite(*columns: Sequence[float]) -> int | None:
    """The first row where a column holds an infinity or NaN; None when every value is finite.

    One ``sum`` per column answers for the common case (a sum that overflowed only costs the
    row by row look).
    """
    for column in columns:
        total = sum(column)
        if total - total:
            break
    else:
        return None
    return next(
        (k for k, row in enumerate(zip(*columns, strict=True)) if any(v - v for v in row)), None
    )


def at_match(e: Broken, regex: re.Pattern[str], text: str, n: int, start: int = 0) -> Broken:
    """``e`` moved to the ``n``-th match of ``regex`` (for adapters that scan with ``findall``)."""
    return Broken(e.message, pos=nth_match_pos(regex, text, n, start))


def under(prefix: str, e: Broken) -> Broken:
    """``e`` with its JSON path completed: ``under("results[3]", Broken(".mean: …"))``.

    JSON adapters check each entry with constant relative paths and add the entry's index only
    when something is wrong, so the happy path formats no strings.
    """
    return Broken(f"{prefix}{e.message}", pos=e.pos, line=e.line)


def is_json_document(inp: AdapterInput) -> bool:
    """True when the whole input is one JSON document (so no text harness printed it)."""
    return inp.json is not NOT_JSON


def as_mapping(value: object, where: str) -> Mapping[str, Any]:
    """``value`` as a JSON object, else :class:`Broken` naming ``where``."""
    if type(value) is dict:
        return value
    if not isinstance(value, Mapping):
        raise Broken(f"{where}: expected an object, got {_short(value)}")
    return value


def as_list(value: object, where: str) -> list[Any]:
    """``value`` as a JSON array, else :class:`Broken` naming ``where``."""
    if not isinstance(value, list):
        raise Broken(f"{where}: expected an array, got {_short(value)}")
    return value


def as_text(value: object, where: str) -> str:
    """``value`` as a JSON string, else :class:`Broken` naming ``where``."""
    if not isinstance(value, str):
        raise Broken(f"{where}: expected a string, got {_short(value)}")
    return value


def as_number(value: object, where: str) -> float:
    """``value`` as a finite float (JSON int or float, not bool), else :class:`Broken`."""
    if type(value) is float and not value - value:
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
    elif isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            pass
    raise Broken(f"{where}: expected a finite number, got {_short(value)}")


def finite_or_none(value: object) -> float | None:
    """``value`` as a finite float, or None when it is anything else (no error)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def optional_number(value: object, where: str) -> float | None:
    """Like :func:`as_number`, but JSON ``null`` (and a ``"NaN"`` string) mean no value."""
    if value is None or value == "NaN":
        return None
    return as_number(value, where)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def make_metric(
    value: float,
    lower: float | None = None,
    upper: float | None = None,
    samples: SampleSummary | None = None,
    *,
    pos: int | None = None,
    line: int | None = None,
    where: str | None = None,
) -> Metric:
    """Build a Metric, refusing values that overflowed to infinity (or NaN) with :class:`Broken`."""
    if not (
        _isfinite(value)
        and (lower is None or _isfinite(lower))
        and (upper is None or _isfinite(upper))
    ):
        bad = next(v for v in (value, lower, upper) if v is not None and not _isfinite(v))
        prefix = f"{where}: " if where else ""
        raise Broken(f"{prefix}value {bad!r} is not a finite number", pos=pos, line=line)
    return new_metric(value, lower, upper, samples)
