"""Schema facts needed without importing SQLAlchemy."""

from __future__ import annotations

__all__ = ["SCHEMA_REVISION"]

#: The Alembic revision the code expects; checked on open without importing Alembic.
SCHEMA_REVISION = "0003_head_revision"
