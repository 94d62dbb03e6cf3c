"""``bencher accept``: take the current level of benchmarks as their new baseline."""

from __future__ import annotations

import click

from bencher_core.cli._options import open_bencher, resolve, store_options, where_options

__all__ = ["accept"]


@click.command(
    "accept",
    short_help="Take benchmarks' current level as their baseline.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@store_options
@where_options
@click.option(
    "--measure", metavar="SLUG", help="Only this measure (default: every measure of the benchmark)."
)
@click.argument("benchmarks", nargs=-1, required=True, metavar="BENCHMARK...")
@click.pass_context
def accept(
    ctx: click.Context, /, benchmarks: tuple[str, ...], measure: str | None, **_: object
) -> int:
    """Accept an intended change: history before the latest run of each BENCHMARK (a name or
    glob) stops counting, so the new level is the baseline; its active alerts are dismissed."""
    settings = resolve(ctx)
    bencher = open_bencher(ctx, settings)
    try:
        accepted = bencher.backend.accept(
            settings.project,
            branch=settings.branch,
            testbed=settings.testbed,
            benchmarks=list(benchmarks),
            measure=measure,
        )
    finally:
        bencher.close()
    where = f"{settings.branch}/{settings.testbed}"
    for name, measure_slug, version in accepted:
        click.echo(f"accepted {name} ({measure_slug}) from version {version} on {where}")
    return 0
