"""Who is looking at a console page, and what a page does when something is wrong.

The console decides access with the API's own dependency (:func:`deps.get_principal`: a Bearer
token or the session cookie) and the API's project rules (:func:`deps.readable_project`). What
differs is the answer: pages get HTML, and an anonymous visitor who asks for a project they
cannot see (private, or not there — the two look alike) is sent to the sign-in page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import RedirectResponse, Response

from bencher_core.errors import BencherError, NotFoundError
from bencher_core.server.deps import (
    TOKEN_COOKIE,
    DbDep,
    PrincipalDep,
    csrf_token,
    readable_project,
)
from bencher_core.server.errors import status_for
from bencher_core.service.auth import AuthenticationError, Principal, can_write
from bencher_core.service.project_admin import ProjectInfo

__all__ = [
    "CONSOLE",
    "ConsoleProject",
    "ConsoleRoute",
    "SignInNeeded",
    "Viewer",
    "ViewerDep",
    "signin_redirect",
]

log = logging.getLogger(__name__)

CONSOLE = "/console"


class SignInNeeded(BencherError):
    """The page needs a signed-in user (the visitor is anonymous or their session ended)."""


@dataclass(frozen=True)
class Viewer:
    """The person looking at a page, and the CSRF token their changes must carry."""

    principal: Principal | None
    csrf: str | None = None

    @property
    def name(self) -> str | None:
        return None if self.principal is None else self.principal.user.name

    def may_write(self, project: ProjectInfo) -> bool:
        """Whether the page should offer changes (a cookie session that may write here)."""
        return self.csrf is not None and can_write(self.principal, project.row())


def get_viewer(request: Request, principal: PrincipalDep) -> Viewer:
    """The viewer; the CSRF token exists only for a cookie session."""
    token = request.cookies.get(TOKEN_COOKIE)
    has_bearer = request.headers.get("authorization") is not None
    csrf = csrf_token(token) if principal is not None and token and not has_bearer else None
    return Viewer(principal, csrf)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]

ProjectParam = Annotated[str, Path(min_length=1, max_length=64)]


def console_project(project: ProjectParam, db: DbDep, viewer: ViewerDep) -> ProjectInfo:
    """The project in the path if the viewer may read it.

    Raises:
        SignInNeeded: an anonymous visitor asked for a project they cannot see.
        NotFoundError: a signed-in user asked for a project they cannot see.
    """
    try:
        return readable_project(project, db, viewer.principal)
    except NotFoundError as e:
        if viewer.principal is None:
            raise SignInNeeded(f"project {project!r} is private or does not exist") from e
        raise


ConsoleProject = Annotated[ProjectInfo, Depends(console_project)]


def signin_redirect(request: Request, *, clear: bool = False) -> RedirectResponse:
    """Send the visitor to the sign-in page, which brings them back here afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = f"{CONSOLE}/signin?next={quote(here, safe='')}"
    response = RedirectResponse(target, status_code=303)
    if clear:
        response.delete_cookie(TOKEN_COOKIE, path="/")
    return response


def _error_page(status: int, message: str) -> Response:
    from bencher_core.server.console.render import render_page

    context = {"viewer": Viewer(None), "project": None, "nav": "", "status": status}
    return render_page("error.html", {**context, "message": message}, status=status)


class ConsoleRoute(APIRoute):
    """A page route: errors become HTML pages (or a trip to the sign-in page), not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInNeeded:
                return signin_redirect(request)
            except AuthenticationError:
                return signin_redirect(request, clear=TOKEN_COOKIE in request.cookies)
            except RequestValidationError as e:
                first = e.errors()[0] if e.errors() else {}
                where = ".".join(str(p) for p in first.get("loc", ()))
                return _error_page(400, f"{where}: {first.get('msg', 'invalid')}")
            except BencherError as e:
                status = status_for(e)
                if status >= 500:
                    log.warning("%s %s: %s", request.method, request.url.path, e)
                return _error_page(status, str(e))

        return page_handler
