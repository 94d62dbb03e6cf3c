"""``bencher parse [--adapter SLUG] [--average mean|median] FILE…``: harness output → BMF JSON.

The command-line surface lives in :mod:`bencher_core.cli._parse`; this module does the work so
that it stays usable (and testable) without click.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bencher_core.adapters import parse, resolve_adapter
from bencher_core.adapters._files import load_output
from bencher_core.errors import UsageError
from bencher_core.models.metric import Results, results_to_bmf
from bencher_core.models.run import Average

__all__ = ["parse_command", "parse_files"]


def _average(average: str | None) -> Average | None:
    if average is None:
        return None
    try:
        return Average(average)
    except ValueError:
        raise UsageError(f"--average {average!r}: expected mean or median") from None


def parse_files(
    files: list[str], adapter: str | None = None, average: str | None = None
) -> Results:
    """Parse each file (``-`` or no file: standard input) and merge the results.

    A benchmark found in several files keeps the measures of all of them; for the same
    benchmark and measure, the later file wins.

    Raises:
        UsageError: an unknown adapter or average, or a file that cannot be read.
        AdapterError: a file the adapter cannot parse (magic: that no adapter recognises).
    """
    slug = resolve_adapter(adapter)
    avg = _average(average)
    merged: Results = {}
    for name in files or ["-"]:
        text = sys.stdin.read() if name == "-" else load_output(name)
        source = "<stdin>" if name == "-" else name
        for bench, measures in parse(text, slug, average=avg, source=source).items():
            merged.setdefault(bench, {}).update(measures)
    return merged


def parse_command(
    files: list[str],
    adapter: str | None,
    average: str | None,
    *,
    out: TextIO | None = None,
) -> int:
    """Print the parsed results of ``files`` as one BMF JSON object; return the exit status.

    Errors propagate as :class:`~bencher_core.errors.BencherError` for the CLI to report.
    """
    results = parse_files(files, adapter, average)
    stream = out if out is not None else sys.stdout
    json.dump(results_to_bmf(results), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
    return 0
