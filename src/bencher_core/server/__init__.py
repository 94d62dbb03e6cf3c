"""The reference server: Bencher's REST API over the ingest service (needs the ``server`` extra).

``create_app(settings)`` builds the FastAPI app; ``bencher server`` runs it under uvicorn.
Nothing is imported or opened until first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ServerSettings", "create_app"]

if TYPE_CHECKING:
    from bencher_core.server.app import create_app
    from bencher_core.server.config import ServerSettings


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from bencher_core.server.app import create_app

        return create_app
    if name == "ServerSettings":
        from bencher_core.server.config import ServerSettings

        return ServerSettings
    raise AttributeError(name)
