"""Gate inside a pyperf script: submit the Runner's results at the end, fail on alerts.

Example::

    import pyperf
    from bencher_core.integrations.pyperf import bencher_gate

    runner = pyperf.Runner()
    with bencher_gate(runner):
        runner.bench_func("sort 1000", sorted, list(range(1000)))
        runner.timeit("join", "'-'.join(words)", setup="words = ['a'] * 100")

pyperf runs each benchmark in worker processes that execute the same script with ``--worker``;
only the main process, which gathers every worker's values, submits (once, when the ``with``
block ends). The report is printed after pyperf's own output, and the script exits with status 1
when there are alerts (``fail=False`` or ``fail = false`` in ``[tool.bencher]`` only reports).
Project, branch, testbed and store come from the settings as everywhere (``BENCHER_*``,
``[tool.bencher]``, git), or from keyword arguments of :func:`bencher_gate`.

Under ``bencher pyperf -- python bench.py`` the gate stands aside: that command submits the
output file itself.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from bencher_core.models.report import Report

if TYPE_CHECKING:
    from bencher_core.api import Bencher

__all__ = ["WRAPPED_ENV", "PyperfGate", "bencher_gate", "suite_json"]

#: Set by ``bencher pyperf`` for the script it runs: the in-script gate then submits nothing.
WRAPPED_ENV = "BENCHER_PYPERF_WRAPPED"

#: The Runner methods that return a benchmark (None in workers for the other tasks).
_BENCH_METHODS = ("bench_func", "bench_time_func", "bench_async_func", "bench_command", "timeit")


def suite_json(benchmarks: list[Any]) -> str:
    """pyperf's JSON document for these ``pyperf.Benchmark`` objects (as ``-o`` writes it)."""
    import pyperf

    buffer = io.StringIO()
    pyperf.BenchmarkSuite(benchmarks).dump(buffer)
    return buffer.getvalue()


class PyperfGate:
    """Collects the benchmarks a ``pyperf.Runner`` produces and submits them at the end.

    Args:
        runner: the script's ``pyperf.Runner``.
        fail: exit with status 1 on alerts (default: the ``fail`` setting, true).
        bencher: a ready :class:`~bencher_core.api.Bencher` (default: one built from
            ``overrides`` and the settings).
        **overrides: settings (``project=``, ``branch=``, ``testbed=``, ``db=``, ``host=`` …).
    """

    def __init__(
        self,
        runner: Any,
        *,
        fail: bool | None = None,
        bencher: Bencher | None = None,
        **overrides: Any,
    ) -> None:
        self.runner = runner
        self.fail = fail
        self.overrides = overrides
        self._bencher = bencher
        self.benchmarks: list[Any] = []
        self.report: Report | None = None
        self._saved: dict[str, Callable[..., Any]] = {}

    # -- collection ----------------------------------------------------------------------------
    def _wrap(self, name: str) -> None:
        method = getattr(self.runner, name, None)
        if method is None:
            return
        self._saved[name] = method

        def collecting(*args: Any, **kwargs: Any) -> Any:
            bench = method(*args, **kwargs)
            if bench is not None:
                self.benchmarks.append(bench)
            return bench

        setattr(self.runner, name, collecting)

    def __enter__(self) -> PyperfGate:
        for name in _BENCH_METHODS:
            self._wrap(name)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for name in self._saved:
            vars(self.runner).pop(name, None)
        self._saved.clear()
        if exc_type is None:
            self.finish()

    # -- submission ----------------------------------------------------------------------------
    @property
    def is_worker(self) -> bool:
        """True in a pyperf worker process (spawned with ``--worker``)."""
        args = getattr(self.runner, "args", None)
        if args is not None:
            return bool(getattr(args, "worker", False))
        return "--worker" in sys.argv[1:]

    @property
    def wrapped(self) -> bool:
        """True when ``bencher pyperf`` runs this script (it submits the output file itself)."""
        return os.environ.get(WRAPPED_ENV, "") not in ("", "0")

    def finish(self) -> Report | None:
        """Submit the collected benchmarks (main process only); exit 1 on alerts.

        Returns the report, or None when nothing was submitted (a worker process, a script run
        by ``bencher pyperf``, or no benchmark ran).

        Raises:
            SystemExit: 1 with alerts (unless ``fail`` is off); 2 when the submission fails.
        """
        if self.is_worker or self.wrapped or not self.benchmarks:
            return None
        from bencher_core.errors import BencherError
        from bencher_core.integrations._gate import write_gate

        try:
            bencher = self._bencher or _new_bencher(self.overrides)
            try:
                text = suite_json(self.benchmarks)
                self.report = bencher.submit(text, adapter="python_pyperf")
                fail = bencher.settings.fail if self.fail is None else self.fail
            finally:
                if self._bencher is None:
                    bencher.close()
        except BencherError as e:
            print(f"bencher: error: {e}", file=sys.stderr)  # noqa: T201 - the script's console
            raise SystemExit(2) from e
        status = write_gate([self.report], out=sys.stdout, err=sys.stderr, fail=fail)
        if status:
            raise SystemExit(status)
        return self.report


def _new_bencher(overrides: dict[str, Any]) -> Bencher:
    from bencher_core.api import Bencher

    return Bencher(**overrides)


def bencher_gate(runner: Any, *, fail: bool | None = None, **overrides: Any) -> PyperfGate:
    """A context manager that submits ``runner``'s results when its block ends.

    See the module's example. Keyword arguments are settings (``project=``, ``branch=``,
    ``testbed=``, ``db=``, ``host=`` …) and ``fail`` (exit 1 on alerts, default true).
    """
    return PyperfGate(runner, fail=fail, **overrides)
