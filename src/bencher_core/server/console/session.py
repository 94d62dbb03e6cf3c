"""Signing in and out of the console.

Signing in checks an API token (``bencher token create``) and keeps it in the ``bencher_token``
cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites cannot make the browser
send it), Secure over HTTPS. Every change made with that session carries the session's CSRF
token (see :func:`bencher_core.server.deps.csrf_token`); signing out does too. Signing in,
which has no session yet, carries the sign-in form's own token instead: a random value the form
holds and the ``bencher_signin`` cookie repeats (a page on another site can know neither), and
browsers that say where a form came from (``Sec-Fetch-Site``) must say it came from here.
"""

from __future__ import annotations

import hmac
import secrets
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
SIGNIN_COOKIE = "bencher_signin"
SIGNIN_PATH = f"{CONSOLE}/signin"
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


def _same(sent: str, expected: str) -> bool:
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))


def _signin_page(viewer: Viewer, next_url: str, message: str | None, status: int) -> Response:
    """The form, with a fresh sign-in token in a hidden field and in a cookie."""
    form_token = secrets.token_urlsafe(32)
    context = {"viewer": viewer, "project": None, "nav": "signin", "next": next_url}
    context |= {"message": message, "form_token": form_token}
    response = render_page("signin.html", context, status=status)
    response.set_cookie(
        SIGNIN_COOKIE, form_token, max_age=3600, httponly=True, samesite="strict", path=SIGNIN_PATH
    )
    return response


@router.get("/signin", name="console_signin")
def signin_page(viewer: ViewerDep, next_url: NextParam = None) -> Response:
    """The sign-in form."""
    return _signin_page(viewer, safe_next(next_url), None, 200)


@router.post("/signin", name="console_signin_post")
async def signin(request: Request, db: DbDep) -> Response:
    """Check the token and start the cookie session; back to where the visitor was going."""
    form = await read_form(request)
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if _cross_site(request) or not expected or not _same(form.get("csrf", ""), expected):
        raise PermissionDenied("signing in must happen on this server's sign-in page; reload it")
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
    response.delete_cookie(SIGNIN_COOKIE, path=SIGNIN_PATH)
    return response


@router.post("/signout", name="console_signout")
async def signout(request: Request) -> Response:
    """End the cookie session (the form must carry the session's CSRF token)."""
    form = await read_form(request)
    token = request.cookies.get(TOKEN_COOKIE)
    if token and not _same(form.get("csrf", ""), csrf_token(token)):
        raise PermissionDenied("signing out needs the page's CSRF token; reload the page")
    response = RedirectResponse(HOME, status_code=303)
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response
