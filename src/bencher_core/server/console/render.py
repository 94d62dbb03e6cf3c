"""Rendering the console's pages: the Jinja2 environment, its filters, and the response every
page goes out in (with headers that keep the page to its own server).

The Content-Security-Policy lets a page load scripts, styles and data only from the server
that served it, which is also how the console promises nothing is fetched from elsewhere.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jinja2
import pydantic_core
from starlette.responses import Response

from bencher_core.server.console.formats import (
    fmt_change,
    fmt_date,
    fmt_hash,
    fmt_number,
    fmt_units,
    fmt_when,
)
from bencher_core.server.console.static import static_url

__all__ = ["SECURITY_HEADERS", "environment", "json_for_script", "render_page"]

#: Sent with every console page. Plotly styles its plots inline, hence 'unsafe-inline' for
#: styles only; scripts come from the server's own files.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


#: Pages from this size on are compressed (when the browser accepts gzip).
GZIP_FROM = 64 * 1024


def json_for_script(data: object) -> str:
    """JSON safe to place inside ``<script type="application/json">`` (non-finite numbers are
    written as null)."""
    text = pydantic_core.to_json(data, inf_nan_mode="null").decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The console's templates (package data), autoescaped."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bencher_core.server.console", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        num=fmt_number,
        change=fmt_change,
        when=fmt_when,
        date=fmt_date,
        short=fmt_hash,
        units=fmt_units,
    )
    env.globals["static"] = static_url
    return env


def render_page(
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    accept_encoding: str = "",
) -> Response:
    """Render ``template`` with ``context`` into a response with the console's headers; a large
    page (the perf page carries its data) is gzip-compressed when the browser accepts it."""
    html = environment().get_template(template).render(**context).encode("utf-8")
    out = {**SECURITY_HEADERS, **(headers or {})}
    if len(html) >= GZIP_FROM and "gzip" in accept_encoding:
        out.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        html = gzip.compress(html, compresslevel=5)
    return Response(html, status_code=status, headers=out, media_type="text/html; charset=utf-8")
