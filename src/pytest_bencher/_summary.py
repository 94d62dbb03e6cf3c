"""The ``bencher`` section of the terminal summary (rendering itself is bencher_core.render's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_bencher._session import BencherSession

__all__ = ["summary_lines"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def notes(session: BencherSession) -> list[str]:
    """Everything worth a line before the table: xdist noise, untimed benchmarks, problems."""
    lines: list[str] = []
    if session.role == "controller":
        where = (
            "on one worker (xdist_group bencher-benchmarks) while the others run tests"
            if session.grouped
            else "on several workers at once"
        )
        lines.append(f"pytest-xdist: benchmarks were timed {where}; parallel load adds noise")
    untimed = session.collected.untimed
    if untimed:
        lines.append(
            f"{_plural(len(untimed), 'benchmark test')} ran untimed (benchmarks disabled, "
            f"e.g. --benchmark-disable): nothing measured for {untimed[0]}"
            + (f" and {len(untimed) - 1} more" if len(untimed) > 1 else "")
        )
    lines += session.collected.notes
    if session.outcome is not None:
        lines += session.outcome.notes
    return lines


def summary_lines(session: BencherSession, *, color: bool, width: int | None) -> list[str]:
    """Notes, the report table (alerts first), the verdict and what the gate decided."""
    from bencher_core.render.terminal import report_header, report_table, verdict

    outcome = session.outcome
    settings = session.settings
    lines = notes(session)
    if outcome is None or settings is None:
        return lines
    if outcome.error is not None:
        lines.append(f"✗ pytest-bencher: {outcome.error}")
    report = outcome.report
    if report is None:
        return lines
    where = settings.host or settings.db
    lines.append(f"{report_header(report)} → {where}")
    lines.append(report_table(report, color=color, width=width))
    lines.append(verdict(report, color=color))
    if settings.baseline_note:
        lines.append(settings.baseline_note)
    n = outcome.alerts()
    if n:
        if settings.fail:
            lines.append(
                f"{_plural(n, 'alert')}: the session fails "
                "(--bencher-no-fail reports without failing)"
            )
        else:
            lines.append(
                f"{_plural(n, 'alert')} reported; the session does not fail (--bencher-no-fail)"
            )
    return lines
