"""The web console: pages the reference server serves under ``/console``.

A project list; each project's dashboard, perf plot, alerts, reports and thresholds; a sign-in
page for private projects. Pages are rendered on the server (Jinja2); the perf plot is drawn in
the browser by BokehJS, served from the installed ``bokeh`` wheel. Nothing is built, and
nothing is fetched from anywhere but the server itself. ``create_app`` includes the console unless
``BENCHER_SERVER_CONSOLE=false``; ``GET /v0/projects/{project}/perf/img`` (:mod:`.img`) is
part of the API and always there.
"""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["console_router"]


def console_router() -> APIRouter:
    """Every console route: pages, sign-in, static files."""
    from bencher_core.server.console import pages, perf_page, session, static

    router = APIRouter()
    for part in (static.router, session.router, pages.router, perf_page.router):
        router.include_router(part)
    return router
