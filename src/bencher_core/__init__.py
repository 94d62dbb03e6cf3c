"""bencher_core: continuous benchmarking engine (Bencher's model, in Python).

``import bencher_core`` stays light: models, adapters and thresholds load on demand; storage,
the client and the server load lazily when first used.
"""

from __future__ import annotations

from bencher_core.errors import BencherError

__version__ = "0.1.0"

__all__ = ["BencherError", "__version__"]
