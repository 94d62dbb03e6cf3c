"""Every error becomes a JSON body ``{"message", "status", "field"?, "errors"?}`` — never HTML,
and never a 5xx for anything a client sent.

One table maps the :class:`~bencher_core.errors.BencherError` tree to status codes; request
validation errors name the field (``body.results``, ``query.per_page``); bodies over the limit
answer 413 (see :mod:`bencher_core.server.limits`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from bencher_core.errors import (
    BencherError,
    ClientError,
    ConfigError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDenied,
    StoreError,
    UsageError,
)
from bencher_core.service.auth import AuthenticationError

__all__ = ["STATUS_FOR", "error_response", "install_error_handlers", "status_for"]

log = logging.getLogger(__name__)

#: Most specific first: the first class an error is an instance of decides its status.
STATUS_FOR: tuple[tuple[type[BencherError], int], ...] = (
    (AuthenticationError, 401),
    (PermissionDenied, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (InvalidInputError, 400),
    (UsageError, 400),
    (ConfigError, 400),
    (StoreError, 503),
    (ClientError, 502),
    (BencherError, 400),
)


def status_for(error: BencherError) -> int:
    """The HTTP status for a domain error."""
    for cls, status in STATUS_FOR:
        if isinstance(error, cls):
            return status
    return 400  # pragma: no cover - BencherError is last in the table


def error_response(
    status: int,
    message: str,
    *,
    field: str | None = None,
    errors: Sequence[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The one error body shape."""
    body: dict[str, Any] = {"message": message, "status": status}
    if field is not None:
        body["field"] = field
    if errors:
        body["errors"] = list(errors)
    return JSONResponse(body, status_code=status, headers=headers)


def _loc(loc: Sequence[Any]) -> str:
    return ".".join(str(p) for p in loc)


async def _on_bencher_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BencherError)
    status = status_for(exc)
    if status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    field = getattr(exc, "key", None) if isinstance(exc, ConfigError) else None
    return error_response(status, str(exc), field=field, headers=headers)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = [
        {
            "field": _loc(e.get("loc", ())),
            "message": str(e.get("msg", "invalid")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    first = items[0] if items else {"field": "body", "message": "invalid request"}
    return error_response(
        422, f"{first['field']}: {first['message']}", field=first["field"], errors=items
    )


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return error_response(exc.status_code, message, headers=dict(exc.headers or {}) or None)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, f"internal server error ({type(exc).__name__})")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(BencherError, _on_bencher_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
