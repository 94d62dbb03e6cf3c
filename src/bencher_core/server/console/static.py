"""The console's static files: its own CSS and JavaScript (package data) and BokehJS, read from
the ``bokeh`` wheel installed with the ``server`` extra — nothing is copied into this
repository and nothing comes from a CDN.

BokehJS is read as files: the ``bokeh`` package is located without being imported (importing
it would load its Python plotting API, which the server never uses). Every URL carries a
version (a content digest, or bokeh's version), so responses may be cached for a year; a gzip
copy is made once per process and sent to browsers that accept it.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import importlib.resources
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import Response

from bencher_core.errors import NotFoundError

__all__ = ["BOKEH_JS", "StaticFile", "router", "static_file", "static_url"]

PREFIX = "/console/static"
#: BokehJS files the console loads: the library (perf.js builds its plots from the models,
#: without the JavaScript plotting API, bokeh-api.min.js).
BOKEH_JS = ("bokeh.min.js",)
_OWN = {"console.css": "text/css", "console.js": "text/javascript", "perf.js": "text/javascript"}
_YEAR = "public, max-age=31536000, immutable"
_MISSING = "BokehJS is not installed: pip install 'pytest-bencher[server]'"

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@dataclass(frozen=True)
class StaticFile:
    """One file's bytes, its gzip copy, media type and version (for URLs and the ETag)."""

    body: bytes
    gzipped: bytes
    media_type: str
    version: str


def _bokeh_source(name: str) -> tuple[bytes, str]:
    """A BokehJS file from the installed bokeh package (found, not imported), and bokeh's
    version."""
    spec = importlib.util.find_spec("bokeh")
    if spec is None or not spec.submodule_search_locations:
        raise NotFoundError(_MISSING)
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        version = importlib.metadata.version("bokeh")
        body = (folder / "server" / "static" / "js" / name).read_bytes()
    except (importlib.metadata.PackageNotFoundError, FileNotFoundError) as e:
        raise NotFoundError(_MISSING) from e
    return body, version


@cache
def static_file(name: str) -> StaticFile:
    """The file served as ``/console/static/<name>`` (read and compressed once).

    Raises:
        NotFoundError: no such file, or bokeh is not installed.
    """
    if name in BOKEH_JS:
        body, version = _bokeh_source(name)
        media_type = "text/javascript"
    elif name in _OWN:
        body = (importlib.resources.files(__package__) / "static" / name).read_bytes()
        version = hashlib.sha256(body).hexdigest()[:12]
        media_type = _OWN[name]
    else:
        raise NotFoundError(f"static file {name!r} not found")
    return StaticFile(body, gzip.compress(body, compresslevel=6), media_type, version)


def static_url(name: str) -> str:
    """The versioned URL of a static file (so it may be cached for good)."""
    return f"{PREFIX}/{name}?v={static_file(name).version}"


@router.api_route("/{name}", methods=["GET", "HEAD"], name="console_static")
def get_static(name: str, request: Request) -> Response:
    """A static file, gzip-compressed when the browser accepts it; 304 when it has it."""
    f = static_file(name)
    etag = f'"{f.version}"'
    headers = {
        "Cache-Control": _YEAR,
        "ETag": etag,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(f.gzipped, media_type=f.media_type, headers=headers)
    return Response(f.body, media_type=f.media_type, headers=headers)
