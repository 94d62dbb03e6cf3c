"""The committed OpenAPI document (``openapi.json`` at the repository root).

Regenerate after changing a route::

    python -m bencher_core.server.openapi > openapi.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["openapi_document", "openapi_text"]


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document, built from a throwaway store."""
    from bencher_core.server.app import create_app
    from bencher_core.server.config import ServerSettings
    from bencher_core.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "openapi.db")
        open_database(db_path).close()
        app = create_app(ServerSettings(db=db_path))
        return app.openapi()


def openapi_text() -> str:
    """The document as committed: indented, keys in order, trailing newline."""
    return json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover - a developer tool
    sys.stdout.write(openapi_text())
