"""``bencher alerts``: list a project's alerts, dismiss them or make them active again."""

from __future__ import annotations

import click

from bencher_core.cli._options import (
    format_option,
    open_bencher,
    output_for,
    resolve,
    store_options,
)

__all__ = ["alerts"]

_STATUSES = ("active", "dismissed", "silenced", "all")


def _resolve_ids(ctx: click.Context, idents: tuple[str, ...], status: str) -> None:
    from bencher_core.errors import UsageError
    from bencher_core.models._names import is_uuid

    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        known: list[str] | None = None
        chosen: list[str] = []
        for ident in idents:
            if is_uuid(ident):
                chosen.append(ident)
                continue
            if known is None:
                known = [str(a.uuid) for a in bencher.backend.alerts(settings.project, limit=1000)]
            matches = [u for u in known if u.startswith(ident.lower())]
            if len(matches) != 1:
                why = "matches no alert" if not matches else f"is ambiguous ({len(matches)} alerts)"
                raise UsageError(f"alert {ident!r} {why} in project {settings.project!r}")
            chosen.append(matches[0])
        for alert_id in chosen:
            alert = bencher.backend.set_alert_status(settings.project, alert_id, status)
            click.echo(
                f"{alert.uuid}  {alert.status.value}  {alert.benchmark.name} ({alert.measure.name})"
            )
    finally:
        bencher.close()


@click.group(
    "alerts",
    short_help="List, dismiss or re-activate alerts.",
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@store_options
@click.option(
    "--status",
    type=click.Choice(_STATUSES),
    default="active",
    show_default=True,
    help="Which alerts.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many."
)
@format_option("human", "json")
@click.pass_context
def alerts(ctx: click.Context, /, status: str, limit: int, fmt: str, **_: object) -> int:
    """List the project's alerts, newest first (or dismiss / activate some)."""
    if ctx.invoked_subcommand is not None:
        return 0
    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        found = bencher.backend.alerts(
            settings.project, status=None if status == "all" else status, limit=limit
        )
    finally:
        bencher.close()
    if fmt == "json":
        from bencher_core.render.json import dumps

        click.echo(dumps(found))
        return 0
    from bencher_core.render.lists import alerts_table

    out = output_for()
    out.echo(alerts_table(found, color=out.color, width=out.width))
    return 0


@alerts.command("dismiss")
@store_options
@click.argument("alert_ids", nargs=-1, required=True, metavar="ALERT...")
@click.pass_context
def dismiss(ctx: click.Context, /, alert_ids: tuple[str, ...], **_: object) -> int:
    """Dismiss alerts (a UUID, or the first characters shown by `bencher alerts`)."""
    _resolve_ids(ctx, alert_ids, "dismissed")
    return 0


@alerts.command("activate")
@store_options
@click.argument("alert_ids", nargs=-1, required=True, metavar="ALERT...")
@click.pass_context
def activate(ctx: click.Context, /, alert_ids: tuple[str, ...], **_: object) -> int:
    """Make dismissed alerts active again."""
    _resolve_ids(ctx, alert_ids, "active")
    return 0
