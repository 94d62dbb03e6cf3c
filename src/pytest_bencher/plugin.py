"""The pytest plugin: ``pytest --bencher`` records benchmark history and gates the run.

Inert unless asked (``--bencher``, ``BENCHER_ENABLE=1`` or ``bencher = true`` in
``[tool.bencher]``): this module imports only pytest and the plugin's light option and fixture
modules; the core (pydantic models, numpy, the store) loads when the plugin is switched on.
``-p no:bencher`` removes it entirely.

Flow: options → ``bencher_core`` settings (one precedence) → collect every pytest-benchmark
result and every ``bencher.record`` → (xdist workers hand over to the controller) → submit
through the Backend → ``bencher`` summary section → alerts fail the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from pytest_bencher._fixture import BencherRecorder
from pytest_bencher._options import PluginOptions, add_options

if TYPE_CHECKING:
    from pytest_bencher._session import BencherSession

__all__ = ["SESSION", "bencher", "get_session", "pytest_addoption", "pytest_configure"]

#: The active session plugin object, when ``--bencher`` is on.
SESSION = pytest.StashKey["BencherSession"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def get_session(config: pytest.Config) -> BencherSession | None:
    """The plugin's state for this run, or None when the plugin is off."""
    return config.stash.get(SESSION, None)


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("help", False) or config.getoption("collectonly", False):
        return
    from pytest_bencher import _xdist

    options = PluginOptions.from_pytest_config(config)
    if _xdist.is_worker(config):
        sent = _xdist.worker_settings(config)
        if sent is None:
            return
        from pytest_bencher._session import BencherSession

        if sent.get("group"):
            config.option.loadgroup = True  # xdist reads it when it collects (remote.py)
        session = BencherSession(
            config,
            role="worker",
            options=options,
            settings=None,
            average=sent.get("average"),
            grouped=bool(sent.get("group")),
        )
    else:
        if not options.may_enable():
            return
        settings = options.resolve()
        if not settings.enable:
            return
        from pytest_bencher._session import BencherSession

        controller = _xdist.is_controller(config)
        session = BencherSession(
            config,
            role="controller" if controller else "local",
            options=options,
            settings=settings,
            average=settings.average,
            grouped=_xdist.group_benchmarks(config) if controller else False,
        )
    if session.role != "local":
        _xdist.silence_disabled_warning(config)
    config.stash[SESSION] = session
    config.pluginmanager.register(session, "bencher-session")


@pytest.fixture
def bencher(request: pytest.FixtureRequest) -> BencherRecorder:
    """Record any metric from a test: ``bencher.record(measure, value, *, lower=None,
    upper=None, benchmark=None, units=None, higher_is_better=None)``.

    The benchmark defaults to the test's node id. Without ``--bencher`` records are dropped.
    """
    session = get_session(request.config)
    if session is None:
        return BencherRecorder(request.node.nodeid, None)
    return session.recorder(request.node)
