"""``bencher report``: the project's recent reports, or one of them in full."""

from __future__ import annotations

import click

from bencher_core.cli._options import (
    format_option,
    open_bencher,
    output_for,
    resolve,
    store_options,
)

__all__ = ["report"]


@click.group(
    "report",
    short_help="List recent reports, or show one.",
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@store_options
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many."
)
@format_option("human", "json")
@click.pass_context
def report(ctx: click.Context, /, limit: int, fmt: str, **_: object) -> int:
    """List the project's newest reports (`bencher report show` prints one in full)."""
    if ctx.invoked_subcommand is not None:
        return 0
    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        found = bencher.backend.reports(settings.project, limit=limit)
    finally:
        bencher.close()
    if fmt == "json":
        from bencher_core.render.json import dumps

        click.echo(dumps(found))
        return 0
    from bencher_core.render.lists import reports_table

    out = output_for()
    out.echo(reports_table(found, color=out.color, width=out.width))
    return 0


@report.command("show")
@store_options
@click.option(
    "--search",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="How many recent reports to search for REPORT.",
)
@format_option("human", "json", "markdown")
@click.argument("report_id", required=False, metavar="[REPORT]")
@click.pass_context
def show(ctx: click.Context, /, report_id: str | None, search: int, fmt: str, **_: object) -> int:
    """Print one report: the latest, or REPORT (a UUID or its first characters)."""
    from bencher_core.errors import NotFoundError, UsageError

    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        found = bencher.backend.reports(settings.project, limit=1 if report_id is None else search)
    finally:
        bencher.close()
    if report_id is not None:
        found = [r for r in found if str(r.uuid).startswith(report_id.lower())]
        if len(found) > 1:
            raise UsageError(f"report {report_id!r} is ambiguous ({len(found)} reports match)")
    if not found:
        what = (
            "no reports"
            if report_id is None
            else f"no report {report_id!r} among the newest {search}"
        )
        raise NotFoundError(f"{what} in project {settings.project!r}")
    chosen = found[0]
    if fmt == "json":
        from bencher_core.render.json import report_json

        click.echo(report_json(chosen))
    elif fmt == "markdown":
        from bencher_core.render.markdown import report_markdown

        click.echo(report_markdown(chosen), nl=False)
    else:
        from bencher_core.render.terminal import report_text

        out = output_for()
        out.echo(report_text(chosen, color=out.color, width=out.width))
    return 0
