"""The ``json`` adapter: Bencher Metric Format, taken as given (``--average`` is ignored)."""

from __future__ import annotations

from collections.abc import Mapping

from bencher_core.adapters._registry import NOT_JSON, AdapterInput, register
from bencher_core.errors import AdapterError, InvalidInputError
from bencher_core.models.metric import Results, results_from_bmf
from bencher_core.models.run import Average

__all__ = ["parse_json"]


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


@register("json")
def parse_json(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse BMF. Not BMF-shaped JSON → None; BMF-shaped with bad values → AdapterError."""
    del average
    doc = inp.json
    if doc is NOT_JSON or not isinstance(doc, Mapping) or not _looks_like_bmf(doc):
        return None
    try:
        return results_from_bmf(doc)
    except InvalidInputError as e:
        raise AdapterError("json", str(e), source=inp.source) from e
