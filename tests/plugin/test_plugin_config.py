"""Configuration: one precedence (command line > env > [tool.bencher] > defaults), clear errors,
and GitHub pull requests compared against their base out of the box."""

from __future__ import annotations

import pytest
from tests.plugin.conftest import SLEEPY, Project

from bencher_core.settings import default_testbed


@pytest.mark.parametrize(
    ("flag", "env", "pyproject", "expected"),
    [
        pytest.param("tb-cli", "tb-env", "tb-pyproject", "tb-cli", id="cli-over-env-and-pyproject"),
        pytest.param(None, "tb-env", "tb-pyproject", "tb-env", id="env-over-pyproject"),
        pytest.param(None, None, "tb-pyproject", "tb-pyproject", id="pyproject-over-default"),
        pytest.param(None, None, None, default_testbed(), id="default"),
    ],
)
def test_precedence(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    flag: str | None,
    env: str | None,
    pyproject: str | None,
    expected: str,
) -> None:
    project.write("test_sleepy.py", SLEEPY)
    if env:
        monkeypatch.setenv("BENCHER_TESTBED", env)
    if pyproject:
        project.write("pyproject.toml", f'[tool.bencher]\ntestbed = "{pyproject}"\n')

    result = project.run("--bencher", *([f"--bencher-testbed={flag}"] if flag else []))

    assert result.ret == pytest.ExitCode.OK
    assert [r.testbed.name for r in project.reports()] == [expected]


def test_project_and_store_come_from_pyproject_and_the_root(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No BENCHER_* at all: project from [project].name, the store at <root>/.bencher/."""
    monkeypatch.delenv("BENCHER_PROJECT")
    monkeypatch.delenv("BENCHER_DB")
    project.write("pyproject.toml", '[project]\nname = "textstats"\n')
    project.write("test_sleepy.py", SLEEPY)
    (project.pytester.path / "tests").mkdir()

    result = project.run("--bencher", "tests/../test_sleepy.py")

    assert result.ret == pytest.ExitCode.OK
    store = project.pytester.path / ".bencher" / "bencher.db"
    result.stdout.fnmatch_lines([f"textstats · branch main · * → {store}"])
    assert (store.parent / ".gitignore").read_text().endswith("*\n")


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        pytest.param(
            'timeout = "soon"',
            "invalid configuration tool.bencher.timeout = 'soon': expected a number of seconds",
            id="bad-number",
        ),
        pytest.param(
            'fail = "maybe"',
            "invalid configuration tool.bencher.fail = 'maybe': expected true or false",
            id="bad-bool",
        ),
        pytest.param(
            "colour = 1", "invalid configuration tool.bencher.colour = 1: unknown key", id="unknown"
        ),
        pytest.param(
            '[tool.bencher.thresholds.latency]\ntest = "t_test"\nupper_boundary = 2.0',
            "invalid configuration tool.bencher.thresholds.latency = *upper_boundary must be in "
            "[[]0.5, 1.0), got 2.0",
            id="bad-threshold",
        ),
        pytest.param(
            'average = "mode"',
            "*tool.bencher.average = 'mode': expected mean or median",
            id="average",
        ),
    ],
)
def test_a_broken_pyproject_value_is_a_usage_error_naming_it(
    project: Project, pyproject: str, message: str
) -> None:
    project.write("test_sleepy.py", SLEEPY)
    header = "" if pyproject.startswith("[") else "[tool.bencher]\n"
    project.write("pyproject.toml", f"{header}{pyproject}\n")

    result = project.run("--bencher")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: pytest-bencher: *{message}*"])
    assert project.reports() == []


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        pytest.param(
            ["--bencher", "--bencher-timeout=-1"],
            {},
            "invalid configuration --bencher-timeout = -1.0: must be positive",
            id="flag",
        ),
        pytest.param(
            ["--bencher"],
            {"BENCHER_TIMEOUT": "soon"},
            "invalid configuration BENCHER_TIMEOUT = 'soon': expected a number of seconds",
            id="env",
        ),
        pytest.param(
            [],
            {"BENCHER_ENABLE": "perhaps"},
            "invalid configuration BENCHER_ENABLE = 'perhaps': expected true or false",
            id="enable",
        ),
    ],
)
def test_bad_flags_and_variables_name_themselves(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    message: str,
) -> None:
    project.write("test_sleepy.py", SLEEPY)
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    result = project.run(*args)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: pytest-bencher: {message}"])


@pytest.mark.parametrize(
    ("head", "head_repo", "branch", "note"),
    [
        pytest.param("fix-parser", "acme/textstats", "fix-parser", "", id="same-repository"),
        pytest.param(
            "fix-parser", "someone/textstats", "pr/7", " (a fork's pull request)", id="fork"
        ),
        pytest.param("main", "acme/textstats", "pr/7", "", id="head-named-like-base"),
    ],
)
def test_a_pull_request_starts_from_its_base(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    head: str,
    head_repo: str,
    branch: str,
    note: str,
) -> None:
    project.write("test_sleepy.py", SLEEPY)
    assert project.run("--bencher").ret == pytest.ExitCode.OK  # history on main
    project.pull_request(monkeypatch, head=head, head_repo=head_repo)

    result = project.run("--bencher")

    assert result.ret == pytest.ExitCode.OK
    main, pr = project.reports()
    assert (main.branch.name, pr.branch.name) == ("main", branch)
    assert pr.start_point is not None and pr.start_point.branch == "main"
    assert not pr.comparison.empty  # the PR's first run already has main's history
    result.stdout.fnmatch_lines([f"pull request #7{note}: compared against main @ bbbbbbbbbbbb"])
