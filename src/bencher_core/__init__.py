"""bencher_core: continuous benchmarking engine (Bencher's model, in Python).

``import bencher_core`` stays light: the store, the client and the server load lazily when
first used. The Python API::

    from bencher_core import Bencher
    report = Bencher(project="my-lib").submit({"parse": {"latency": {"value": 1520.0}}})
    assert not report.alerts
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bencher_core.errors import BencherError

__version__ = "0.1.0"

__all__ = ["Bencher", "BencherError", "__version__"]

if TYPE_CHECKING:
    from bencher_core.api import Bencher


def __getattr__(name: str) -> Any:
    if name == "Bencher":
        from bencher_core.api import Bencher

        return Bencher
    raise AttributeError(name)
