"""asv's configuration (``asv.conf.json``): where results go and which branches are benchmarked.

asv reads its configuration as JSON with JavaScript-style extras (``//`` and ``/* */`` comments,
trailing commas), as ``asv quickstart`` writes it; :func:`loads_jsonc` accepts the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bencher_core.errors import UsageError

__all__ = ["CONFIG_NAMES", "AsvConfig", "find_config", "loads_jsonc", "read_config"]

#: The names asv looks for in the current folder, in its order.
CONFIG_NAMES = ("asv.conf.json", "asv.conf.jsonc")


def _strip_extras(text: str) -> str:
    """``text`` without comments and trailing commas (string contents are left alone)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "]}":
            k = len(out) - 1
            while k >= 0 and out[k].isspace():
                k -= 1
            if k >= 0 and out[k] == ",":
                del out[k]
            out.append(ch)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def loads_jsonc(text: str) -> Any:
    """Decode JSON that may hold ``//`` and ``/* */`` comments and trailing commas.

    Raises:
        ValueError: the text is not JSON even without them.
    """
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(_strip_extras(text))


@dataclass(frozen=True)
class AsvConfig:
    """The parts of an asv configuration the integration uses.

    Attributes:
        path: the configuration file.
        results_dir: asv's ``results_dir`` as written (default ``results``).
        branches: asv's ``branches`` (the first is the one history is imported to).
        project: asv's ``project`` name, if set.
    """

    path: Path
    results_dir: str = "results"
    branches: tuple[str, ...] = ()
    project: str | None = None

    def results_path(self, base: Path | None = None) -> Path:
        """The results folder: ``results_dir`` relative to ``base`` (default: the config's
        folder; asv itself resolves it against the folder it runs in)."""
        folder = Path(self.results_dir)
        return folder if folder.is_absolute() else (base or self.path.parent) / folder

    @property
    def branch(self) -> str | None:
        """The first benchmarked branch, if the configuration names one."""
        return self.branches[0] if self.branches else None


def read_config(path: Path) -> AsvConfig:
    """Read an asv configuration file.

    Raises:
        UsageError: it cannot be read, is not JSON, or has a ``results_dir`` or ``branches`` of
            the wrong type.
    """
    try:
        doc = loads_jsonc(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise UsageError(f"cannot read asv configuration {path}: {e.strerror}") from e
    except (ValueError, UnicodeDecodeError) as e:
        raise UsageError(f"asv configuration {path} is not JSON: {e}") from e
    if not isinstance(doc, Mapping):
        raise UsageError(f"asv configuration {path} is not a JSON object")
    results_dir = doc.get("results_dir", "results")
    if not isinstance(results_dir, str) or not results_dir:
        raise UsageError(f"asv configuration {path}: results_dir must be a folder name")
    branches = doc.get("branches") or []
    if not isinstance(branches, list):
        raise UsageError(f"asv configuration {path}: branches must be a list of branch names")
    project = doc.get("project")
    return AsvConfig(
        path=path,
        results_dir=results_dir,
        branches=tuple(b for b in branches if isinstance(b, str) and b),
        project=project if isinstance(project, str) and project else None,
    )


def find_config(start: Path) -> AsvConfig | None:
    """The asv configuration of a results folder: in ``start`` or the nearest parent folder."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return read_config(candidate)
    return None
