"""Rendering the console's pages: the Jinja2 environment, its filters, and the response every
page goes out in (with headers that keep the page to its own server).

The Content-Security-Policy lets a page load scripts, styles and data only from the server
that served it, which is also how the console promises nothing is fetched from elsewhere.

A page whose body takes a while to compute can be streamed (:func:`stream_page`): its
``<head>`` goes out at once, so the browser fetches and runs the scripts named there while
the server computes the rest.
"""

from __future__ import annotations

import gzip
import itertools
import zlib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import jinja2
import pydantic_core
from starlette.responses import Response, StreamingResponse

from bencher_core.server.console.formats import (
    fmt_change,
    fmt_date,
    fmt_hash,
    fmt_number,
    fmt_units,
    fmt_when,
)
from bencher_core.server.console.static import static_url

__all__ = ["SECURITY_HEADERS", "environment", "json_for_script", "render_page", "stream_page"]

#: Sent with every console page. BokehJS styles its plots with inline stylesheets, hence
#: 'unsafe-inline' for styles only; scripts come from the server's own files (no eval).
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
#: gzip level for pages: the fastest (the perf page with 4 × 2,000 points: 6 ms instead of
#: 23 ms at level 5, for 5% more bytes), as the server compresses while the browser waits.
GZIP_LEVEL = 1
#: A streamed page sends what it has rendered once this much has gathered after its head.
STREAM_CHUNK = 256 * 1024
_HEAD_END = "</head>"


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
        html = gzip.compress(html, compresslevel=GZIP_LEVEL)
    return Response(html, status_code=status, headers=out, media_type="text/html; charset=utf-8")


def _streamed(html: Iterator[str], *, compress: bool) -> Iterator[bytes]:
    """The page's bytes: everything up to ``</head>`` at once, the rest in large chunks.
    Compressed, each part is flushed whole, so the browser can read the head straight away."""
    z = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS) if compress else None

    def out(text: str, *, last: bool = False) -> bytes:
        data = text.encode("utf-8")
        if z is None:
            return data
        return z.compress(data) + z.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    pending: list[str] = []
    size = 0
    head = True
    for part in html:
        pending.append(part)
        size += len(part)
        if head and _HEAD_END in "".join(pending):
            head = False
        elif head or size < STREAM_CHUNK:
            continue
        yield out("".join(pending))
        pending, size = [], 0
    yield out("".join(pending), last=True)


def stream_page(
    template: str, context: Mapping[str, Any], *, accept_encoding: str = ""
) -> StreamingResponse:
    """Render ``template`` as it is sent, with the console's headers and status 200: the head
    first (before anything the template's body computes), gzip-compressed when the browser
    accepts it. The head is rendered here, so an error in it still becomes an error page."""
    html = environment().get_template(template).generate(**context)
    headers = dict(SECURITY_HEADERS)
    compress = "gzip" in accept_encoding
    if compress:
        headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    parts = _streamed(html, compress=compress)
    head = next(parts)
    return StreamingResponse(
        itertools.chain([head], parts), headers=headers, media_type="text/html; charset=utf-8"
    )
