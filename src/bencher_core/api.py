"""The public Python API: submit results from your own code and gate on the alerts.

Example::

    from bencher_core import Bencher

    bencher = Bencher(project="my-lib")          # embedded store, or BENCHER_HOST if set
    report = bencher.submit({"parse": {"latency": {"value": 1520.0}}})
    if report.alerts:
        raise SystemExit(f"{len(report.alerts)} regression(s)")
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from bencher_core.backends import Backend, backend_for
from bencher_core.models.metric import Metric
from bencher_core.models.report import Report
from bencher_core.models.run import MeasureSpec, NewRun, RunSettings, RunThresholds
from bencher_core.models.threshold import Model
from bencher_core.settings import Settings, resolve_settings

__all__ = ["Bencher", "context_info"]


def context_info() -> dict[str, str]:
    """Run context: host name, CPU model, interpreter and package versions."""
    import platform
    import socket
    from importlib import metadata

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ctx = {
        "bencher.dev/v0/testbed/os": platform.platform(),
        "host": socket.gethostname(),
        "cpu": cpu or platform.machine(),
        "python": platform.python_version(),
    }
    for pkg in ("pytest-bencher", "pytest", "pytest-benchmark", "numpy"):
        try:
            ctx[f"package/{pkg}"] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            continue
    return ctx


class Bencher:
    """Submits results (BMF or raw harness output) and returns the Report.

    Args:
        settings: resolved settings; by default resolved from ``overrides``, ``BENCHER_*``,
            ``[tool.bencher]`` and the defaults (project, branch, hash from git, testbed).
        backend: where runs go; by default the embedded store, or a server when ``host`` is set.
        **overrides: settings given explicitly (``project=``, ``branch=``, ``testbed=``, ``db=``,
            ``host=``, …); they win over the environment and pyproject.toml.
    """

    def __init__(
        self, settings: Settings | None = None, *, backend: Backend | None = None, **overrides: Any
    ) -> None:
        self.settings = settings or resolve_settings(overrides)
        self._backend = backend

    @property
    def backend(self) -> Backend:
        """Where runs go, created on first use (building a NewRun needs none)."""
        if self._backend is None:
            self._backend = backend_for(self.settings)
        return self._backend

    def new_run(
        self,
        results: Mapping[str, Any] | str | Sequence[str],
        *,
        adapter: str | None = None,
        average: str | None = None,
        fold: str | None = None,
        thresholds: Mapping[str, Model | Mapping[str, Any]] | None = None,
        thresholds_reset: bool = False,
        measures: Mapping[str, MeasureSpec] | None = None,
        start_time: dt.datetime | None = None,
        end_time: dt.datetime | None = None,
        context: Mapping[str, str] | None = None,
    ) -> NewRun:
        """Build the NewRun these results would be submitted as (nothing is sent)."""
        s = self.settings
        if isinstance(results, Mapping):
            bmf = {
                b: {m: (v.bmf() if isinstance(v, Metric) else v) for m, v in ms.items()}
                for b, ms in results.items()
            }
            outputs = [json.dumps(bmf)]
            adapter = adapter or "json"
        elif isinstance(results, str):
            outputs = [results]
        else:
            outputs = list(results)
        models = {
            **s.thresholds,
            **{k: Model.model_validate(v) for k, v in (thresholds or {}).items()},
        }
        now = dt.datetime.now(dt.timezone.utc)
        return NewRun(
            project=s.project,
            idempotency_key=uuid.uuid4(),
            branch=s.branch,
            hash=s.hash,
            start_point=s.start_point,
            testbed=s.testbed,
            thresholds=RunThresholds(models=models, reset=thresholds_reset or None)
            if models or thresholds_reset
            else None,
            start_time=start_time or now,
            end_time=end_time or now,
            results=outputs,
            settings=RunSettings(
                adapter=adapter or s.adapter, average=average or s.average, fold=fold
            ),
            context={**context_info(), **(context or {})},
            measures=dict(measures) if measures else None,
            ignore=list(s.ignore) or None,
            default_thresholds=None if s.default_thresholds else False,
            benchmark_thresholds=list(s.overrides) or None,
        )

    def submit(self, results: Mapping[str, Any] | str | Sequence[str], **kwargs: Any) -> Report:
        """Submit results and return the Report (``report.alerts`` lists regressions).

        ``results`` is a BMF mapping (``{benchmark: {measure: {"value": …}}}``), one raw harness
        output, or a list of outputs (one per iteration) parsed with ``adapter=``.
        """
        return self.backend.submit(self.new_run(results, **kwargs))

    def submit_run(self, new_run: NewRun) -> Report:
        return self.backend.submit(new_run)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()

    def __enter__(self) -> Bencher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
