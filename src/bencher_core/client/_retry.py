"""When to try again: exponential backoff bounded by a total time budget.

A CI job must never hang on a dead server: every attempt and every pause fits in the budget
(``BENCHER_TIMEOUT``, 30 s by default), after which the caller gives up (and spools the run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["RETRY_STATUSES", "RetryPolicy"]

#: Answers worth another attempt: rate limited, and the server or a proxy failing.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff ``first_delay`` × 2ⁿ (at most ``max_delay``) within ``budget`` seconds in total.

    Args:
        budget: total seconds for all attempts and pauses.
        first_delay: the pause after the first failure.
        max_delay: the longest pause.
        attempt_timeout: the longest a single attempt may take (also bounded by what is left).
    """

    budget: float = 30.0
    first_delay: float = 0.5
    max_delay: float = 8.0
    attempt_timeout: float = 15.0

    def delays(self) -> Iterator[float]:
        """The pauses between attempts: 0.5, 1, 2, 4, 8, 8, … seconds."""
        delay = self.first_delay
        while True:
            yield delay
            delay = min(delay * 2, self.max_delay)
