"""``/v0/server``: what this server is."""

from __future__ import annotations

from fastapi import APIRouter

from bencher_core import __version__
from bencher_core.server.schemas import ServerVersion

__all__ = ["router"]

router = APIRouter(prefix="/v0/server", tags=["server"])


@router.get("/version", name="server_version")
def server_version() -> ServerVersion:
    """The server's version."""
    return ServerVersion(version=__version__)
