"""The offline spool: runs a server could not take wait in ``.bencher/spool/`` for ``bencher sync``.

Each run is one JSON file named after its idempotency key, written atomically, holding the run
and the server it was meant for; uploading it later cannot store it twice. Runs a server
refuses for good (4xx) move to ``spool/rejected/`` with the reason next to them, so nothing a
user ran is ever deleted unseen.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from bencher_core.errors import StoreError
from bencher_core.models.run import NewRun

__all__ = ["Spool", "SpoolEntry"]


@dataclass(frozen=True)
class SpoolEntry:
    """One spooled run."""

    path: Path
    run: NewRun
    host: str | None


class Spool:
    """The spool folder (``<project root>/.bencher/spool`` by default)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def at_root(cls, root: Path) -> Spool:
        """The spool of the project at ``root``."""
        from bencher_core.settings import ensure_store_folder, store_location

        ensure_store_folder(store_location(root))  # .bencher/ with its .gitignore
        return cls(store_location(root).parent / "spool")

    def put(self, new_run: NewRun, *, host: str | None) -> Path:
        """Write ``new_run`` (given an idempotency key if it has none) and return its file.

        Raises:
            StoreError: the folder cannot be written.
        """
        if new_run.idempotency_key is None:
            new_run = new_run.model_copy(update={"idempotency_key": uuid.uuid4()})
        path = self.folder / f"{new_run.idempotency_key}.json"
        doc = {
            "version": 1,
            "host": host,
            "run": new_run.model_dump(mode="json", exclude_none=True),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(doc), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as e:
            raise StoreError(f"cannot write the spool file {path}: {e}") from e
        return path

    def entries(self) -> list[SpoolEntry]:
        """Spooled runs, oldest first (unreadable files are moved to ``rejected/``)."""
        if not self.folder.is_dir():
            return []
        files = sorted(self.folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name))
        out: list[SpoolEntry] = []
        for path in files:
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                out.append(SpoolEntry(path, NewRun.model_validate(doc["run"]), doc.get("host")))
            except (OSError, ValueError, KeyError, TypeError) as e:
                self._move_aside(path, f"unreadable spool file: {e}")
        return out

    def remove(self, entry: SpoolEntry) -> None:
        """Forget an uploaded run."""
        entry.path.unlink(missing_ok=True)

    def reject(self, entry: SpoolEntry, reason: str) -> Path:
        """Move a run the server refused to ``rejected/`` with the reason beside it."""
        return self._move_aside(entry.path, reason)

    def _move_aside(self, path: Path, reason: str) -> Path:
        folder = self.folder / "rejected"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        os.replace(path, target)
        target.with_suffix(".error.txt").write_text(reason + "\n", encoding="utf-8")
        return target
