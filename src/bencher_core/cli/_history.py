"""``bencher history``: one benchmark's history as a table with a text sparkline."""

from __future__ import annotations

import click

from bencher_core.cli._options import (
    format_option,
    open_bencher,
    output_for,
    resolve,
    store_options,
    where_options,
)

__all__ = ["history"]


@click.command(
    "history",
    short_help="A benchmark's history with a sparkline.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@store_options
@where_options
@click.option(
    "--measure", metavar="SLUG", default="latency", show_default=True, help="Which measure."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="The newest N points.",
)
@format_option("human", "json")
@click.argument("benchmark")
@click.pass_context
def history(
    ctx: click.Context, /, benchmark: str, measure: str, limit: int, fmt: str, **_: object
) -> int:
    """Show BENCHMARK's history (name, slug or UUID) on a branch and testbed, oldest first."""
    import dataclasses

    from bencher_core.models.measures import lookup_measure

    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        points = bencher.backend.history(
            settings.project,
            branch=settings.branch,
            testbed=settings.testbed,
            benchmark=benchmark,
            measure=measure,
            limit=limit,
        )
    finally:
        bencher.close()
    if fmt == "json":
        from bencher_core.render.json import dumps

        click.echo(dumps([dataclasses.asdict(p) for p in points]))
        return 0
    from bencher_core.render.history import history_table

    info = lookup_measure(measure)
    out = output_for()
    click.echo(f"{benchmark} · {measure} · branch {settings.branch} · testbed {settings.testbed}")
    out.echo(
        history_table(
            points, units=info.units if info else measure, color=out.color, width=out.width
        )
    )
    return 0
