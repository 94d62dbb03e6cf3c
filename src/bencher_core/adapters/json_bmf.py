"""The ``json`` adapter: Bencher Metric Format, taken as given (``--average`` is ignored).

Plain metrics (finite numbers, no samples) are built directly: column by column, reusing the
decoded objects, when every number is a float (the common case, :func:`_in_place`), else in one
pass (:func:`_fast`).
Anything else in the document (samples, odd values) sends the whole document through the
validating :func:`~bencher_core.models.metric.results_from_bmf`, which names what is wrong.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Mapping
from itertools import chain, repeat
from typing import Any

from bencher_core.adapters._metric import adopt_metric_states, new_metric
from bencher_core.adapters._parsing import Broken, adapter
from bencher_core.adapters._registry import NOT_JSON, AdapterInput
from bencher_core.errors import InvalidInputError
from bencher_core.models._names import RESOURCE_NAME_MAX_CHARS
from bencher_core.models.metric import Metric, Results, results_from_bmf
from bencher_core.models.run import Average

__all__ = ["parse_json"]


def _looks_like_bmf(doc: Mapping[object, object]) -> bool:
    """BMF: an object of objects of objects that each hold a ``value``."""
    if not doc:
        return False
    for measures in doc.values():
        if type(measures) is not dict and not isinstance(measures, Mapping):
            return False
        if not measures:
            return False
        for metric in measures.values():
            if type(metric) is not dict and not isinstance(metric, Mapping):
                return False
            if "value" not in metric:
                return False
    return True


_NUMBER = {float, int}
_BOUND = {float, int, type(None)}
_DICT = {dict}
_FLOAT = {float}
_THREE = {3}
_consume = deque[object](maxlen=0).extend  # runs an iterator out at C speed
_VALUE = operator.itemgetter("value")
_LOWER = operator.itemgetter("lower_value")
_UPPER = operator.itemgetter("upper_value")


def _plain_measures(names: set[str]) -> bool:
    return all(
        (trimmed := name.strip()) and len(trimmed) <= RESOURCE_NAME_MAX_CHARS for name in names
    )


def _in_place(doc: dict[str, Any]) -> Results | None:
    """The document itself, turned into results, when every metric is exactly
    ``{value, lower_value, upper_value}`` of finite floats (the common case); else None, with
    the document untouched.

    Nothing is copied: each decoded metric object becomes its Metric's state and each measure
    object is refilled with the Metrics (the caller gives the document up, see
    :meth:`AdapterInput.forget_json`). The checks run as C-level passes over columns (``map``
    over all metrics at once) rather than a Python loop per metric.
    """
    rows = list(doc.values())
    if set(map(type, rows)) != _DICT or not all(rows):
        return None
    metrics = list(chain.from_iterable(map(dict.values, rows)))
    if set(map(type, metrics)) != _DICT or set(map(len, metrics)) != _THREE:
        return None
    try:  # with three keys each, these three make the keys exact (no samples, nothing else)
        values: list[float] = list(map(_VALUE, metrics))
        lowers: list[float] = list(map(_LOWER, metrics))
        uppers: list[float] = list(map(_UPPER, metrics))
    except KeyError:
        return None
    if set(map(type, chain(values, lowers, uppers))) != _FLOAT:
        return None
    total = sum(values) + sum(lowers) + sum(uppers)
    if total - total:  # an infinity or NaN somewhere (or a sum that overflowed)
        return None
    measures = list(chain.from_iterable(rows))
    if not _plain_measures(set(measures)):
        return None
    built = adopt_metric_states(metrics)
    owners = (
        rows
        if len(metrics) == len(rows)
        else chain.from_iterable(map(repeat, rows, map(len, rows)))
    )
    _consume(map(operator.setitem, owners, measures, built))
    return doc


def _fast(doc: Mapping[str, Any]) -> Results | None:
    """The document when every metric is plain; None to let the shape check and the
    validating path decide (anything irregular, including a document that is not BMF at all).

    Written for speed (a BMF file can hold a hundred thousand metrics): type checks by
    identity, ``x - x`` (NaN for infinities and NaN) for finiteness, one constructor call.
    """
    out: Results = {}
    measures_ok: set[str] = set()
    new = new_metric
    try:
        for bench, measures in doc.items():
            if type(measures) is not dict or not measures:
                return None
            row: dict[str, Metric] = {}
            for measure, metric in measures.items():
                if measure not in measures_ok:
                    trimmed = measure.strip()
                    if not trimmed or len(trimmed) > RESOURCE_NAME_MAX_CHARS:
                        return None
                    measures_ok.add(measure)
                if type(metric) is not dict or "samples" in metric:
                    return None
                value: Any = metric.get("value")
                lower = metric.get("lower_value")
                upper = metric.get("upper_value")
                if type(value) is float and type(lower) is float and type(upper) is float:
                    if value - value or lower - lower or upper - upper:
                        return None
                    row[measure] = new(value, lower, upper, None)  # the common case
                    continue
                if type(value) not in _NUMBER or (
                    type(lower) not in _BOUND or type(upper) not in _BOUND
                ):
                    return None
                value = float(value)  # ints (a huge one raises OverflowError)
                lower = None if lower is None else float(lower)
                upper = None if upper is None else float(upper)
                if value - value or (lower is not None and lower - lower):
                    return None
                if upper is not None and upper - upper:
                    return None
                row[measure] = new(value, lower, upper, None)
            out[bench] = row
    except OverflowError:
        return None
    return out


@adapter("json")
def parse_json(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse BMF. Not BMF-shaped JSON → None; BMF-shaped with bad values → AdapterError."""
    del average
    doc = inp.json
    if type(doc) is dict and doc:
        fast = _in_place(doc)  # recognises and builds the common case
        if fast is not None:
            inp.forget_json()  # the results are made of the decoded document
            return fast
        fast = _fast(doc)  # one pass for plain metrics with ints or without bounds
        if fast is not None:
            return fast
    if doc is NOT_JSON or not isinstance(doc, Mapping) or not _looks_like_bmf(doc):
        return None
    try:
        return results_from_bmf(doc)
    except InvalidInputError as e:
        raise Broken(str(e)) from e
    except OverflowError as e:  # a huge integer value
        raise Broken(f"a number is too large: {e}") from e
