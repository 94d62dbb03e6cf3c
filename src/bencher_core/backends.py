"""Where runs go: the embedded store (LocalBackend) or a server (RemoteBackend).

Callers (the Python API, the CLI, the pytest plugin) hold a :class:`Backend` and never ask
which one it is; :func:`backend_for` picks it from the settings (``host`` set → remote).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bencher_core.models.report import Alert, Report
from bencher_core.models.run import NewRun

if TYPE_CHECKING:
    from bencher_core.service.perf import PerfPoint
    from bencher_core.settings import Settings
    from bencher_core.store.db import Database

__all__ = ["Backend", "LocalBackend", "backend_for"]


@runtime_checkable
class Backend(Protocol):
    """What every backend offers."""

    def submit(self, new_run: NewRun) -> Report:
        """Ingest a run; return its Report with boundaries and alerts."""

    def alerts(self, project: str, *, status: str | None = None, limit: int = 50) -> list[Alert]:
        """Alerts of a project, newest first."""

    def set_alert_status(self, project: str, alert: str, status: str) -> Alert:
        """Dismiss (or re-activate) an alert."""

    def accept(
        self,
        project: str,
        *,
        branch: str,
        testbed: str,
        benchmarks: list[str],
        measure: str | None = None,
    ) -> list[tuple[str, str, int]]:
        """Take the current level of these benchmarks as their new baseline."""

    def reports(self, project: str, *, limit: int = 10) -> list[Report]:
        """The newest reports of a project."""

    def history(
        self,
        project: str,
        *,
        branch: str,
        testbed: str,
        benchmark: str,
        measure: str,
        limit: int = 50,
    ) -> list[PerfPoint]:
        """The newest points of one series, oldest first."""

    def close(self) -> None:
        """Release connections."""


class LocalBackend:
    """The ingest service over the embedded store (SQLite by default)."""

    def __init__(self, db_url: str, *, default_gate: bool = True) -> None:
        self.db_url = db_url
        self.default_gate = default_gate
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            from bencher_core.store.db import open_database

            self._db = open_database(self.db_url)
        return self._db

    def submit(self, new_run: NewRun) -> Report:
        from bencher_core.service.ingest import IngestOptions, run

        return run(self.db, new_run, options=IngestOptions(default_gate=self.default_gate))

    def _project_id(self, project: str) -> int:
        from bencher_core.errors import NotFoundError
        from bencher_core.service.projects import find_project

        found = find_project(self.db, project)
        if found is None:
            raise NotFoundError(f"project {project!r} not found in {self.db_url}")
        return found.id

    def alerts(self, project: str, *, status: str | None = None, limit: int = 50) -> list[Alert]:
        from bencher_core.service.alerts import list_alerts

        return list_alerts(self.db, self._project_id(project), status=status, limit=limit)

    def set_alert_status(self, project: str, alert: str, status: str) -> Alert:
        from bencher_core.service.alerts import set_alert_status

        return set_alert_status(self.db, self._project_id(project), alert, status)

    def accept(
        self,
        project: str,
        *,
        branch: str,
        testbed: str,
        benchmarks: list[str],
        measure: str | None = None,
    ) -> list[tuple[str, str, int]]:
        from bencher_core.service.alerts import accept_change

        return list(
            accept_change(
                self.db,
                self._project_id(project),
                branch=branch,
                testbed=testbed,
                benchmarks=benchmarks,
                measure=measure,
            )
        )

    def reports(self, project: str, *, limit: int = 10) -> list[Report]:
        from bencher_core.service.report_read import read_report

        pid = self._project_id(project)
        ids = self.db.fetchall(
            "SELECT id FROM report WHERE project_id = ? ORDER BY created DESC, id DESC LIMIT ?",
            (pid, limit),
        )
        return [read_report(self.db, int(i)) for (i,) in ids]

    def history(
        self,
        project: str,
        *,
        branch: str,
        testbed: str,
        benchmark: str,
        measure: str,
        limit: int = 50,
    ) -> list[PerfPoint]:
        from bencher_core.errors import NotFoundError
        from bencher_core.service.perf import series_points
        from bencher_core.service.resources import find_one

        pid = self._project_id(project)
        found = {}
        for table, ident in (
            ("branch", branch),
            ("testbed", testbed),
            ("benchmark", benchmark),
            ("measure", measure),
        ):
            row = find_one(self.db, table, pid, ident)
            if row is None:
                raise NotFoundError(f"{table} {ident!r} not found in project {project!r}")
            found[table] = row.id
        head_id = self.db.scalar("SELECT head_id FROM branch WHERE id = ?", (found["branch"],))
        return series_points(
            self.db,
            head_id=int(head_id),
            testbed_id=found["testbed"],
            benchmark_id=found["benchmark"],
            measure_id=found["measure"],
            limit=limit,
        )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def backend_for(settings: Settings) -> Backend:
    """The backend the settings ask for: a server when ``host`` is set, else the embedded store."""
    if settings.host:
        from bencher_core.client import RemoteBackend

        return RemoteBackend(settings)
    return LocalBackend(settings.db, default_gate=settings.default_thresholds)
