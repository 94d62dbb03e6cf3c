"""``python -m bencher_core.cli`` is the ``bencher`` command."""

from __future__ import annotations

from bencher_core.cli import main

if __name__ == "__main__":
    main()
