"""OpenAPI error responses shared by the routes (every error has the :class:`ErrorBody` shape)."""

from __future__ import annotations

from typing import Any

from bencher_core.server.schemas import ErrorBody

__all__ = ["READ_ERRORS", "WRITE_ERRORS"]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "Bad request",
        401: "Missing or bad API token",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        413: "Body too large",
        422: "Invalid field",
    }
    return {code: {"model": ErrorBody, "description": text[code]} for code in codes}


READ_ERRORS = _errors(400, 401, 404, 422)
WRITE_ERRORS = _errors(400, 401, 403, 404, 409, 413, 422)
