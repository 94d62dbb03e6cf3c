"""Static files (BokehJS from the installed wheel, the console's own CSS/JS) and the formats
the pages write numbers and times in."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import importlib.metadata
import importlib.util
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.console.conftest import Console

from bencher_core.errors import NotFoundError
from bencher_core.server.console.access import Viewer
from bencher_core.server.console.formats import (
    fmt_change,
    fmt_date,
    fmt_hash,
    fmt_number,
    fmt_units,
    fmt_when,
)
from bencher_core.server.console.render import (
    GZIP_FROM,
    json_for_script,
    render_page,
    stream_page,
)
from bencher_core.server.console.static import BOKEH_JS, static_file, static_url


@pytest.fixture
def uncached() -> Iterator[None]:
    """Static files read afresh, and the cache emptied again after the test."""
    static_file.cache_clear()
    yield
    static_file.cache_clear()


def _in_wheel(name: str) -> bytes:
    """A BokehJS file as the installed bokeh package holds it (found, not imported)."""
    spec = importlib.util.find_spec("bokeh")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "server" / "static" / "js" / name).read_bytes()


@pytest.mark.parametrize("name", BOKEH_JS)
def test_bokehjs_comes_from_the_installed_wheel_and_is_cached_for_good(
    reader: Console, name: str
) -> None:
    r = reader.client().get(f"/console/static/{name}", headers={"Accept-Encoding": "identity"})

    assert r.status_code == 200
    assert r.content == _in_wheel(name)
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["etag"] == f'"{importlib.metadata.version("bokeh")}"'
    assert "content-encoding" not in r.headers


@pytest.mark.usefixtures("uncached")
def test_serving_bokehjs_does_not_import_bokeh(
    reader: Console, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in [m for m in sys.modules if m == "bokeh" or m.startswith("bokeh.")]:
        monkeypatch.delitem(sys.modules, module)

    r = reader.client().get("/console/static/bokeh.min.js")

    assert r.status_code == 200
    assert "bokeh" not in sys.modules


@pytest.mark.usefixtures("uncached")
def test_without_bokeh_the_error_says_what_to_install(
    reader: Console, monkeypatch: pytest.MonkeyPatch
) -> None:
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "bokeh" else find_spec(name, *args),
    )

    with pytest.raises(NotFoundError, match=re.escape("pip install 'pytest-bencher[server]'")):
        static_file("bokeh.min.js")
    assert reader.client().get("/console/static/bokeh.min.js").status_code == 404


def test_static_files_are_sent_compressed_to_browsers_that_accept_it(reader: Console) -> None:
    with reader.client().stream("GET", "/console/static/console.css") as r:
        raw = b"".join(r.iter_raw())

    assert r.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw).startswith(b"/* pytest-bencher web console")


def test_a_browser_that_has_the_file_gets_not_modified(reader: Console) -> None:
    c = reader.client()
    etag = c.get("/console/static/console.js").headers["etag"]

    r = c.get("/console/static/console.js", headers={"If-None-Match": etag})

    assert (r.status_code, r.content) == (304, b"")


def test_an_unknown_static_file_is_not_found(reader: Console) -> None:
    assert reader.client().get("/console/static/secrets.txt").status_code == 404


def test_pages_link_their_static_files_by_version(reader: Console) -> None:
    html = (
        reader.client()
        .get(
            "/console/projects/pub/perf",
            params={
                "branches": "main",
                "testbeds": "ci",
                "benchmarks": "fast",
                "measures": "latency",
            },
        )
        .text
    )

    sources = re.findall(r'(?:src|href)="(/console/static/[^"]+)"', html)
    assert sources == [
        static_url("console.css"),
        static_url("bokeh.min.js"),
        static_url("perf.js"),
        static_url("console.js"),
    ]
    assert all("?v=" in s for s in sources)


@pytest.mark.parametrize(
    ("size", "accept", "compressed"),
    [(100, "gzip, br", False), (GZIP_FROM, "gzip, br", True), (GZIP_FROM, "identity", False)],
    ids=["small", "large", "large-not-accepted"],
)
def test_large_pages_are_compressed_for_browsers_that_accept_it(
    size: int, accept: str, compressed: bool
) -> None:
    context = {"viewer": Viewer(None), "project": None, "nav": "", "status": 404}

    r = render_page("error.html", {**context, "message": "x" * size}, accept_encoding=accept)

    assert (r.headers.get("content-encoding") == "gzip") is compressed
    body = gzip.decompress(bytes(r.body)) if compressed else bytes(r.body)
    assert body.count(b"x" * size) == 1


class _Late:
    """A value the template reads late; notes when that happens."""

    def __init__(self) -> None:
        self.read = False

    def __str__(self) -> str:
        self.read = True
        return "computed late"


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "identity"])
def test_a_streamed_page_sends_its_head_before_its_body_is_computed(compress: bool) -> None:
    late = _Late()
    context = {"viewer": Viewer(None), "project": None, "nav": "", "status": 500}
    whole = render_page("error.html", {**context, "message": "computed late"}).body
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if compress else None

    async def chunks() -> list[bytes]:
        return [bytes(c) async for c in r.body_iterator]  # type: ignore[arg-type]

    r = stream_page("error.html", {**context, "message": late}, accept_encoding="gzip" * compress)
    read_before_sending = late.read
    sent = asyncio.run(chunks())
    text = [decoder.decompress(c) if decoder else c for c in sent]

    assert read_before_sending is False
    assert b"</head>" in text[0]
    assert b"computed late" not in text[0]
    assert b"".join(text) == whole
    assert (r.headers.get("content-encoding") == "gzip") is compress


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "—"), (0.000123456, "0.0001235"), (999.96, "1000"), (12345.6, "12,346")],
    ids=["none", "small", "rounds", "thousands"],
)
def test_numbers_keep_four_significant_digits(value: float | None, expected: str) -> None:
    assert fmt_number(value) == expected


@pytest.mark.parametrize(
    ("value", "baseline", "expected"),
    [(110.0, 100.0, "+10.0%"), (90.0, 100.0, "-10.0%"), (1.0, None, "—"), (1.0, 0.0, "—")],
    ids=["up", "down", "no-baseline", "zero-baseline"],
)
def test_changes_are_signed_percentages(
    value: float, baseline: float | None, expected: str
) -> None:
    assert fmt_change(value, baseline) == expected


def test_times_hashes_and_units_read_short() -> None:
    when = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc)
    us = int(when.timestamp() * 1_000_000)

    assert [fmt_when(when), fmt_when(us), fmt_when(None), fmt_when(2**62)] == [
        "2024-05-01 12:30 UTC",
        "2024-05-01 12:30 UTC",
        "—",
        "—",
    ]
    assert [fmt_date(us), fmt_date(None), fmt_date(2**62)] == ["2024-05-01", "", ""]
    assert [fmt_hash("0123456789abcdef"), fmt_hash(None)] == ["0123456", "—"]
    assert [fmt_units("nanoseconds (ns)"), fmt_units("widgets")] == ["ns", "widgets"]


def test_json_in_a_script_cannot_close_the_script() -> None:
    text = json_for_script({"name": "</script><script>alert(1)</script>&", "x": float("inf")})

    assert "<" not in text and ">" not in text and "&" not in text
    assert text.endswith('"x":null}')
