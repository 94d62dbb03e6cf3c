"""The client of a Bencher-shaped server (httpx): typed calls, retries, idempotency, spool.

* :class:`BencherClient` — the API, with bounded retries;
* :class:`RemoteBackend` — the :class:`~bencher_core.backends.Backend` over it (remote mode);
* :class:`Spool` — runs waiting for an unreachable server (``bencher sync``);
* :func:`push_history` — upload an embedded store's history (``bencher push``).
"""

from __future__ import annotations

from bencher_core.client._http import BencherClient
from bencher_core.client._push import PushResult, push_history, report_to_run
from bencher_core.client._remote import RemoteBackend, perf_points
from bencher_core.client._retry import RETRY_STATUSES, RetryPolicy
from bencher_core.client._spool import Spool, SpoolEntry

__all__ = [
    "RETRY_STATUSES",
    "BencherClient",
    "PushResult",
    "RemoteBackend",
    "RetryPolicy",
    "Spool",
    "SpoolEntry",
    "perf_points",
    "push_history",
    "report_to_run",
]
