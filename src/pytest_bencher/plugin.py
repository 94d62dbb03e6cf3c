"""The pytest plugin entry point (filled in by the plugin issue)."""

from __future__ import annotations
