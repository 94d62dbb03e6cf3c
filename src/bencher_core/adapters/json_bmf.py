"""The ``json`` adapter: Bencher Metric Format, taken as given (``--average`` is ignored).

Plain metrics (finite numbers, no samples) are built directly; anything else in the document
(samples, odd values) sends the whole document through the validating
:func:`~bencher_core.models.metric.results_from_bmf`, which names what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bencher_core.adapters._metric import new_metric
from bencher_core.adapters._parsing import Broken, adapter
from bencher_core.adapters._registry import NOT_JSON, AdapterInput
from bencher_core.errors import InvalidInputError
from bencher_core.models._names import RESOURCE_NAME_MAX_CHARS
from bencher_core.models.metric import Metric, Results, results_from_bmf
from bencher_core.models.run import Average

__all__ = ["parse_json"]

_PLAIN = (int, float)


def _looks_like_bmf(doc: Mapping[object, object]) -> bool:
    """BMF: an object of objects of objects that each hold a ``value``."""
    if not doc:
        return False
    for measures in doc.values():
        if not isinstance(measures, Mapping) or not measures:
            return False
        for metric in measures.values():
            if not isinstance(metric, Mapping) or "value" not in metric:
                return False
    return True


def _number(v: object) -> float | None:
    """A plain finite number as float; None for null; raises ValueError for anything else."""
    if v is None:
        return None
    if type(v) not in _PLAIN:
        raise ValueError(v)
    f = float(v)  # type: ignore[arg-type]  # int or float; a huge int raises OverflowError
    if f - f:
        raise ValueError(v)
    return f


def _fast(doc: Mapping[str, Any]) -> Results | None:
    """The document when every metric is plain; None to let the validating path decide."""
    out: Results = {}
    measures_ok: set[str] = set()
    try:
        for bench, measures in doc.items():
            row: dict[str, Metric] = {}
            for measure, metric in measures.items():
                if measure not in measures_ok:
                    trimmed = measure.strip()
                    if not trimmed or len(trimmed) > RESOURCE_NAME_MAX_CHARS:
                        return None
                    measures_ok.add(measure)
                if type(metric) is not dict or "samples" in metric:
                    return None
                value = _number(metric["value"])
                if value is None:
                    return None
                row[measure] = new_metric(
                    value,
                    _number(metric.get("lower_value")),
                    _number(metric.get("upper_value")),
                    None,
                )
            out[bench] = row
    except (ValueError, OverflowError):
        return None
    return out


@adapter("json")
def parse_json(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse BMF. Not BMF-shaped JSON → None; BMF-shaped with bad values → AdapterError."""
    del average
    doc = inp.json
    if doc is NOT_JSON or not isinstance(doc, Mapping) or not _looks_like_bmf(doc):
        return None
    fast = _fast(doc)
    if fast is not None:
        return fast
    try:
        return results_from_bmf(doc)
    except InvalidInputError as e:
        raise Broken(str(e)) from e
    except OverflowError as e:  # a huge integer value
        raise Broken(f"a number is too large: {e}") from e
