"""``bencher sync`` (upload runs spooled while the server was down) and ``bencher push`` (upload
the embedded store's history to a server). Both are idempotent: every run carries a key the
server remembers, so running them twice stores nothing twice.
"""

from __future__ import annotations

import click

from bencher_core.cli._options import resolve, store_options

__all__ = ["push", "sync"]


@click.command("sync", short_help="Upload runs spooled while the server was unreachable.")
@store_options
@click.pass_context
def sync(ctx: click.Context, /, **_: object) -> int:
    """Upload the runs in .bencher/spool/ to the server (--host, BENCHER_HOST, or the one each
    run was meant for). Runs the server refuses move to .bencher/spool/rejected/."""
    from bencher_core.client import BencherClient, Spool
    from bencher_core.errors import ApiError, ServerUnreachable, UsageError

    settings = resolve(ctx)
    spool = Spool.at_root(settings.root)
    entries = spool.entries()
    if not entries:
        click.echo(f"nothing to sync in {spool.folder}")
        return 0
    clients: dict[str, BencherClient] = {}
    sent = rejected = 0
    try:
        for entry in entries:
            host = settings.host or entry.host
            if not host:
                raise UsageError(
                    f"{entry.path.name}: no server to send it to: set BENCHER_HOST or pass --host"
                )
            client = clients.get(host)
            if client is None:
                client = clients[host] = BencherClient(
                    host, token=settings.token, timeout=settings.timeout
                )
            try:
                report = client.run(entry.run)
            except ApiError as e:
                if e.status in (401, 403):
                    raise
                target = spool.reject(entry, str(e))
                rejected += 1
                click.echo(f"rejected {entry.path.name}: {e} (moved to {target})", err=True)
                continue
            spool.remove(entry)
            sent += 1
            click.echo(
                f"uploaded {entry.path.name}: report {report.uuid} ({len(report.alerts)} alerts)"
            )
    except ServerUnreachable as e:
        left = len(entries) - sent - rejected
        raise click.ClickException(
            f"{e}; {sent} uploaded, {left} still spooled in {spool.folder}"
        ) from e
    finally:
        for client in clients.values():
            client.close()
    click.echo(
        f"synced {sent} run{'s' if sent != 1 else ''}"
        + (f", {rejected} rejected" if rejected else "")
    )
    return 1 if rejected else 0


@click.command("push", short_help="Upload the embedded store's history to a server.")
@store_options
@click.option(
    "--all-projects", is_flag=True, help="Push every project in the store, not only --project."
)
@click.option(
    "--to-project", metavar="SLUG", help="Project on the server (default: the same slug)."
)
@click.pass_context
def push(ctx: click.Context, /, all_projects: bool, to_project: str | None, **_: object) -> int:
    """Upload every stored run, oldest first, to the server (--host / BENCHER_HOST), without
    raising alerts for history. Safe to repeat: runs already there are not stored again."""
    from bencher_core.client import BencherClient, push_history
    from bencher_core.errors import UsageError
    from bencher_core.store.db import open_database

    settings = resolve(ctx)
    if not settings.host:
        raise UsageError("push needs a server: pass --host or set BENCHER_HOST")
    with (
        open_database(settings.db) as database,
        BencherClient(settings.host, token=settings.token, timeout=settings.timeout) as client,
    ):
        result = push_history(
            database,
            client,
            project=None if all_projects else settings.project,
            to_project=to_project,
            progress=lambda done, total: click.echo(
                f"\r{done}/{total} runs", nl=done == total, err=True
            ),
        )
    for slug, n in sorted(result.projects.items()):
        click.echo(f"pushed {n} run{'s' if n != 1 else ''} of project {slug!r} to {settings.host}")
    if not result.runs:
        click.echo("nothing to push")
    return 0
