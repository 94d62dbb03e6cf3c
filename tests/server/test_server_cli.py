"""``bencher token``, ``bencher db upgrade``, ``bencher sync``/``push`` refusals (in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bencher_core.cli._app import run_cli
from bencher_core.errors import PermissionDenied
from bencher_core.service.auth import authenticate
from bencher_core.store.db import current_revision, open_database
from bencher_core.store.tables_meta import SCHEMA_REVISION


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in (
        "BENCHER_HOST",
        "BENCHER_API_TOKEN",
        "BENCHER_DB",
        "BENCHER_SERVER_DB",
        "BENCHER_PROJECT",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def test_token_create_list_revoke(
    populated_sqlite: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(populated_sqlite)

    assert (
        run_cli(
            ["token", "create", "--user", "carol", "--org", "acme", "--name", "laptop", "--db", db]
        )
        == 0
    )
    created = capsys.readouterr()
    token = created.out.strip()
    with open_database(db) as store:
        principal = authenticate(store, token)
    assert (principal.user.name, sorted(principal.roles.values())) == ("carol", ["member"])
    assert "shown only this once" in created.err

    assert run_cli(["token", "list", "--user", "carol", "--db", db]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2
    uuid = listed[1].split()[0]
    assert listed[1].split()[1:3] == ["carol", "laptop"]

    assert run_cli(["token", "revoke", uuid, "--db", db]) == 0
    assert capsys.readouterr().out == f"revoked token {uuid} of user 'carol'\n"
    with open_database(db) as store, pytest.raises(PermissionDenied, match="revoked"):
        authenticate(store, token)


def test_a_new_user_gets_an_organization_of_their_own(
    populated_sqlite: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["token", "create", "--user", "dave", "--db", str(populated_sqlite)]) == 0
    with open_database(str(populated_sqlite)) as store:
        principal = authenticate(store, capsys.readouterr().out.strip())

    assert list(principal.roles.values()) == ["leader"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["token", "create", "--user", "x", "--db", "missing.db"],
            "no server store at",
            id="no-store",
        ),
        pytest.param(
            ["token", "revoke", "00000000-0000-0000-0000-000000000000", "--db", "{db}"],
            "not found",
            id="unknown-token",
        ),
        pytest.param(
            ["token", "list", "--user", "ghost", "--db", "{db}"],
            "user 'ghost' not found",
            id="unknown-user",
        ),
        pytest.param(["push"], "push needs a server", id="push-without-host"),
    ],
)
def test_cli_refusals_name_what_is_wrong(
    populated_sqlite: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code = run_cli([a.replace("{db}", str(populated_sqlite)) for a in argv])

    assert code == 2
    assert message in capsys.readouterr().err


def test_db_upgrade_creates_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new" / "bencher.db"

    assert run_cli(["db", "upgrade", "--db", str(path)]) == 0

    assert (
        capsys.readouterr().out
        == f"store sqlite:///{path} is at schema revision {SCHEMA_REVISION}\n"
    )
    with open_database(str(path), migrate_schema=False) as store:
        assert current_revision(store) == SCHEMA_REVISION


def test_sync_with_an_empty_spool(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')

    assert run_cli(["sync", "--host", "http://127.0.0.1:9"]) == 0
    assert capsys.readouterr().out == f"nothing to sync in {tmp_path / '.bencher' / 'spool'}\n"
