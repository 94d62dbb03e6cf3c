"""The API's routers, one per resource; :func:`api_routers` lists them in the order the app
includes them."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["api_routers"]


def api_routers() -> list[APIRouter]:
    """Every ``/v0`` router."""
    from bencher_core.server.console import img
    from bencher_core.server.routes import (
        alerts,
        organizations,
        perf,
        projects,
        reports,
        resources,
        run,
        server,
        thresholds,
        users,
    )

    return [
        server.router,
        run.router,
        projects.router,
        *resources.routers(),
        thresholds.router,
        reports.router,
        alerts.router,
        perf.router,
        img.router,
        organizations.router,
        users.router,
    ]
