"""pytest-bencher: ``pytest --bencher`` reports benchmark history and gates CI in the test run."""

from __future__ import annotations

__all__: list[str] = []
