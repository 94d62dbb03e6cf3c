"""Projects, branches, testbeds, benchmarks and measures: create, list, get, patch, delete."""

from __future__ import annotations

import pytest
from dirty_equals import IsDatetime, IsUUID
from tests.server.conftest import Server, run_body

KINDS = [
    pytest.param("branches", {"name": "Feature X"}, "feature-x", id="branches"),
    pytest.param("testbeds", {"name": "Ubuntu 24.04"}, "ubuntu-24-04", id="testbeds"),
    pytest.param("benchmarks", {"name": "parse[json, 1 KiB]"}, "parse-json-1-kib", id="benchmarks"),
    pytest.param("measures", {"name": "Peak RSS", "units": "bytes (B)"}, "peak-rss", id="measures"),
]


@pytest.fixture
def proj(server: Server) -> Server:
    assert server.client().post("/v0/run", json=run_body({"seed": 1.0})).status_code == 201
    return server


@pytest.mark.parametrize(("kind", "body", "slug"), KINDS)
def test_resource_lifecycle(proj: Server, kind: str, body: dict[str, str], slug: str) -> None:
    c = proj.client()
    base = f"/v0/projects/proj/{kind}"

    created = c.post(base, json=body)
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["name"], item["slug"], item["uuid"], item["created"]) == (
        body["name"],
        slug,
        IsUUID,
        IsDatetime(iso_string=True),
    )
    for ident in (item["uuid"], slug, body["name"]):
        got = c.get(f"{base}/{ident}")
        assert (got.status_code, got.json()["uuid"]) == (200, item["uuid"]), ident
    assert c.post(base, json=body).status_code == 409

    renamed = c.patch(f"{base}/{slug}", json={"name": body["name"] + " v2", "slug": "renamed"})
    assert (renamed.status_code, renamed.json()["name"], renamed.json()["slug"]) == (
        200,
        body["name"] + " v2",
        "renamed",
    )
    archived = c.patch(f"{base}/renamed", json={"archived": True})
    assert archived.json()["archived"] == IsDatetime(iso_string=True)
    assert "renamed" not in [r["slug"] for r in c.get(base).json()]
    assert [r["slug"] for r in c.get(base, params={"archived": "true"}).json()] == ["renamed"]

    assert c.delete(f"{base}/renamed").status_code == 204
    assert c.get(f"{base}/renamed").status_code == 404


def test_lists_paginate_with_a_total(proj: Server) -> None:
    c = proj.client()
    for i in range(5):
        c.post("/v0/projects/proj/testbeds", json={"name": f"tb-{i}"})

    first = c.get("/v0/projects/proj/testbeds", params={"per_page": 2, "page": 1})
    third = c.get("/v0/projects/proj/testbeds", params={"per_page": 2, "page": 3})

    assert first.headers["X-Total-Count"] == "6"  # tb (from the run) and tb-0..tb-4
    assert [t["name"] for t in first.json()] == ["tb", "tb-0"]
    assert [t["name"] for t in third.json()] == ["tb-3", "tb-4"]
    assert (
        c.get("/v0/projects/proj/testbeds", params={"search": "tb-4"}).json()[0]["name"] == "tb-4"
    )


def test_a_branch_created_from_a_start_point_inherits_its_history(proj: Server) -> None:
    c = proj.client()
    for i in range(3):
        c.post("/v0/run", json=run_body({"seed": 1.0}, hash=f"{i:040x}"))

    r = c.post(
        "/v0/projects/proj/branches",
        json={"name": "pr-1", "start_point": {"branch": "main", "clone_thresholds": True}},
    )

    assert r.status_code == 201, r.text
    head = r.json()["head"]
    assert head["start_point"] == {"branch": "main", "version": {"number": 3, "hash": f"{2:040x}"}}
    assert (
        c.get("/v0/projects/proj/thresholds", params={"branch": "pr-1"}).headers["X-Total-Count"]
        == "1"
    )


def test_a_measure_keeps_its_units_and_direction(proj: Server) -> None:
    c = proj.client()
    r = c.post(
        "/v0/projects/proj/measures",
        json={"name": "Requests", "units": "req/s", "higher_is_better": True},
    )
    latency = c.get("/v0/projects/proj/measures/latency").json()

    assert (r.json()["units"], r.json()["higher_is_better"]) == ("req/s", True)
    assert (latency["units"], latency["higher_is_better"]) == ("nanoseconds (ns)", False)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"name": ""}, 422, id="empty-name"),
        pytest.param({"name": "x" * 65}, 422, id="long-name"),
        pytest.param({"name": "ok", "slug": "Not A Slug"}, 422, id="bad-slug"),
        pytest.param({"name": "ok", "extra": 1}, 422, id="unknown-field"),
        pytest.param({"name": "tb"}, 409, id="taken-name"),
        pytest.param({"name": "other", "slug": "tb"}, 409, id="taken-slug"),
    ],
)
def test_bad_resources_are_refused(
    sqlite_server: Server, body: dict[str, object], status: int
) -> None:
    c = sqlite_server.client()
    c.post("/v0/run", json=run_body({"seed": 1.0}))

    assert c.post("/v0/projects/proj/testbeds", json=body).status_code == status


def test_project_lifecycle(server: Server) -> None:
    c = server.client("member")

    created = c.post("/v0/projects", json={"name": "My Lib", "url": "https://example.com"})
    assert (created.status_code, created.json()["slug"], created.json()["visibility"]) == (
        201,
        "my-lib",
        "private",
    )
    assert c.post("/v0/organizations/acme/projects", json={"name": "My Lib"}).status_code == 409
    assert c.post("/v0/projects", json={"name": "Other", "slug": "my-lib"}).status_code == 409

    patched = c.patch("/v0/projects/my-lib", json={"name": "My Library", "visibility": "public"})
    assert (patched.json()["name"], patched.json()["visibility"]) == ("My Library", "public")
    assert c.get("/v0/projects/My Library").json()["uuid"] == created.json()["uuid"]

    c.post("/v0/run", json=run_body({"a": 1.0}, project="my-lib"))
    assert c.delete("/v0/projects/my-lib").status_code == 204
    assert c.get("/v0/projects/my-lib").status_code == 404
    assert c.get("/v0/projects").json() == []


def test_deleting_a_branch_deletes_its_reports(proj: Server) -> None:
    c = proj.client()
    c.post("/v0/run", json=run_body({"a": 1.0}, branch="tmp"))
    assert c.get("/v0/projects/proj/reports").headers["X-Total-Count"] == "2"

    assert c.delete("/v0/projects/proj/branches/tmp").status_code == 204

    assert c.get("/v0/projects/proj/reports").headers["X-Total-Count"] == "1"
