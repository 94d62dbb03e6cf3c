"""Reading harness output files: plain text, or gzip-compressed (pyperf's ``.json.gz``)."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

from bencher_core.errors import UsageError

__all__ = ["load_output"]

_GZIP_MAGIC = b"\x1f\x8b"


def load_output(path: str | os.PathLike[str]) -> str:
    """The text of a harness output file, decompressed when it is gzip (by content, not name).

    Undecodable bytes are replaced rather than refused: adapters match ASCII structure.

    Raises:
        UsageError: the file cannot be read or decompressed.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
        if data[:2] == _GZIP_MAGIC:
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise UsageError(f"cannot read {str(p)!r}: {e}") from e
    return data.decode("utf-8", errors="replace")
