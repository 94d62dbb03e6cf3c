"""``bencher token create|list|revoke``: a server's API tokens, managed on the server's store.

Run these where the server's store is (``--db``, or ``BENCHER_SERVER_DB``, or the default
``bencher-data/bencher.db``). Tokens are stored as SHA-256 hashes: ``create`` prints the value
once. Over the API, ``POST /v0/users/{user}/tokens`` does the same with an existing token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bencher_core.store.db import Database

__all__ = ["token"]

_DB_HELP = "The server's store (default: bencher-data/bencher.db). [env: BENCHER_SERVER_DB]"


@contextmanager
def _store(db_url: str | None) -> Iterator[Database]:
    from pathlib import Path

    from bencher_core.errors import UsageError
    from bencher_core.server.config import ServerSettings
    from bencher_core.store.db import normalize_url, open_database

    url = normalize_url(ServerSettings.from_env(db=db_url).db)
    if url.startswith("sqlite:///") and not Path(url.split(":///", 1)[1]).exists():
        raise UsageError(f"no server store at {url}: start `bencher server` once, or pass --db")
    with open_database(url) as database:
        yield database


def _when(us: int | None) -> str:
    from bencher_core.service.clock import from_us

    return "-" if us is None else from_us(us).strftime("%Y-%m-%d %H:%M")


@click.group(
    "token",
    short_help="Create, list or revoke a server's API tokens.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
def token() -> None:
    """Manage the API tokens of a server (on the server's store)."""


@token.command("create")
@click.option(
    "--user", required=True, metavar="NAME", help="The token's user (created if missing)."
)
@click.option(
    "--org",
    metavar="NAME",
    help="Give the user a role in this organization (created if missing; "
    "default: an organization named after a new user).",
)
@click.option(
    "--role", type=click.Choice(["member", "leader"]), default="member", show_default=True
)
@click.option("--admin/--no-admin", default=None, help="Make the user a server admin (or not).")
@click.option("--name", "label", default="cli", show_default=True, help="A label for the token.")
@click.option("--ttl", type=click.IntRange(1), metavar="SECONDS", help="Expire after this long.")
@click.option("--db", "db_url", metavar="PATH|URL", envvar="BENCHER_SERVER_DB", help=_DB_HELP)
def create(
    user: str,
    org: str | None,
    role: str,
    admin: bool | None,
    label: str,
    ttl: int | None,
    db_url: str | None,
) -> None:
    """Create a token for USER and print it (the only time it is shown)."""
    from bencher_core.service.auth import (
        create_token,
        ensure_organization,
        ensure_user,
        roles_of,
        set_role,
    )
    from bencher_core.service.clock import now_us

    with _store(db_url) as database, database.transaction():
        row = ensure_user(database, user, admin=admin)
        roles = roles_of(database, row.id)
        if org is not None or not roles:
            organization = ensure_organization(database, org or user)
            set_role(database, organization.id, row.id, role if org is not None else "leader")
        expiration = None if ttl is None else now_us() + ttl * 1_000_000
        created, value = create_token(database, row.id, label, expiration_us=expiration)
    click.echo(f"token {created.uuid} for user {created.user!r} (shown only this once):", err=True)
    click.echo(value)


@token.command("list")
@click.option("--user", metavar="NAME", help="Only this user's tokens.")
@click.option("--db", "db_url", metavar="PATH|URL", envvar="BENCHER_SERVER_DB", help=_DB_HELP)
def list_(user: str | None, db_url: str | None) -> None:
    """List tokens (never their values)."""
    from bencher_core.errors import NotFoundError
    from bencher_core.service.auth import find_user, list_tokens

    with _store(db_url) as database:
        user_id = None
        if user is not None:
            found = find_user(database, user)
            if found is None:
                raise NotFoundError(f"user {user!r} not found")
            user_id = found.id
        rows = list_tokens(database, user_id=user_id)
    click.echo(f"{'uuid':36}  {'user':16}  {'name':20}  {'created':16}  {'expires':16}  revoked")
    for t in rows:
        click.echo(
            f"{t.uuid:36}  {t.user[:16]:16}  {t.name[:20]:20}  {_when(t.created):16}  "
            f"{_when(t.expiration):16}  {_when(t.revoked)}"
        )


@token.command("revoke")
@click.argument("uuid")
@click.option("--db", "db_url", metavar="PATH|URL", envvar="BENCHER_SERVER_DB", help=_DB_HELP)
def revoke(uuid: str, db_url: str | None) -> None:
    """Revoke the token UUID: it stops working at once."""
    from bencher_core.service.auth import revoke_token

    with _store(db_url) as database, database.transaction():
        row = revoke_token(database, uuid)
    click.echo(f"revoked token {row.uuid} of user {row.user!r}")
