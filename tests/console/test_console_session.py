"""Signing in and out, the cookie session, and the CSRF token every change must carry."""

from __future__ import annotations

from html import unescape

import pytest
from tests.console.conftest import Console, form_token
from tests.server.stores import token_of

from bencher_core.server.console.session import safe_next
from bencher_core.server.deps import CSRF_HEADER, TOKEN_COOKIE, csrf_token
from bencher_core.store.db import open_database


def test_signing_in_keeps_the_token_in_a_strict_http_only_cookie(reader: Console) -> None:
    c = reader.client()
    csrf = form_token(c)

    r = c.post(
        "/console/signin",
        data={"token": token_of("member"), "next": "/console/projects/priv", "csrf": csrf},
        follow_redirects=False,
    )

    assert (r.status_code, r.headers["location"]) == (303, "/console/projects/priv")
    (cookie,) = [c for c in r.headers.get_list("set-cookie") if c.startswith(f"{TOKEN_COOKIE}=")]
    assert cookie.startswith(f"{TOKEN_COOKIE}={token_of('member')};")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path=/", "samesite=strict"} <= attributes
    assert "secure" not in attributes  # plain http here; https gets Secure
    page = c.get("/console/projects/priv")
    assert page.status_code == 200
    assert "signed in as <b>member</b>" in page.text


@pytest.mark.parametrize(
    ("token", "status", "message"),
    [
        pytest.param("", 400, "Paste an API token to sign in.", id="empty"),
        pytest.param("bencher_not-a-real-token", 401, "token", id="unknown"),
    ],
)
def test_a_bad_token_shows_the_sign_in_page_again(
    reader: Console, token: str, status: int, message: str
) -> None:
    c = reader.client()
    data = {"token": token, "csrf": form_token(c)}

    r = c.post("/console/signin", data=data, follow_redirects=False)

    assert r.status_code == status
    assert message in r.text
    assert not any(h.startswith(TOKEN_COOKIE) for h in r.headers.get_list("set-cookie"))


@pytest.mark.parametrize(
    ("form", "headers"),
    [
        pytest.param("from-the-page", {"Sec-Fetch-Site": "cross-site"}, id="cross-site"),
        pytest.param(None, {}, id="no-form-token"),
        pytest.param("forged", {}, id="forged-form-token"),
    ],
)
def test_signing_in_needs_this_servers_sign_in_form(
    reader: Console, form: str | None, headers: dict[str, str]
) -> None:
    c = reader.client()
    page_token = form_token(c)
    data = {"token": token_of("member")}
    if form is not None:
        data["csrf"] = page_token if form == "from-the-page" else form

    r = c.post("/console/signin", data=data, headers=headers, follow_redirects=False)

    assert r.status_code == 403
    assert "signing in must happen on this server's sign-in page" in unescape(r.text)
    assert not any(h.startswith(TOKEN_COOKIE) for h in r.headers.get_list("set-cookie"))


def test_the_sign_in_form_token_lives_in_a_strict_cookie_of_its_own(reader: Console) -> None:
    r = reader.client().get("/console/signin")

    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("bencher_signin=")
    assert {"httponly", "samesite=strict", "path=/console/signin"} <= {
        part.strip() for part in cookie.split(";")
    }


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/console/projects/priv/alerts?status=all", "/console/projects/priv/alerts?status=all"),
        (None, "/console/projects"),
        ("https://evil.example/console/x", "/console/projects"),
        ("//evil.example/console/", "/console/projects"),
        ("/v0/projects", "/console/projects"),
        ("/console\\@evil.example", "/console/projects"),
    ],
    ids=["console-path", "none", "absolute", "scheme-relative", "api", "backslash"],
)
def test_after_signing_in_the_visitor_only_goes_to_console_pages(
    target: str | None, expected: str
) -> None:
    assert safe_next(target) == expected


def test_the_sign_in_link_brings_the_visitor_back(reader: Console) -> None:
    c = reader.client()
    to_signin = c.get("/console/projects/priv/alerts", follow_redirects=False)
    form = c.get(to_signin.headers["location"])

    assert 'name="next" value="/console/projects/priv/alerts"' in form.text


@pytest.mark.parametrize(
    ("header", "status"),
    [
        pytest.param(None, 403, id="no-csrf-header"),
        pytest.param("0" * 64, 403, id="wrong-csrf-token"),
        pytest.param("é".encode("latin-1"), 403, id="non-ascii-header"),
        pytest.param(csrf_token(token_of("member")), 200, id="the-session-token"),
    ],
)
def test_a_change_made_with_the_cookie_needs_the_csrf_token(
    console: Console, header: str | bytes | None, status: int
) -> None:
    c = console.session("member")
    headers: dict[str, str | bytes] = {} if header is None else {CSRF_HEADER: header}

    r = c.patch(
        f"/v0/projects/pub/alerts/{console.seeded.alert}",
        json={"status": "dismissed"},
        headers=headers,
    )

    assert r.status_code == status, r.text
    seen = console.client("admin").get(f"/v0/projects/pub/alerts/{console.seeded.alert}").json()
    assert seen["status"] == ("dismissed" if status == 200 else "active")
    if status == 403:
        assert r.json()["message"] == (
            f"a change made with the console session needs its {CSRF_HEADER} header"
        )


def test_the_page_carries_the_csrf_token_of_its_session(reader: Console) -> None:
    html = reader.session("member").get("/console/projects/pub/alerts").text

    assert f'<meta name="csrf-token" content="{csrf_token(token_of("member"))}">' in html


def test_the_cookie_alone_never_submits_a_run(reader: Console) -> None:
    c = reader.session("admin")

    r = c.post("/v0/run", json={"project": "pub", "results": ["{}"]})

    assert r.status_code == 403


def test_signing_out_needs_the_csrf_token_and_ends_the_session(reader: Console) -> None:
    c = reader.session("member")

    refused = c.post("/console/signout", data={"csrf": "forged"}, follow_redirects=False)
    still_in = c.get("/console/projects/priv")
    done = c.post(
        "/console/signout",
        data={"csrf": csrf_token(token_of("member"))},
        follow_redirects=False,
    )
    c.cookies.clear()  # what the browser does with the expired cookie
    out = c.get("/console/projects/priv", follow_redirects=False)

    assert refused.status_code == 403
    assert still_in.status_code == 200
    assert done.status_code == 303
    assert done.headers["set-cookie"].startswith(f'{TOKEN_COOKIE}="";')
    assert out.status_code == 303


def test_a_revoked_token_ends_the_session_and_asks_to_sign_in_again(console: Console) -> None:
    c = console.session("member")
    db_url = console.app.state.settings.db
    with open_database(db_url) as db, db.transaction():
        db.execute("UPDATE token SET revoked = 1")

    r = c.get("/console/projects/pub", follow_redirects=False)

    assert r.status_code == 303
    assert r.headers["location"] == "/console/signin?next=%2Fconsole%2Fprojects%2Fpub"
    assert r.headers["set-cookie"].startswith(f'{TOKEN_COOKIE}="";')
