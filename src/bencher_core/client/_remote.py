"""``RemoteBackend``: the :class:`~bencher_core.backends.Backend` that talks to a server.

With ``BENCHER_HOST`` set, :func:`~bencher_core.backends.backend_for` returns one, so the CLI,
the pytest plugin and the Python API submit to the server unchanged. When the server stays
unreachable for the whole time budget, the run is written to ``.bencher/spool/`` and
:class:`ServerUnreachable` (with ``spooled=`` the file) is raised; ``bencher sync`` uploads it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bencher_core.client._http import BencherClient
from bencher_core.client._spool import Spool
from bencher_core.errors import ServerUnreachable, UsageError
from bencher_core.models.report import Alert, Report
from bencher_core.models.run import NewRun
from bencher_core.service.clock import to_us

if TYPE_CHECKING:
    from bencher_core.service.perf import PerfPoint
    from bencher_core.settings import Settings

__all__ = ["RemoteBackend", "perf_points"]

#: The server's largest page.
_PAGE = 255
_T = TypeVar("_T")


def _paged(fetch: Callable[[int, int], list[_T]], limit: int) -> list[_T]:
    """Up to ``limit`` items, fetched ``(per_page, page)`` at a time (pages hold at most 255)."""
    out: list[_T] = []
    per_page = min(max(limit, 1), _PAGE)
    page = 1
    while len(out) < limit:
        got = fetch(per_page, page)
        out.extend(got)
        if len(got) < per_page:
            break
        page += 1
    return out[:limit]


def _us(text: str) -> int:
    return to_us(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


def perf_points(series: dict[str, Any]) -> list[PerfPoint]:
    """The points of one perf-query series as :class:`PerfPoint`, like the local backend's."""
    from bencher_core.service.perf import PerfPoint

    out: list[PerfPoint] = []
    for m in series["metrics"]:
        boundary = m.get("boundary") or {}
        alert = m.get("alert") or {}
        metric = m["metric"]
        out.append(
            PerfPoint(
                report_uuid=m["report"],
                iteration=m["iteration"],
                start_time_us=_us(m["start_time"]),
                end_time_us=_us(m["end_time"]),
                version_number=m["version"]["number"],
                version_hash=m["version"].get("hash"),
                metric_uuid=metric["uuid"],
                value=metric["value"],
                lower_value=metric.get("lower_value"),
                upper_value=metric.get("upper_value"),
                baseline=boundary.get("baseline"),
                lower_limit=boundary.get("lower_limit"),
                upper_limit=boundary.get("upper_limit"),
                threshold_uuid=m.get("threshold"),
                alert_uuid=alert.get("uuid"),
                alert_limit=alert.get("limit"),
                alert_status=alert.get("status"),
            )
        )
    return out


class RemoteBackend:
    """Submits to and reads from the server at ``settings.host``.

    Args:
        settings: ``host`` (required), ``token``, ``timeout`` and ``root`` (for the spool).
        client: a ready client (tests); by default one is built from the settings.
        spool: where unreachable runs go; by default ``<root>/.bencher/spool``.
    """

    def __init__(
        self, settings: Settings, *, client: BencherClient | None = None, spool: Spool | None = None
    ) -> None:
        if not settings.host:
            raise UsageError("remote mode needs a server URL: set BENCHER_HOST or pass --host")
        self.settings = settings
        self.client = client or BencherClient(
            settings.host, token=settings.token, timeout=settings.timeout
        )
        self._spool = spool

    @property
    def spool(self) -> Spool:
        if self._spool is None:
            self._spool = Spool.at_root(self.settings.root)
        return self._spool

    def submit(self, new_run: NewRun) -> Report:
        """Submit a run; when the server stays unreachable, spool it and raise.

        Raises:
            ServerUnreachable: with ``spooled`` set to the spool file.
            ApiError: the server refused the run (bad input, token, permission).
        """
        if new_run.idempotency_key is None:
            new_run = new_run.model_copy(update={"idempotency_key": uuid.uuid4()})
        try:
            return self.client.run(new_run)
        except ServerUnreachable as e:
            path = self.spool.put(new_run, host=self.settings.host)
            raise ServerUnreachable(
                f"{e}; the run was saved to {path}: upload it later with `bencher sync`",
                spooled=str(path),
            ) from e

    def alerts(self, project: str, *, status: str | None = None, limit: int = 50) -> list[Alert]:
        return _paged(
            lambda per_page, page: self.client.alerts(
                project, status=status, per_page=per_page, page=page
            ),
            limit,
        )

    def set_alert_status(self, project: str, alert: str, status: str) -> Alert:
        return self.client.set_alert_status(project, alert, status)

    def accept(
        self,
        project: str,
        *,
        branch: str,
        testbed: str,
        benchmarks: list[str],
        measure: str | None = None,
    ) -> list[tuple[str, str, int]]:
        return self.client.accept(
            project, branch=branch, testbed=testbed, benchmarks=benchmarks, measure=measure
        )

    def reports(self, project: str, *, limit: int = 10) -> list[Report]:
        return _paged(
            lambda per_page, page: self.client.reports(project, per_page=per_page, page=page),
            limit,
        )

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
        body = self.client.perf(
            project,
            branches=[branch],
            testbeds=[testbed],
            benchmarks=[benchmark],
            measures=[measure],
            limit=limit,
        )
        results = body.get("results") or []
        return perf_points(results[0]) if results else []

    def close(self) -> None:
        self.client.close()
