"""Bencher's naming rules: slugs, resource names, benchmark names, ignore suffixes."""

from __future__ import annotations

import re
import unicodedata
import uuid

__all__ = [
    "BENCHMARK_NAME_MAX_BYTES",
    "BRANCH_NAME_MAX_CHARS",
    "IGNORE_SUFFIXES",
    "RESOURCE_NAME_MAX_CHARS",
    "SLUG_MAX_CHARS",
    "check_benchmark_name",
    "check_branch_name",
    "check_resource_name",
    "is_slug",
    "is_uuid",
    "slugify",
    "strip_ignore",
]

BENCHMARK_NAME_MAX_BYTES = 1024
BRANCH_NAME_MAX_CHARS = 256
RESOURCE_NAME_MAX_CHARS = 64
SLUG_MAX_CHARS = 64
IGNORE_SUFFIXES = ("_bencher_ignore", "BencherIgnore", "-bencher-ignore")

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_chars: int = SLUG_MAX_CHARS) -> str:
    """Lower-case ASCII, runs of anything else folded to one ``-``, no leading or trailing ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_chars].rstrip("-")


#: What ``slugify`` leaves unchanged: lower-case ASCII letters and digits in runs joined by
#: single hyphens (no hyphen first or last).
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """A slug is 1..64 characters and already equal to its own slugification."""
    return 0 < len(text) <= SLUG_MAX_CHARS and _SLUG.fullmatch(text) is not None


def is_uuid(text: str) -> bool:
    """True when ``text`` is a UUID in its canonical hyphenated form."""
    if len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def check_benchmark_name(name: str) -> str:
    """A benchmark name is non-empty and at most 1024 bytes of UTF-8."""
    if not name:
        raise ValueError("benchmark name is empty")
    size = len(name.encode("utf-8"))
    if size > BENCHMARK_NAME_MAX_BYTES:
        raise ValueError(
            f"benchmark name is {size} bytes, more than {BENCHMARK_NAME_MAX_BYTES}: {name[:60]!r}…"
        )
    return name


def check_resource_name(name: str, *, what: str = "name") -> str:
    """Measure, testbed and project names: 1..64 characters once trimmed."""
    trimmed = name.strip()
    if not trimmed:
        raise ValueError(f"{what} is empty")
    if len(trimmed) > RESOURCE_NAME_MAX_CHARS:
        raise ValueError(
            f"{what} {trimmed[:40]!r}… is {len(trimmed)} characters, "
            f"more than {RESOURCE_NAME_MAX_CHARS}"
        )
    return trimmed


def check_branch_name(name: str) -> str:
    """Branch names: 1..256 characters."""
    if not name.strip():
        raise ValueError("branch name is empty")
    if len(name) > BRANCH_NAME_MAX_CHARS:
        raise ValueError(f"branch name is longer than {BRANCH_NAME_MAX_CHARS} characters")
    return name


def strip_ignore(name: str) -> tuple[str, bool]:
    """Strip one of Bencher's ignore suffixes; return the name and whether one was found."""
    for suffix in IGNORE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], True
    return name, False
