"""Facts about the user's project: its root, pyproject.toml, git, and GitHub pull requests."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bencher_core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["PullRequest", "find_project_root", "git", "github_pull_request", "read_pyproject"]


def find_project_root(start: Path) -> Path:
    """The folder of the nearest pyproject.toml, else the git root, else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def read_pyproject(root: Path) -> dict[str, Any]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        doc: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return doc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), "…", f"not valid TOML: {e}") from e


def git(root: Path, *args: str) -> str | None:
    """Run git in ``root``; its stripped stdout, or None when git or the repository is missing."""
    try:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


@dataclass(frozen=True)
class PullRequest:
    """How a GitHub pull request run is recorded: its branch, and the base it starts from."""

    branch: str
    base: str
    base_hash: str | None
    hash: str | None
    number: int | None
    note: str


def github_pull_request(env: Mapping[str, str], root: Path) -> PullRequest | None:
    """Branch and start point for a GitHub Actions pull_request run (``GITHUB_BASE_REF`` set).

    The branch is ``GITHUB_HEAD_REF``; a fork's PR, or one whose head name equals the base's,
    gets ``pr/<number>`` so it never writes into the base's history. The start point is the base
    branch at the merge base (or the event's base commit on a shallow checkout), with thresholds
    cloned.
    """
    base = env.get("GITHUB_BASE_REF")
    head = env.get("GITHUB_HEAD_REF")
    if not base or not head:
        return None
    event: dict[str, Any] = {}
    event_path = env.get("GITHUB_EVENT_PATH")
    if event_path and Path(event_path).is_file():
        try:
            event = json.loads(Path(event_path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            event = {}
    pr = event.get("pull_request") or {}
    number = pr.get("number") or event.get("number")
    if number is None:
        ref = env.get("GITHUB_REF", "")  # refs/pull/<n>/merge
        parts = ref.split("/")
        number = (
            int(parts[2]) if len(parts) > 2 and parts[1] == "pull" and parts[2].isdigit() else None
        )
    head_repo = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
    base_repo = ((pr.get("base") or {}).get("repo") or {}).get("full_name")
    fork = bool(head_repo and base_repo and head_repo != base_repo)
    branch = head
    if fork or head == base:
        branch = f"pr/{number}" if number is not None else f"pr/{head}"
    base_hash = git(root, "merge-base", "HEAD", f"origin/{base}") or (pr.get("base") or {}).get(
        "sha"
    )
    head_hash = (pr.get("head") or {}).get("sha") or env.get("GITHUB_SHA")
    short = f" @ {base_hash[:12]}" if base_hash else ""
    why = " (a fork's pull request)" if fork else ""
    note = f"pull request #{number}{why}: compared against {base}{short}"
    return PullRequest(branch, base, base_hash, head_hash, int(number) if number else None, note)
