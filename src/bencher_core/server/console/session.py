"""Signing in and out of the console.

Signing in checks an API token (``bencher token create``) and keeps it in the ``bencher_token``
cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites cannot make the browser
send it), Secure over HTTPS. Every change made with that session carries the session's CSRF
token (see :func:`bencher_core.server.deps.csrf_token`); signing out does too.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from bencher_core.errors import PermissionDenied
from bencher_core.server.console.access import CONSOLE, ConsoleRoute, Viewer, ViewerDep
from bencher_core.server.console.render import render_page
from bencher_core.server.deps import TOKEN_COOKIE, DbDep, csrf_token
from bencher_core.service.auth import AuthenticationError, authenticate

__all__ = ["read_form", "router", "safe_next"]

router = APIRouter(prefix=CONSOLE, route_class=ConsoleRoute, include_in_schema=False)

HOME = f"{CONSOLE}/projects"
NextParam = Annotated[str | None, Query(alias="next", max_length=2048)]


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a console path on this server, else the project list."""
    if not target or not target.startswith(f"{CONSOLE}/") or "\\" in target:
        return HOME
    return target


async def read_form(request: Request) -> dict[str, str]:
    """The fields of an ``application/x-www-form-urlencoded`` body (first value of each)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields = parse_qs(body, keep_blank_values=True, max_num_fields=16)
    return {k: v[0] for k, v in fields.items()}


def _cross_site(request: Request) -> bool:
    """A form posted from another site (browsers say so in ``Sec-Fetch-Site``)."""
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def _signin_page(viewer: Viewer, next_url: str, message: str | None, status: int) -> Response:
    context = {"viewer": viewer, "project": None, "nav": "signin", "next": next_url}
    return render_page("signin.html", {**context, "message": message}, status=status)


@router.get("/signin", name="console_signin")
def signin_page(viewer: ViewerDep, next_url: NextParam = None) -> Response:
    """The sign-in form."""
    return _signin_page(viewer, safe_next(next_url), None, 200)


@router.post("/signin", name="console_signin_post")
async def signin(request: Request, db: DbDep) -> Response:
    """Check the token and start the cookie session; back to where the visitor was going."""
    if _cross_site(request):
        raise PermissionDenied("signing in must happen on this server's own sign-in page")
    form = await read_form(request)
    next_url = safe_next(form.get("next"))
    token = form.get("token", "").strip()
    anonymous = Viewer(None)
    if not token:
        return _signin_page(anonymous, next_url, "Paste an API token to sign in.", 400)
    try:
        authenticate(db, token)
    except AuthenticationError as e:
        return _signin_page(anonymous, next_url, str(e), 401)
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/signout", name="console_signout")
async def signout(request: Request) -> Response:
    """End the cookie session (the form must carry the session's CSRF token)."""
    form = await read_form(request)
    token = request.cookies.get(TOKEN_COOKIE)
    if token:
        sent = form.get("csrf", "").encode("utf-8")
        if not hmac.compare_digest(sent, csrf_token(token).encode("ascii")):
            raise PermissionDenied("signing out needs the page's CSRF token; reload the page")
    response = RedirectResponse(HOME, status_code=303)
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response
