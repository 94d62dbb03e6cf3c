"""The server's own settings: where its store is, how large a body may be, and the visibility
of projects created on the fly.

They come from keyword arguments or ``BENCHER_SERVER_*`` environment variables. The
``bencher server`` command exports them before uvicorn starts, so every worker process builds
the same app (``app_from_env``). ``BENCHER_HOST`` is never read here: it is the URL clients use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from bencher_core.errors import ConfigError

__all__ = ["DEFAULT_DATA_DIR", "DEFAULT_MAX_BODY", "ENV_VARS", "ServerSettings"]

DEFAULT_DATA_DIR = "bencher-data"
#: Bencher's default request body limit (4 MiB).
DEFAULT_MAX_BODY = 4 * 1024 * 1024

#: field -> environment variable.
ENV_VARS = {
    "db": "BENCHER_SERVER_DB",
    "max_body_bytes": "BENCHER_SERVER_MAX_BODY",
    "new_project_visibility": "BENCHER_SERVER_PROJECT_VISIBILITY",
    "pool_size": "BENCHER_SERVER_POOL_SIZE",
    "console": "BENCHER_SERVER_CONSOLE",
}

_FALSE = ("0", "false", "no", "off")
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class ServerSettings:
    """Settings of one server (every worker process gets the same).

    Args:
        db: store URL or SQLite path (default ``bencher-data/bencher.db``).
        max_body_bytes: larger request bodies are refused with 413.
        new_project_visibility: ``private`` (default) or ``public`` for projects a run creates.
        pool_size: idle store connections kept per worker process.
        console: serve the web console under ``/console`` (default true).
    """

    db: str = str(Path(DEFAULT_DATA_DIR) / "bencher.db")
    max_body_bytes: int = DEFAULT_MAX_BODY
    new_project_visibility: str = "private"
    pool_size: int = 8
    console: bool = True

    def __post_init__(self) -> None:
        if self.new_project_visibility not in ("public", "private"):
            raise ConfigError(
                ENV_VARS["new_project_visibility"],
                self.new_project_visibility,
                "expected public or private",
            )
        if self.max_body_bytes < 1024:
            raise ConfigError(
                ENV_VARS["max_body_bytes"], self.max_body_bytes, "must be at least 1024 bytes"
            )
        if self.pool_size < 1:
            raise ConfigError(ENV_VARS["pool_size"], self.pool_size, "must be at least 1")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> ServerSettings:
        """Settings from ``overrides`` (None values ignored) > ``BENCHER_SERVER_*`` > defaults.

        Raises:
            ConfigError: naming the variable and its bad value.
        """
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            var = ENV_VARS[f.name]
            raw = overrides.get(f.name)
            if raw is None and env.get(var):
                raw = env[var]
            if raw is None:
                continue
            if f.name in ("max_body_bytes", "pool_size"):
                try:
                    raw = int(str(raw))
                except ValueError as e:
                    raise ConfigError(var, raw, "expected a whole number") from e
            if f.name == "console" and not isinstance(raw, bool):
                word = str(raw).strip().lower()
                if word not in _FALSE + _TRUE:
                    raise ConfigError(var, raw, "expected true or false")
                raw = word in _TRUE
            values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The environment variables that rebuild these settings in a worker process."""
        return {ENV_VARS[f.name]: str(getattr(self, f.name)) for f in fields(self)}
