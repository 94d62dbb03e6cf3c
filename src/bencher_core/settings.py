"""Settings: one model, one precedence, used by the CLI, the plugin and the Python API.

Precedence: explicit values (command line / keyword arguments) > ``BENCHER_*`` environment
variables > ``[tool.bencher]`` in the nearest pyproject.toml > defaults (project from
``[project].name`` or the project root's name; branch and hash from git — or, on a GitHub pull
request, the PR branch started from its base; testbed from OS, architecture and interpreter).

One rule finds the embedded store: ``db`` from the layers above, else ``.bencher/bencher.db``
at the project root (the folder of the nearest pyproject.toml, else the git root, else the
current folder).
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bencher_core.errors import ConfigError
from bencher_core.models.run import BenchmarkThresholds, StartPoint
from bencher_core.models.threshold import Model
from bencher_core.project import find_project_root, git, github_pull_request, read_pyproject

__all__ = ["ENV_VARS", "Settings", "default_testbed", "resolve_settings", "store_location"]

#: setting -> environment variable (Bencher's names where Bencher has one).
ENV_VARS = {
    "project": "BENCHER_PROJECT",
    "branch": "BENCHER_BRANCH",
    "hash": "BENCHER_HASH",
    "testbed": "BENCHER_TESTBED",
    "adapter": "BENCHER_ADAPTER",
    "db": "BENCHER_DB",
    "host": "BENCHER_HOST",
    "token": "BENCHER_API_TOKEN",
    "enable": "BENCHER_ENABLE",
    "timeout": "BENCHER_TIMEOUT",
}

_BOOL_TRUE = {"1", "true", "yes", "on"}
_BOOL_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Settings:
    """Everything a submission needs, resolved once."""

    project: str
    branch: str
    hash: str | None
    testbed: str
    db: str
    root: Path
    host: str | None = None
    token: str | None = None
    adapter: str | None = None
    average: str | None = None
    enable: bool = False
    fail: bool = True
    offline_ok: bool = False
    timeout: float = 30.0
    default_thresholds: bool = True
    thresholds: dict[str, Model] = field(default_factory=dict)
    overrides: tuple[BenchmarkThresholds, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    start_point: StartPoint | None = None
    baseline_note: str | None = None

    @property
    def remote(self) -> bool:
        return bool(self.host)


def default_testbed() -> str:
    """``<os>-<arch>-<implementation><major>.<minor>``, e.g. ``linux-x86_64-cpython3.11``."""
    osname = {"darwin": "macos", "win32": "windows"}.get(
        sys.platform, sys.platform.rstrip("0123456789")
    )
    impl = sys.implementation.name
    arch = platform.machine().lower() or "unknown"
    return f"{osname}-{arch}-{impl}{sys.version_info[0]}.{sys.version_info[1]}"


def store_location(root: Path) -> Path:
    """The embedded store at ``root``: ``.bencher/bencher.db`` (the folder gets a .gitignore)."""
    return root / ".bencher" / "bencher.db"


def ensure_store_folder(db_path: Path) -> None:
    folder = db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if folder.name == ".bencher" and not ignore.exists():
        ignore.write_text("# created by pytest-bencher: the embedded store stays out of git\n*\n")


def _as_bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _BOOL_TRUE:
        return True
    if text in _BOOL_FALSE:
        return False
    raise ConfigError(key, value, "expected true or false")


def _as_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(key, value, "expected a list of glob patterns")


def _thresholds(key: str, value: Any) -> dict[str, Model]:
    from pydantic import ValidationError

    if not isinstance(value, Mapping):
        raise ConfigError(key, value, "expected a table of measure = {test = ..., ...}")
    out: dict[str, Model] = {}
    for measure, spec in value.items():
        try:
            out[str(measure)] = Model.model_validate(spec)
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise ConfigError(
                f"{key}.{measure}{'.' + where if where else ''}", spec, err["msg"]
            ) from e
    return out


def _overrides(key: str, value: Any) -> tuple[BenchmarkThresholds, ...]:
    """``[[tool.bencher.overrides]]``: ``benchmarks = [globs]`` with ``thresholds.<measure>``."""
    if not isinstance(value, (list, tuple)):
        raise ConfigError(key, value, "expected an array of tables ([[tool.bencher.overrides]])")
    out: list[BenchmarkThresholds] = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, Mapping) or set(item) != {"benchmarks", "thresholds"}:
            raise ConfigError(where, item, "expected exactly benchmarks = [globs] and thresholds")
        globs = _as_list(f"{where}.benchmarks", item["benchmarks"])
        if not globs:
            raise ConfigError(
                f"{where}.benchmarks", item["benchmarks"], "expected at least one glob"
            )
        models = _thresholds(f"{where}.thresholds", item["thresholds"])
        if not models:
            raise ConfigError(f"{where}.thresholds", item["thresholds"], "expected a measure")
        out.append(BenchmarkThresholds(benchmarks=list(globs), models=models))
    return tuple(out)


_KNOWN = {f.name for f in fields(Settings)} - {"root", "baseline_note", "start_point"} | {
    "start_point_branch"
}


def _from_pyproject(doc: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    tool = doc.get("tool", {}).get("bencher", {})
    if not isinstance(tool, Mapping):
        raise ConfigError("tool.bencher", tool, "expected a table")
    out: dict[str, tuple[str, Any]] = {}
    for raw_key, value in tool.items():
        key = raw_key.replace("-", "_")
        if key == "bencher":
            key = "enable"
        if key not in _KNOWN:
            raise ConfigError(
                f"tool.bencher.{raw_key}",
                value,
                f"unknown key (known: {', '.join(sorted(_KNOWN))})",
            )
        out[key] = (f"tool.bencher.{raw_key}", value)
    return out


def resolve_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Resolve settings from ``overrides`` > env > pyproject > defaults.

    ``overrides`` holds only what the user set explicitly (None values are ignored).

    Raises:
        ConfigError: naming the key (``--flag``, ``BENCHER_X`` or ``tool.bencher.x``) and value.
    """
    env = os.environ if env is None else env
    cwd = (cwd or Path.cwd()).resolve()
    root = find_project_root(cwd)
    pyproject = read_pyproject(root)
    layers: dict[str, tuple[str, Any]] = _from_pyproject(pyproject)
    for name, var in ENV_VARS.items():
        if env.get(var) not in (None, ""):
            layers[name] = (var, env[var])
    for name, value in (overrides or {}).items():
        if value is not None:
            layers[name] = (f"--{name.replace('_', '-')}", value)

    def get(name: str, default: Any = None) -> Any:
        return layers[name][1] if name in layers else default

    def src(name: str) -> str:
        return layers[name][0] if name in layers else name

    project = get("project") or pyproject.get("project", {}).get("name") or root.name
    pr = github_pull_request(env, root) if "branch" not in layers else None
    branch = (
        get("branch")
        or (pr.branch if pr else None)
        or git(root, "rev-parse", "--abbrev-ref", "HEAD")
    )
    if branch in (None, "HEAD"):
        branch = "main"
    git_hash = get("hash") or (pr.hash if pr else None) or git(root, "rev-parse", "HEAD")
    start_point = None
    if get("start_point_branch"):
        start_point = StartPoint(branch=str(get("start_point_branch")))
    elif pr is not None:
        start_point = StartPoint(branch=pr.base, hash=pr.base_hash, clone_thresholds=True)
    db = get("db")
    if db is None:
        db_path = store_location(root)
        ensure_store_folder(db_path)
        db = str(db_path)
    elif "://" not in str(db):
        db = str((cwd / str(db)).resolve()) if not Path(str(db)).is_absolute() else str(db)
    try:
        timeout = float(get("timeout", 30.0))
    except (TypeError, ValueError) as e:
        raise ConfigError(src("timeout"), get("timeout"), "expected a number of seconds") from e
    if timeout <= 0:
        raise ConfigError(src("timeout"), timeout, "must be positive")
    average = get("average")
    if average is not None and average not in ("mean", "median"):
        raise ConfigError(src("average"), average, "expected mean or median")
    return Settings(
        project=str(project),
        branch=str(branch),
        hash=str(git_hash) if git_hash else None,
        testbed=str(get("testbed") or default_testbed()),
        db=str(db),
        root=root,
        host=get("host"),
        token=get("token"),
        adapter=get("adapter"),
        average=average,
        enable=_as_bool(src("enable"), get("enable", False)),
        fail=_as_bool(src("fail"), get("fail", True)),
        offline_ok=_as_bool(src("offline_ok"), get("offline_ok", False)),
        timeout=timeout,
        default_thresholds=_as_bool(src("default_thresholds"), get("default_thresholds", True)),
        thresholds=_thresholds(src("thresholds"), get("thresholds", {})),
        overrides=_overrides(src("overrides"), get("overrides", [])),
        ignore=_as_list(src("ignore"), get("ignore", ())),
        exclude=_as_list(src("exclude"), get("exclude", ())),
        start_point=start_point,
        baseline_note=pr.note if pr else None,
    )
