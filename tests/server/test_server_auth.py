"""The authorization matrix: anonymous / member / outsider / admin × public / private × read /
write.

Anonymous clients read public projects and nothing else; writes need a token with a role on the
project's organization (or an admin); a private project does not exist for anyone else (404).
"""

from __future__ import annotations

import itertools

import pytest
from tests.server.conftest import Server, run_body

from bencher_core.server.deps import csrf_token

WHO = ("anonymous", "member", "outsider", "admin")
VISIBILITY = ("public", "private")

#: (who, visibility) -> expected status of a read, of a write, of a run.
EXPECTED = {
    ("anonymous", "public"): (200, 401, 401),
    ("anonymous", "private"): (404, 404, 401),
    ("member", "public"): (200, 201, 201),
    ("member", "private"): (200, 201, 201),
    ("outsider", "public"): (200, 403, 403),
    ("outsider", "private"): (404, 404, 404),
    ("admin", "public"): (200, 201, 201),
    ("admin", "private"): (200, 201, 201),
}


@pytest.fixture
def projects(sqlite_server: Server) -> Server:
    """Projects ``pub`` and ``priv`` of organization acme."""
    member = sqlite_server.client("member")
    for slug, visibility in (("pub", "public"), ("priv", "private")):
        r = member.post("/v0/projects", json={"name": slug, "visibility": visibility})
        assert r.status_code == 201, r.text
    return sqlite_server


@pytest.mark.parametrize(("who", "visibility"), list(itertools.product(WHO, VISIBILITY)))
def test_authorization_matrix(projects: Server, who: str, visibility: str) -> None:
    slug = "pub" if visibility == "public" else "priv"
    c = projects.client(who)
    read, write, run = EXPECTED[(who, visibility)]

    reads = [
        c.get(f"/v0/projects/{slug}").status_code,
        c.get(f"/v0/projects/{slug}/branches").status_code,
        c.get(f"/v0/projects/{slug}/reports").status_code,
    ]
    writes = [
        c.post(f"/v0/projects/{slug}/testbeds", json={"name": f"tb-{who}"}).status_code,
        c.post("/v0/run", json=run_body({"a": 1.0}, project=slug)).status_code,
    ]

    assert (reads, writes) == ([read] * 3, [write, run])


@pytest.mark.parametrize(
    ("who", "listed"),
    [
        ("anonymous", ["pub"]),
        ("outsider", ["pub"]),
        ("member", ["priv", "pub"]),
        ("admin", ["priv", "pub"]),
    ],
)
def test_project_list_shows_what_the_caller_may_read(
    projects: Server, who: str, listed: list[str]
) -> None:
    r = projects.client(who).get("/v0/projects")

    assert [p["slug"] for p in r.json()] == listed
    assert r.headers["X-Total-Count"] == str(len(listed))


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("outsider", 404), ("member", 200), ("leader", 200), ("admin", 200)],
)
def test_making_a_project_public_opens_it(projects: Server, who: str, status: int) -> None:
    assert projects.client(who).get("/v0/projects/priv").status_code == status
    assert (
        projects.client("member")
        .patch("/v0/projects/priv", json={"visibility": "public"})
        .status_code
        == 200
    )

    assert projects.client(who).get("/v0/projects/priv").status_code == 200


def test_outsider_cannot_change_a_public_project_or_its_alerts(projects: Server) -> None:
    outsider = projects.client("outsider")

    assert outsider.patch("/v0/projects/pub", json={"name": "taken"}).status_code == 403
    assert outsider.delete("/v0/projects/pub").status_code == 403
    assert (
        outsider.post(
            "/v0/projects/pub/accept", json={"branch": "main", "testbed": "tb", "benchmarks": ["*"]}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("leader", 200), ("outsider", 404), ("admin", 200)]
)
def test_only_leaders_and_admins_manage_members(
    sqlite_server: Server, who: str, status: int
) -> None:
    r = sqlite_server.client(who).post(
        "/v0/organizations/acme/members", json={"user": "outsider", "role": "member"}
    )

    assert r.status_code == status, r.text


def test_a_new_member_sees_the_private_projects(projects: Server) -> None:
    assert projects.client("outsider").get("/v0/projects/priv").status_code == 404
    projects.client("leader").post(
        "/v0/organizations/acme/members", json={"user": "outsider", "role": "member"}
    )

    assert projects.client("outsider").get("/v0/projects/priv").status_code == 200


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("member", 403), ("admin", 201)])
def test_only_admins_create_users_and_organizations(
    sqlite_server: Server, who: str, status: int
) -> None:
    c = sqlite_server.client(who)

    assert c.post("/v0/users", json={"name": f"new-{who}"}).status_code == status
    assert c.post("/v0/organizations", json={"name": f"org-{who}"}).status_code == status


def test_users_see_only_their_own_tokens(sqlite_server: Server) -> None:
    member = sqlite_server.client("member")

    assert member.get("/v0/users/member/tokens").status_code == 200
    assert member.get("/v0/users/outsider/tokens").status_code == 404
    assert sqlite_server.client().get("/v0/users/outsider/tokens").status_code == 200


def test_the_page_cookie_needs_the_csrf_token_to_write(projects: Server) -> None:
    """Pages carry the token in a cookie; a change made with the cookie must also carry the
    session's CSRF token (the cookie alone is sent by any site's form)."""
    member = "bencher_test-member-token-0123456789"
    c = projects.client("anonymous")
    c.cookies.set("bencher_token", member)

    assert c.get("/v0/projects/priv").status_code == 200
    refused = c.post("/v0/projects/priv/testbeds", json={"name": "x"})
    assert (refused.status_code, "X-CSRF-Token" in refused.json()["message"]) == (403, True)
    allowed = c.post(
        "/v0/projects/priv/testbeds",
        json={"name": "x"},
        headers={"X-CSRF-Token": csrf_token(member)},
    )
    assert allowed.status_code == 201


def test_a_project_name_resolves_to_the_callers_own_organization(sqlite_server: Server) -> None:
    """Names are unique per organization: two organizations may both have "Shared Name"."""
    outsider = sqlite_server.client("outsider").post("/v0/projects", json={"name": "Shared Name"})
    member = sqlite_server.client("member").post(
        "/v0/projects", json={"name": "Shared Name", "slug": "acme-shared"}
    )
    assert (outsider.status_code, member.status_code) == (201, 201)

    assert (
        sqlite_server.client("member").get("/v0/projects/Shared Name").json()["uuid"]
        == member.json()["uuid"]
    )
    assert (
        sqlite_server.client("outsider").get("/v0/projects/Shared Name").json()["uuid"]
        == outsider.json()["uuid"]
    )
