"""The OpenAPI document: committed and current, and no request it allows makes a server error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from tests.server.conftest import Server, run_body
from tests.server.stores import ADMIN_TOKEN

from bencher_core.server.openapi import openapi_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_openapi_document_is_current() -> None:
    committed = (ROOT / "openapi.json").read_text(encoding="utf-8")

    assert committed == openapi_text(), (
        "regenerate: python -m bencher_core.server.openapi > openapi.json"
    )


def test_the_document_lists_the_api() -> None:
    paths = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))["paths"]

    assert {"/v0/run", "/v0/server/version", "/v0/projects/{project}/perf"} <= set(paths)
    assert paths["/v0/run"]["post"]["responses"]["201"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/Report"}


@pytest.fixture
def api_schema(sqlite_server: Server) -> schemathesis.BaseSchema:
    assert sqlite_server.client().post("/v0/run", json=run_body({"a": 1.0})).status_code == 201
    # Fuzzing only (the coverage phase alone would take minutes); a fixed seed keeps it repeatable.
    config = schemathesis.Config.from_dict(
        {"seed": 61016, "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
    )
    return schemathesis.openapi.from_asgi("/openapi.json", sqlite_server.app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, checks=[not_a_server_error]
    )
