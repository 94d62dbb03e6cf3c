"""The one exception tree of bencher_core.

Every error a user can cause is a :class:`BencherError` with a one-line message that names
what was wrong (the flag, the config key and value, the adapter and line, the store URL)::

    BencherError
    ├── UsageError            a bad command-line option or argument (exit status 2)
    ├── ConfigError           a bad configuration key or value (names both)
    ├── InvalidInputError     input that breaks the data model (names, NaN, bounds…)
    │   └── AdapterError      harness output in an adapter's format but broken (adapter, file, line)
    ├── StoreError            the store cannot be opened, migrated or written
    ├── NotFoundError         a project, branch, benchmark, report… that does not exist
    ├── ConflictError         a write that collides with existing state
    ├── PermissionDenied      the caller may not do this
    └── ClientError           talking to a server failed
        ├── ServerUnreachable the server did not answer within the retry budget (the run is spooled)
        └── ApiError          the server answered with an error status
"""

from __future__ import annotations

__all__ = [
    "AdapterError",
    "ApiError",
    "BencherError",
    "ClientError",
    "ConfigError",
    "ConflictError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDenied",
    "ServerUnreachable",
    "StoreError",
    "UsageError",
]


class BencherError(Exception):
    """Root of every error raised on purpose by bencher_core."""


class UsageError(BencherError):
    """A command-line option or argument is wrong."""


class ConfigError(BencherError):
    """A configuration key has a bad value.

    Args:
        key: the configuration key (``tool.bencher.threshold`` or ``BENCHER_DB``).
        value: the offending value.
        reason: why it is wrong.
    """

    def __init__(self, key: str, value: object, reason: str) -> None:
        self.key = key
        self.value = value
        self.reason = reason
        super().__init__(f"invalid configuration {key} = {value!r}: {reason}")


class InvalidInputError(BencherError):
    """Submitted data breaks the data model (a name too long, a NaN value, bad bounds)."""


class AdapterError(InvalidInputError):
    """Harness output that is in an adapter's format but cannot be parsed.

    Args:
        adapter: the adapter slug.
        message: what is wrong.
        line: 1-based line number in the input, if known.
        source: the file name or ``results[i]`` the input came from, if known.
    """

    def __init__(
        self, adapter: str, message: str, *, line: int | None = None, source: str | None = None
    ) -> None:
        self.adapter = adapter
        self.line = line
        self.source = source
        self.detail = message
        where = source or "input"
        if line is not None:
            where += f", line {line}"
        super().__init__(f"adapter {adapter}: {where}: {message}")

    def with_source(self, source: str) -> AdapterError:
        """Return the same error naming the file (or run iteration) it came from."""
        return AdapterError(self.adapter, self.detail, line=self.line, source=source)


class StoreError(BencherError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(BencherError):
    """A named resource does not exist (or is not visible to the caller)."""


class ConflictError(BencherError):
    """A write collides with existing state."""


class PermissionDenied(BencherError):
    """The caller is not allowed to do this."""


class ClientError(BencherError):
    """Talking to a server failed."""


class ServerUnreachable(ClientError):
    """The server did not answer within the retry budget.

    Attributes:
        spooled: the spool file the run was written to, if any.
    """

    def __init__(self, message: str, *, spooled: str | None = None) -> None:
        self.spooled = spooled
        super().__init__(message)


class ApiError(ClientError):
    """The server answered with an error status."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(f"server answered {status}: {message}")
