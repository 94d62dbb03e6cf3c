"""pytest-xdist support: time benchmarks on workers, group them, hand results to the controller.

pytest-benchmark switches its timing off whenever xdist is active (``BenchmarkSession.disabled``,
set in its ``pytest_configure``). With ``--bencher`` the plugin turns it back on in each worker
(tested with pytest-benchmark 4.x and 5.x, the range pinned in pyproject.toml), and under the
default ``--dist load`` it switches to ``loadgroup`` with every benchmark test in one
``xdist_group``, so all benchmarks run one after another on the same worker. Workers put their
results in ``config.workeroutput``; the controller reads them in ``pytest_testnodedown`` and is
the only process that submits.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

__all__ = [
    "GROUP",
    "KEY",
    "enable_benchmark_timing",
    "group_benchmarks",
    "is_controller",
    "is_worker",
    "mark_benchmark_items",
    "silence_disabled_warning",
    "worker_settings",
]

#: The xdist_group every benchmark test joins.
GROUP = "bencher-benchmarks"
#: Key of the plugin's entry in ``workerinput`` and ``workeroutput``.
KEY = "bencher"


def is_worker(config: pytest.Config) -> bool:
    """True inside an xdist worker."""
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    """True in the xdist controller of a distributed run."""
    return (
        not is_worker(config)
        and config.getoption("dist", "no") not in (None, "no")
        and bool(config.getoption("tx", None))
    )


def worker_settings(config: pytest.Config) -> dict[str, Any] | None:
    """What the controller sent this worker (None when the controller's plugin is off)."""
    data = getattr(config, "workerinput", {}).get(KEY)
    return data if isinstance(data, dict) else None


def group_benchmarks(config: pytest.Config) -> bool:
    """On the controller: run every benchmark on one worker when the user did not choose.

    ``--dist load`` (what ``-n N`` means by default) becomes ``loadgroup``; an explicit
    ``--dist loadgroup`` is kept. Any other mode is left alone (benchmarks then spread over
    the workers). Returns whether benchmarks are grouped.
    """
    dist = config.getoption("dist", "no")
    if dist == "load":
        config.option.dist = "loadgroup"
        return True
    return bool(dist == "loadgroup")


def silence_disabled_warning(config: pytest.Config) -> None:
    """Hide pytest-benchmark's "disabled because xdist is active" warning: it is untrue here.

    Called before pytest-benchmark's ``pytest_configure`` (which is ``trylast``); the filter is
    removed again when the config is cleaned up.
    """
    warnings.filterwarnings("ignore", message="Benchmarks are automatically disabled because xdist")
    entry = warnings.filters[0]

    def restore() -> None:
        if entry in warnings.filters:
            warnings.filters.remove(entry)  # type: ignore[attr-defined]  # a list at run time

    config.add_cleanup(restore)


def mark_benchmark_items(items: list[pytest.Item]) -> None:
    """Put every test that uses pytest-benchmark's ``benchmark`` fixture in :data:`GROUP`."""
    mark = pytest.mark.xdist_group(GROUP)
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "benchmark" in names and item.get_closest_marker("xdist_group") is None:
            item.add_marker(mark)


def enable_benchmark_timing(config: pytest.Config) -> str | None:
    """In a worker: switch pytest-benchmark's timing back on; a note when it cannot."""
    if not config.pluginmanager.has_plugin("benchmark") or config.getoption(
        "benchmark_skip", False
    ):
        return None
    if config.getoption("benchmark_disable", False) and not config.getoption(
        "benchmark_enable", False
    ):
        return None
    session = getattr(config, "_benchmarksession", None)
    if session is None or not hasattr(session, "disabled"):
        from importlib import metadata

        try:
            version = metadata.version("pytest-benchmark")
        except metadata.PackageNotFoundError:
            return "pytest-benchmark is not installed: no benchmark is timed"
        return (
            f"pytest-benchmark {version} offers no session to re-enable under xdist "
            "(supported: >=4.0,<6): benchmarks are untimed; run without -n"
        )
    session.disabled = False
    return None
