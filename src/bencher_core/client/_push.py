"""``bencher push``: upload the embedded store's history to a server, oldest run first.

Each stored report goes up as a run in Bencher's shape (one BMF document per iteration, the
units and direction of its measures, its user-set threshold models, its start point) with the
report's own UUID as idempotency key — pushing twice stores nothing twice. History is stored
without raising alerts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from bencher_core.client._http import BencherClient
from bencher_core.models.report import Report
from bencher_core.models.run import (
    Adapter,
    MeasureSpec,
    NewRun,
    RunSettings,
    RunThresholds,
    StartPoint,
)
from bencher_core.models.threshold import Model
from bencher_core.store.db import Database

__all__ = ["PushResult", "push_history", "report_to_run"]

_GLOB_SPECIAL = re.compile(r"([\[\]*?])")


def _glob_literal(name: str) -> str:
    """A glob matching exactly ``name``."""
    return _GLOB_SPECIAL.sub(r"[\1]", name)


def report_to_run(report: Report, *, project: str | None = None) -> NewRun:
    """The run that reproduces ``report`` on another store."""
    outputs: list[str] = []
    measures: dict[str, MeasureSpec] = {}
    models: dict[str, Model] = {}
    ignored: set[str] = set()
    default_gate = False
    for iteration in report.results:
        bmf: dict[str, dict[str, dict[str, float]]] = {}
        for result in iteration:
            for rm in result.measures:
                metric = {"value": rm.metric.value}
                if rm.metric.lower_value is not None:
                    metric["lower_value"] = rm.metric.lower_value
                if rm.metric.upper_value is not None:
                    metric["upper_value"] = rm.metric.upper_value
                bmf.setdefault(result.benchmark.name, {})[rm.measure.slug] = metric
                measures[rm.measure.slug] = MeasureSpec(
                    units=rm.measure.units, higher_is_better=rm.measure.higher_is_better
                )
                if rm.threshold is not None:
                    if rm.threshold.default:
                        default_gate = True
                    else:
                        models[rm.measure.slug] = rm.threshold.model
                if rm.ignored:
                    ignored.add(_glob_literal(result.benchmark.name))
        outputs.append(json.dumps(bmf))
    start_point = None
    if report.start_point is not None:
        version = report.start_point.version
        start_point = StartPoint(
            branch=report.start_point.branch, hash=version.hash if version else None
        )
    return NewRun(
        project=project or report.project.slug,
        idempotency_key=report.uuid,
        branch=report.branch.name,
        hash=report.version.hash,
        start_point=start_point,
        testbed=report.testbed.name,
        thresholds=RunThresholds(models=models) if models else None,
        start_time=report.start_time,
        end_time=report.end_time,
        results=outputs,
        settings=RunSettings(adapter=Adapter.JSON),
        measures=measures or None,
        ignore=sorted(ignored) or None,
        default_thresholds=None if default_gate else False,
    )


@dataclass(frozen=True)
class PushResult:
    """How many runs went up, per project."""

    runs: int
    projects: dict[str, int]


def push_history(
    db: Database,
    client: BencherClient,
    *,
    project: str | None = None,
    to_project: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PushResult:
    """Upload every report (of ``project``, or of all projects) oldest first.

    Raises:
        NotFoundError: ``project`` is not in the store.
        ApiError, ServerUnreachable: from the server; a later push resumes where this stopped.
    """
    from bencher_core.errors import NotFoundError
    from bencher_core.service.projects import find_project
    from bencher_core.service.report_read import read_report

    sql, params = "SELECT r.id, p.slug FROM report r JOIN project p ON p.id = r.project_id", []
    if project is not None:
        found = find_project(db, project)
        if found is None:
            raise NotFoundError(f"project {project!r} is not in the store {db.url}")
        sql += " WHERE r.project_id = ?"
        params.append(found.id)
    rows = db.fetchall(sql + " ORDER BY r.created, r.id", params)
    counts: dict[str, int] = {}
    for done, (report_id, slug) in enumerate(rows, start=1):
        new_run = report_to_run(read_report(db, int(report_id)), project=to_project)
        client.run(new_run, alerts=False)
        counts[str(slug)] = counts.get(str(slug), 0) + 1
        if progress is not None:
            progress(done, len(rows))
    return PushResult(len(rows), counts)
