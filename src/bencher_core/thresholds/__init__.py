"""Pure statistics on numpy arrays: history + threshold model → limits → alerts.

Bencher's seven tests (``static``, ``percentage``, ``z_score``, ``t_test``, ``log_normal``,
``iqr``, ``delta_iqr``) with Bencher's exact formulas, plus the calibrated default ``auto``
(per-run confidence; see :mod:`bencher_core.thresholds._auto`). All of them work on many series
at once. ``scipy.special`` loads on first use, not on import. Simulations that calibrate the
default live in :mod:`bencher_core.thresholds.simulate`.
"""

from __future__ import annotations

from bencher_core.thresholds._limits import Limits, compute_limits, outliers

__all__ = ["Limits", "compute_limits", "outliers"]
