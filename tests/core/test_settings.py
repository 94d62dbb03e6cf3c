"""Settings precedence, defaults and the one store-location rule."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bencher_core.errors import ConfigError
from bencher_core.settings import default_testbed, resolve_settings


def write_pyproject(folder: Path, body: str) -> None:
    (folder / "pyproject.toml").write_text(body)


def git_init(folder: Path, branch: str = "trunk") -> str:
    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *a], cwd=folder, check=True, capture_output=True, text=True)

    run("init", "-q", "-b", branch)
    run("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "x")
    return run("rev-parse", "HEAD").stdout.strip()


def test_precedence_cli_over_env_over_pyproject_over_defaults(tmp_path: Path) -> None:
    write_pyproject(
        tmp_path,
        '[project]\nname = "from-project"\n[tool.bencher]\nproject = "from-pyproject"\n'
        'testbed = "tb-pyproject"\nbranch = "br-pyproject"\n',
    )
    env = {"BENCHER_PROJECT": "from-env", "BENCHER_TESTBED": "tb-env"}
    s = resolve_settings({"project": "from-cli"}, env=env, cwd=tmp_path)
    assert (s.project, s.testbed, s.branch) == ("from-cli", "tb-env", "br-pyproject")
    s = resolve_settings({}, env=env, cwd=tmp_path)
    assert s.project == "from-env"
    s = resolve_settings({}, env={}, cwd=tmp_path)
    assert (s.project, s.testbed) == ("from-pyproject", "tb-pyproject")
    write_pyproject(tmp_path, '[project]\nname = "from-project"\n')
    assert resolve_settings({}, env={}, cwd=tmp_path).project == "from-project"


def test_defaults_from_git_and_the_interpreter(tmp_path: Path) -> None:
    sha = git_init(tmp_path, "trunk")
    s = resolve_settings({}, env={}, cwd=tmp_path)
    assert (s.project, s.branch, s.hash, s.testbed) == (
        tmp_path.name,
        "trunk",
        sha,
        default_testbed(),
    )
    assert default_testbed().startswith("linux-") and "cpython3." in default_testbed()


def test_store_lives_at_the_project_root_from_any_subfolder(tmp_path: Path) -> None:
    write_pyproject(tmp_path, '[project]\nname = "p"\n')
    sub = tmp_path / "src" / "deep"
    sub.mkdir(parents=True)
    a = resolve_settings({}, env={}, cwd=tmp_path)
    b = resolve_settings({}, env={}, cwd=sub)
    assert a.db == b.db == str(tmp_path / ".bencher" / "bencher.db")
    assert (tmp_path / ".bencher" / ".gitignore").read_text().strip().endswith("*")


def test_git_root_is_the_project_root_without_pyproject(tmp_path: Path) -> None:
    git_init(tmp_path)
    sub = tmp_path / "pkg"
    sub.mkdir()
    assert resolve_settings({}, env={}, cwd=sub).db == str(tmp_path / ".bencher" / "bencher.db")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            {"env": {"BENCHER_DB": "postgresql://u@h/db"}}, "postgresql://u@h/db", id="env-url"
        ),
        pytest.param({"cli": {"db": "other.db"}}, "{root}/other.db", id="cli-relative-path"),
        pytest.param({"toml": 'db = "sqlite:////x/y.db"'}, "sqlite:////x/y.db", id="pyproject-url"),
    ],
)
def test_store_location_overrides(tmp_path: Path, source: dict[str, object], expected: str) -> None:
    write_pyproject(tmp_path, "[tool.bencher]\n" + str(source.get("toml", "")) + "\n")
    s = resolve_settings(source.get("cli", {}), env=source.get("env", {}), cwd=tmp_path)  # type: ignore[arg-type]
    assert s.db == expected.format(root=tmp_path)


@pytest.mark.parametrize(
    ("toml", "env", "match"),
    [
        pytest.param(
            "colour = true", {}, r"tool\.bencher\.colour = True: unknown key", id="unknown-key"
        ),
        pytest.param(
            "fail = 'maybe'",
            {},
            r"tool\.bencher\.fail = 'maybe': expected true or false",
            id="bad-bool",
        ),
        pytest.param(
            "",
            {"BENCHER_TIMEOUT": "soon"},
            r"BENCHER_TIMEOUT = 'soon': expected a number",
            id="bad-env",
        ),
        pytest.param(
            "[tool.bencher.thresholds.latency]\ntest = 't_test'\nupper_boundary = 1.5",
            {},
            r"tool\.bencher\.thresholds\.latency",
            id="bad-threshold",
        ),
        pytest.param("db = 'mysql://x'", {}, None, id="bad-store-url-is-caught-on-open"),
    ],
)
def test_bad_configuration_names_key_and_value(
    tmp_path: Path, toml: str, env: dict[str, str], match: str | None
) -> None:
    body = toml if toml.startswith("[") else "[tool.bencher]\n" + toml
    write_pyproject(tmp_path, body)
    if match is None:
        from bencher_core.store.db import open_database

        with pytest.raises(ConfigError, match=r"BENCHER_DB = 'mysql://x': unsupported store URL"):
            open_database(resolve_settings({}, env=env, cwd=tmp_path).db)
        return
    with pytest.raises(ConfigError, match=match):
        resolve_settings({}, env=env, cwd=tmp_path)


def test_thresholds_from_pyproject(tmp_path: Path) -> None:
    write_pyproject(
        tmp_path, "[tool.bencher.thresholds.latency]\ntest = 'percentage'\nupper_boundary = 0.2\n"
    )
    s = resolve_settings({}, env={}, cwd=tmp_path)
    assert s.thresholds["latency"].test.value == "percentage"
    assert s.thresholds["latency"].upper_boundary == 0.2


@pytest.mark.parametrize(
    ("head", "head_repo", "expected_branch"),
    [
        pytest.param("feature-x", "org/repo", "feature-x", id="same-repo"),
        pytest.param("feature-x", "fork/repo", "pr/42", id="fork"),
        pytest.param("main", "org/repo", "pr/42", id="head-named-like-base"),
    ],
)
def test_github_pull_request_compares_against_its_base(
    tmp_path: Path, head: str, head_repo: str, expected_branch: str
) -> None:
    event = {
        "number": 42,
        "pull_request": {
            "number": 42,
            "head": {"sha": "h" * 40, "repo": {"full_name": head_repo}},
            "base": {"sha": "b" * 40, "repo": {"full_name": "org/repo"}},
        },
    }
    (tmp_path / "event.json").write_text(json.dumps(event))
    env = {
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": head,
        "GITHUB_EVENT_PATH": str(tmp_path / "event.json"),
    }
    s = resolve_settings({}, env=env, cwd=tmp_path)
    assert s.branch == expected_branch
    assert s.hash == "h" * 40
    assert s.start_point is not None
    assert (s.start_point.branch, s.start_point.hash, s.start_point.clone_thresholds) == (
        "main",
        "b" * 40,
        True,
    )
    assert s.baseline_note is not None and "pull request #42" in s.baseline_note
