"""pytest-bencher: ``pytest --bencher`` reports benchmark history and gates CI in the test run.

The plugin itself is :mod:`pytest_bencher.plugin` (entry point ``bencher``); the public name
here is the type of the ``bencher`` fixture, for annotations::

    from pytest_bencher import BencherRecorder

    def test_accuracy(bencher: BencherRecorder) -> None:
        bencher.record("accuracy", 0.93, units="ratio", higher_is_better=True)
"""

from __future__ import annotations

from pytest_bencher._fixture import BencherRecorder

__all__ = ["BencherRecorder"]
