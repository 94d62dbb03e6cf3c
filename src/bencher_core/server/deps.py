"""Dependencies every route shares: the store connection, who is asking, the project they may
read or write, pagination. One auth dependency decides for the API and the pages alike.

The caller is identified by ``Authorization: Bearer <token>``; the web console's session
carries the token in the ``bencher_token`` cookie (SameSite=Strict, HttpOnly). A cookie alone
authorises only safe methods: a change made with it must also send the session's CSRF token
(:func:`csrf_token`, which the console's pages carry) in the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bencher_core.errors import NotFoundError, PermissionDenied
from bencher_core.server.config import ServerSettings
from bencher_core.server.pool import DatabasePool
from bencher_core.service.auth import (
    AuthenticationError,
    Principal,
    authenticate,
    can_read,
    can_write,
)
from bencher_core.service.group_commit import GroupCommit
from bencher_core.service.history_cache import HistoryCache
from bencher_core.service.project_admin import ProjectInfo, project_info
from bencher_core.service.projects import find_project
from bencher_core.store.db import Database

__all__ = [
    "CSRF_HEADER",
    "MAX_PER_PAGE",
    "TOKEN_COOKIE",
    "AdminDep",
    "DbDep",
    "GroupDep",
    "HistoryDep",
    "Page",
    "PageDep",
    "PrincipalDep",
    "ReadProject",
    "SettingsDep",
    "UserDep",
    "WriteProject",
    "csrf_token",
    "get_db",
    "get_principal",
    "set_total",
]

TOKEN_COOKIE = "bencher_token"  # noqa: S105 - a cookie name, not a secret
CSRF_HEADER = "X-CSRF-Token"
MAX_PER_PAGE = 255

_bearer = HTTPBearer(auto_error=False, description="an API token: `bencher token create`")


async def get_settings(request: Request) -> ServerSettings:
    # Dependencies that do no I/O are coroutines: FastAPI runs a plain function in a worker
    # thread, a hop (and a wait for the GIL) per dependency per request.
    settings: ServerSettings = request.app.state.settings
    return settings


async def get_group(request: Request) -> GroupCommit | None:
    """This worker's group commit for runs (SQLite stores), or None."""
    group: GroupCommit | None = request.app.state.group
    return group


async def get_history(request: Request) -> HistoryCache:
    """This worker's history windows, shared by its requests (see ``service.history_cache``)."""
    history: HistoryCache = request.app.state.history
    return history


def get_db(request: Request) -> Iterator[Database]:
    """A store connection for the duration of the request."""
    pool: DatabasePool = request.app.state.pool
    with pool.connection() as db:
        yield db


def csrf_token(token: str) -> str:
    """The CSRF token of a console session: a keyed hash of its API token, so only a page
    served to that session can know it (the cookie itself is unreadable to scripts)."""
    return hmac.new(token.encode("utf-8"), b"bencher-console-csrf", hashlib.sha256).hexdigest()


SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
HistoryDep = Annotated[HistoryCache, Depends(get_history)]
GroupDep = Annotated[GroupCommit | None, Depends(get_group)]


def get_principal(
    request: Request,
    db: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The authenticated user, or None for an anonymous request.

    Raises:
        AuthenticationError: a token was sent but is malformed, unknown, revoked or expired.
    """
    token: str | None = None
    if credentials is not None:
        token = credentials.credentials.strip()
    elif request.headers.get("authorization") is not None:
        raise AuthenticationError("the Authorization header must be 'Bearer <API token>'")
    elif request.method in ("GET", "HEAD"):
        token = request.cookies.get(TOKEN_COOKIE)
    elif request.cookies.get(TOKEN_COOKIE):
        token = request.cookies[TOKEN_COOKIE]
        sent = request.headers.get(CSRF_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(sent, csrf_token(token).encode("ascii")):
            raise PermissionDenied(
                f"a change made with the console session needs its {CSRF_HEADER} header"
            )
    if not token:
        return None
    return authenticate(db, token)


PrincipalDep = Annotated[Principal | None, Depends(get_principal)]


async def require_user(principal: PrincipalDep) -> Principal:
    """The authenticated user; anonymous requests are refused (401)."""
    if principal is None:
        raise AuthenticationError("this needs an API token: send 'Authorization: Bearer <token>'")
    return principal


UserDep = Annotated[Principal, Depends(require_user)]


async def require_admin(principal: UserDep) -> Principal:
    """An admin user (403 for anyone else)."""
    if not principal.admin:
        raise PermissionDenied(f"user {principal.user.name!r} is not a server admin")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]

ProjectParam = Annotated[
    str, Path(description="project UUID, slug or name", min_length=1, max_length=64)
]


def _project(db: Database, ident: str, principal: Principal | None) -> ProjectInfo:
    found = find_project(db, ident)
    if (found is None or not can_read(principal, found)) and principal is not None:
        # Names are unique per organization only: prefer the caller's own organizations'.
        for org in sorted(principal.roles):
            found = find_project(db, ident, organization_id=org)
            if found is not None:
                break
    if found is None or not can_read(principal, found):
        raise NotFoundError(f"project {ident!r} not found")
    return project_info(db, found.id)


def readable_project(project: ProjectParam, db: DbDep, principal: PrincipalDep) -> ProjectInfo:
    """The project in the path if the caller may read it; otherwise it does not exist (404)."""
    return _project(db, project, principal)


def writable_project(project: ProjectParam, db: DbDep, principal: PrincipalDep) -> ProjectInfo:
    """The project in the path if the caller may write it (401 anonymous, 403 others)."""
    info = _project(db, project, principal)
    if not can_write(principal, info.row()):
        if principal is None:
            raise AuthenticationError(
                "writing needs an API token: send 'Authorization: Bearer <token>'"
            )
        raise PermissionDenied(f"user {principal.user.name!r} may not change project {info.slug!r}")
    return info


ReadProject = Annotated[ProjectInfo, Depends(readable_project)]
WriteProject = Annotated[ProjectInfo, Depends(writable_project)]


@dataclass(frozen=True)
class Page:
    """Which page of a list: ``per_page`` items (1..255, default 8), ``page`` from 1."""

    per_page: int
    page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


async def pagination(
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="items per page")] = 8,
    page: Annotated[int, Query(ge=1, le=2**31 - 1, description="page number, from 1")] = 1,
) -> Page:
    return Page(per_page, page)


PageDep = Annotated[Page, Depends(pagination)]


def set_total(response: Response, total: int) -> None:
    """Report the size of the whole list in ``X-Total-Count``."""
    response.headers["X-Total-Count"] = str(total)
