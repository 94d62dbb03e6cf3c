"""The app factory: ``create_app(settings)`` builds the reference server; nothing happens at import.

Extending it (the web console does): pass more routers, or a ``console`` router mounted after
the API; every route can depend on :mod:`bencher_core.server.deps` for the store and the caller.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from bencher_core import __version__
from bencher_core.server.config import ServerSettings
from bencher_core.server.errors import install_error_handlers
from bencher_core.server.limits import BodyLimit
from bencher_core.server.pool import DatabasePool
from bencher_core.server.routes import api_routers
from bencher_core.service.group_commit import GroupCommit
from bencher_core.service.history_cache import HistoryCache

__all__ = ["app_from_env", "create_app", "warm_and_freeze"]

log = logging.getLogger("bencher_core.server")

DESCRIPTION = """\
The pytest-bencher reference server: Bencher's REST API (`/v0`) over the same ingest service
as the embedded store. Send `Authorization: Bearer <API token>`; anonymous callers may read
public projects only."""


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(
    settings: ServerSettings | None = None,
    *,
    routers: Sequence[APIRouter] = (),
    console: APIRouter | None = None,
) -> FastAPI:
    """Build the server app.

    Args:
        settings: where the store is and the limits; by default from ``BENCHER_SERVER_*``.
        routers: extra routers, included after the API's own.
        console: the web console's router, included last; by default the built-in console
            (:mod:`bencher_core.server.console`) when ``settings.console`` is true.

    Raises:
        StoreError: the store is unreachable or its schema is not current (run
            ``bencher db upgrade`` or start through ``bencher server``, which migrates first).
    """
    settings = settings or ServerSettings.from_env()
    pool = DatabasePool(settings.db, size=settings.pool_size)
    pool.check()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="Bencher API (pytest-bencher reference server)",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.history = HistoryCache()
    # SQLite takes one writer at a time: runs that queue up are committed together.
    app.state.group = GroupCommit() if pool.url.startswith("sqlite") else None
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    for router in (*api_routers(), *routers):
        app.include_router(router)
    if console is None and settings.console:
        from bencher_core.server.console import console_router

        console = console_router()
    if console is not None:
        app.include_router(console)
    _configure_logging()
    return app


def _configure_logging() -> None:
    """Give bencher_core's loggers a handler when nobody else (uvicorn, pytest) set one up."""
    core = logging.getLogger("bencher_core")
    if not core.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        core.addHandler(handler)
        core.setLevel(logging.INFO)


def app_from_env() -> FastAPI:
    """The app as every uvicorn worker builds it (``--factory``), from ``BENCHER_SERVER_*``.

    A worker then imports what a run needs and freezes the garbage collector's view of
    everything allocated so far (``gc.freeze``): a full collection otherwise walks every object
    of FastAPI, pydantic and numpy, 50-90 ms on the 2-core development machine, and that pause
    lands on whichever run is in flight (the p99 of ``benchmarks/bench_server.py``).
    """
    app = create_app(ServerSettings.from_env())
    warm_and_freeze()
    return app


def warm_and_freeze() -> None:
    """Import the run path now (not on the first run) and move what exists into the
    collector's permanent generation, which later collections skip."""
    import gc

    import bencher_core.adapters
    import bencher_core.service.ingest
    import bencher_core.service.report_json
    import bencher_core.thresholds

    bencher_core.adapters.adapter_slugs()  # fills the adapter registry
    del bencher_core
    gc.collect()
    gc.freeze()
