"""Submit a session's results through the Backend and write the Markdown report.

The plugin does not know (or ask) whether the Backend is the embedded store or a server: it
hands a BMF run to :class:`bencher_core.Bencher` and gets a Report, or an error to explain.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_bencher._collect import Collected

if TYPE_CHECKING:
    from bencher_core.models.report import Report
    from bencher_core.settings import Settings

__all__ = ["Outcome", "submit", "write_markdown"]


@dataclass
class Outcome:
    """What submitting produced: a report, or why there is none."""

    report: Report | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def alerts(self) -> int:
        """How many alerts the report raised (0 without a report)."""
        return len(self.report.alerts) if self.report is not None else 0


def submit(settings: Settings, collected: Collected, *, start_time: dt.datetime) -> Outcome:
    """Submit ``collected`` (minus excluded benchmarks) and return the Outcome.

    A server that cannot be reached is an error unless ``settings.offline_ok``; either way the
    client has spooled the run for ``bencher sync`` (its message says where).
    """
    from bencher_core.errors import BencherError, ServerUnreachable

    outcome = Outcome()
    bmf, excluded = collected.without(settings.exclude)
    if excluded:
        outcome.notes.append(
            f"{len(excluded)} benchmark(s) excluded by configuration, not submitted"
        )
    if not bmf:
        outcome.notes.append("no benchmark results in this session: nothing submitted")
        return outcome
    try:
        report = _send(settings, collected, bmf, start_time)
    except ServerUnreachable as e:  # the client has spooled the run and says where
        text = f"server {settings.host} unreachable: {e}"
        if settings.offline_ok:
            outcome.notes.append(text)
        else:
            outcome.error = f"{text} (--bencher-offline-ok reports without failing)"
        return outcome
    except BencherError as e:
        outcome.error = f"results not submitted: {e}"
        return outcome
    outcome.report = report
    return outcome


def _send(
    settings: Settings,
    collected: Collected,
    bmf: dict[str, dict[str, dict[str, object]]],
    start_time: dt.datetime,
) -> Report:
    from bencher_core.api import Bencher
    from bencher_core.models.run import MeasureSpec

    measures = {
        key: MeasureSpec(units=d.units, higher_is_better=d.higher_is_better)
        for key, d in collected.measures.items()
    }
    with Bencher(settings) as bencher:
        return bencher.submit(bmf, measures=measures or None, start_time=start_time)


def write_markdown(settings: Settings, report: Report, *, path: Path | None) -> list[str]:
    """Write the Markdown report to ``path`` and append it to ``$GITHUB_STEP_SUMMARY``.

    Returns:
        problems to show (a file that could not be written), empty when all went well.
    """
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if path is None and not summary:
        return []
    from bencher_core.render.markdown import report_markdown

    footer = f"_{settings.baseline_note}_" if settings.baseline_note else None
    text = report_markdown(report, footer=footer)
    problems: list[str] = []
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as e:
            problems.append(f"--bencher-markdown {path}: cannot write: {e.strerror or e}")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            problems.append(f"GITHUB_STEP_SUMMARY {summary}: cannot append: {e.strerror or e}")
    return problems
