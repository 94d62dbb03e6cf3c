"""The plugin object registered for a ``--bencher`` session: collect, hand over, submit, report.

One instance per process. Its role is ``local`` (no xdist), ``controller`` or ``worker``:
workers collect and hand their results over in ``workeroutput``; the controller (or a local
run) submits once, prints the ``bencher`` summary section and applies the gate.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, Literal

import pytest

from pytest_bencher import _xdist
from pytest_bencher._collect import LATENCY, Collected, benchmark_metric
from pytest_bencher._fixture import BencherRecorder
from pytest_bencher._options import PluginOptions
from pytest_bencher._submit import Outcome, submit, write_markdown

if TYPE_CHECKING:
    from bencher_core.settings import Settings

__all__ = ["BencherSession", "Role"]

Role = Literal["local", "controller", "worker"]

#: A test's node id before xdist's loadgroup suffixes it with ``@<group>``.
_NODEID = pytest.StashKey[str]()


def nodeid_of(item: pytest.Item) -> str:
    """The node id pytest-benchmark and the report use for ``item``."""
    return item.stash.get(_NODEID, item.nodeid)


class BencherSession:
    """State and hooks of one process of a ``--bencher`` run."""

    def __init__(
        self,
        config: pytest.Config,
        *,
        role: Role,
        options: PluginOptions,
        settings: Settings | None,
        average: str | None,
        grouped: bool,
    ) -> None:
        self.config = config
        self.role = role
        self.options = options
        self.settings = settings
        self.average = average
        self.grouped = grouped
        self.collected = Collected()
        self.failed: list[str] = []
        self.outcome: Outcome | None = None
        self.start_time = dt.datetime.now(dt.timezone.utc)

    # -- the bencher fixture -----------------------------------------------------------------
    def recorder(self, node: pytest.Item) -> BencherRecorder:
        """A recorder for one test, feeding this session."""
        return BencherRecorder(nodeid_of(node), self.collected.add_record)

    # -- collection and timing (local runs and workers) ---------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        if self.role == "worker" and self.grouped:
            for item in items:
                item.stash[_NODEID] = item.nodeid
            _xdist.mark_benchmark_items(items)

    def pytest_sessionstart(self) -> None:
        if self.role == "worker":
            note = _xdist.enable_benchmark_timing(self.config)
            if note:
                self.collected.notes.append(note)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.when == "call":
            self._take_benchmark(item, report)
        return report

    def _take_benchmark(self, item: pytest.Item, report: pytest.TestReport) -> None:
        fixture = getattr(item, "funcargs", {}).get("benchmark")
        if fixture is None:
            return
        name = nodeid_of(item)
        meta = getattr(fixture, "stats", None)
        stats = getattr(meta, "stats", None)
        if not report.passed:
            if stats:
                self.failed.append(name)
            return
        if not stats:
            if getattr(fixture, "disabled", False):
                self.collected.untimed.append(name)
            return
        try:
            self.collected.add(name, LATENCY, benchmark_metric(stats, average=self.average))
        except ValueError as e:
            self.collected.notes.append(str(e))

    # -- xdist ---------------------------------------------------------------------------------
    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[_xdist.KEY] = {"average": self.average, "group": self.grouped}

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object | None) -> None:
        payload = getattr(node, "workeroutput", {}).get(_xdist.KEY)
        worker = getattr(getattr(node, "gateway", None), "id", "a worker")
        if isinstance(payload, dict):
            self.collected.merge(payload, source=str(worker))
        else:
            why = f": {error}" if error else ""
            self.collected.notes.append(f"{worker} ended without handing over its results{why}")

    # -- the end -------------------------------------------------------------------------------
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.failed:
            self.collected.notes.append(
                f"{len(self.failed)} benchmark test(s) failed: their timings are not submitted"
            )
        if self.role == "worker":
            self.config.workeroutput[_xdist.KEY] = self.collected.payload()  # type: ignore[attr-defined]
            return
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            self.outcome = Outcome(notes=["the session was interrupted: nothing submitted"])
            return
        assert self.settings is not None
        outcome = self.outcome = submit(self.settings, self.collected, start_time=self.start_time)
        if outcome.report is not None:
            outcome.notes.extend(
                write_markdown(self.settings, outcome.report, path=self.options.markdown)
            )
        failing = outcome.error is not None or (outcome.alerts() > 0 and self.settings.fail)
        if failing and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.role == "worker" or self.outcome is None:
            return
        from pytest_bencher._summary import summary_lines

        tr = terminalreporter
        color = bool(getattr(tr, "hasmarkup", False))
        # A terminal gets lines that fit; a CI log or a file keeps whole benchmark names.
        width = self.config.get_terminal_writer().fullwidth if sys.stdout.isatty() else None
        tr.write_sep("=", "bencher", bold=True)
        for line in summary_lines(self, color=color, width=width):
            tr.write_line(line)
