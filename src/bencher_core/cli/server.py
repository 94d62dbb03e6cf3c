"""``bencher server`` (run the reference server) and ``bencher db upgrade`` (migrate a store).

``bencher server`` migrates the store and makes sure an admin token exists *once*, in this
process, then starts uvicorn; every worker builds the app from ``BENCHER_SERVER_*`` (exported
here) and only checks that the schema is current. ``--host`` is the address to bind
(``BENCHER_SERVER_HOST``); ``BENCHER_HOST`` is the URL clients use and is never read here.
"""

from __future__ import annotations

import os

import click

__all__ = ["db", "server"]

DEFAULT_PORT = 61016


def _bootstrap(db_url: str) -> str | None:
    """Migrate the store and ensure an admin token; a newly generated token is returned."""
    from bencher_core.service.auth import bootstrap_admin
    from bencher_core.store.db import open_database

    with open_database(db_url) as database:
        return bootstrap_admin(database, os.environ.get("BENCHER_ADMIN_TOKEN") or None)


@click.command(
    "server",
    short_help="Run the reference server (pip install 'pytest-bencher[server]').",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--host",
    "bind",
    default="127.0.0.1",
    show_default=True,
    envvar="BENCHER_SERVER_HOST",
    help="Address to bind (0.0.0.0 for every interface). [env: BENCHER_SERVER_HOST]",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    envvar="BENCHER_SERVER_PORT",
    help="Port to listen on. [env: BENCHER_SERVER_PORT]",
)
@click.option(
    "--db",
    "db_url",
    metavar="PATH|URL",
    envvar="BENCHER_SERVER_DB",
    help="Store: a SQLite file or postgresql://… (default: bencher-data/bencher.db). "
    "[env: BENCHER_SERVER_DB]",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    envvar="BENCHER_SERVER_WORKERS",
    help="Worker processes (use PostgreSQL for more than one). [env: BENCHER_SERVER_WORKERS]",
)
@click.option(
    "--max-body",
    type=click.IntRange(1024),
    default=None,
    metavar="BYTES",
    help="Largest request body (default 4 MiB). [env: BENCHER_SERVER_MAX_BODY]",
)
@click.option(
    "--new-projects",
    type=click.Choice(["private", "public"]),
    default=None,
    help="Visibility of projects a run creates (default private). "
    "[env: BENCHER_SERVER_PROJECT_VISIBILITY]",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
)
def server(
    bind: str,
    port: int,
    db_url: str | None,
    workers: int,
    max_body: int | None,
    new_projects: str | None,
    log_level: str,
) -> None:
    """Serve Bencher's REST API (/v0) over a store (SQLite by default, PostgreSQL by URL).

    The first start prints a generated admin API token once; set BENCHER_ADMIN_TOKEN to choose it.
    """
    from bencher_core.errors import UsageError

    try:
        import uvicorn
    except ImportError as e:
        raise UsageError("the server needs its extra: pip install 'pytest-bencher[server]'") from e
    from bencher_core.server.config import ServerSettings
    from bencher_core.store.db import _redact, normalize_url

    settings = ServerSettings.from_env(
        db=db_url, max_body_bytes=max_body, new_project_visibility=new_projects
    )
    if workers > 1 and normalize_url(settings.db).startswith("sqlite"):
        click.echo(
            "bencher server: several workers on SQLite serialise their writes; PostgreSQL scales",
            err=True,
        )
    token = _bootstrap(settings.db)
    if token is not None:
        click.echo(
            "bencher server: created an admin API token; it is shown only this once, store it now:"
        )
        click.echo(f"    {token}", color=False)
    os.environ.update(settings.to_env())
    store = _redact(normalize_url(settings.db))
    plural = "s" if workers > 1 else ""
    click.echo(
        f"bencher server: store {store}; API at http://{bind}:{port}/v0 ({workers} worker{plural})"
    )
    if settings.console:
        click.echo(f"bencher server: web console at http://{bind}:{port}/console")
    uvicorn.run(
        "bencher_core.server.app:app_from_env",
        factory=True,
        host=bind,
        port=port,
        workers=workers,
        log_level=log_level,
        lifespan="on",
        proxy_headers=True,
    )


@click.group(
    "db",
    short_help="Manage the store's schema.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
def db() -> None:
    """Manage a store's schema (the embedded store, or a server's with --db)."""


@db.command("upgrade")
@click.option(
    "--db",
    "db_url",
    metavar="PATH|URL",
    help="Store to migrate (default: BENCHER_DB, else the project's .bencher/bencher.db).",
)
def upgrade(db_url: str | None) -> None:
    """Create or migrate a store's schema to the current revision."""
    from bencher_core.settings import resolve_settings
    from bencher_core.store.db import _redact, current_revision, normalize_url, open_database

    url = normalize_url(db_url or resolve_settings({}).db)
    with open_database(url) as database:
        revision = current_revision(database)
    click.echo(f"store {_redact(url)} is at schema revision {revision}")
