"""The plugin is inert unless asked, and `-p no:bencher` removes it."""

from __future__ import annotations

import pytest
from tests.plugin.conftest import SLEEPY, Project

#: A test that fails when any heavy module was loaded into the pytest process.
NOTHING_HEAVY = """\
import sys

HEAVY = {"pydantic", "numpy", "scipy", "sqlite3", "sqlalchemy", "alembic", "httpx"}


def test_nothing_heavy_loaded():
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
    core = ("bencher_core.models", "bencher_core.settings")
    loaded += sorted(m for m in sys.modules if m.startswith(core))
    assert loaded == []
"""


def test_without_the_flag_nothing_happens(project: Project) -> None:
    project.write("test_sleepy.py", SLEEPY)
    project.write("test_light.py", NOTHING_HEAVY)

    result = project.run()

    result.assert_outcomes(passed=3)
    assert "= bencher =" not in result.stdout.str()
    assert project.reports() == []
    assert not (project.pytester.path / ".bencher").exists()


def test_with_the_flag_the_core_is_loaded(project: Project) -> None:
    """The control for the test above: the same check fails once the plugin is on."""
    project.write("test_light.py", NOTHING_HEAVY)

    result = project.run("--bencher")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no benchmark results in this session: nothing submitted*"])


@pytest.mark.parametrize(
    ("env", "pyproject", "args", "enabled"),
    [
        pytest.param({}, None, ["--bencher"], True, id="flag"),
        pytest.param({"BENCHER_ENABLE": "1"}, None, [], True, id="env"),
        pytest.param({}, "bencher = true", [], True, id="pyproject-bencher"),
        pytest.param({}, "enable = true", [], True, id="pyproject-enable"),
        pytest.param(
            {"BENCHER_ENABLE": "0"}, "bencher = true", [], False, id="env-beats-pyproject"
        ),
        pytest.param({"BENCHER_ENABLE": "0"}, None, ["--bencher"], True, id="flag-beats-env"),
        pytest.param({}, 'project = "x"', [], False, id="pyproject-without-switch"),
    ],
)
def test_what_switches_it_on(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    pyproject: str | None,
    args: list[str],
    enabled: bool,
) -> None:
    project.write("test_sleepy.py", SLEEPY)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    if pyproject is not None:
        project.write("pyproject.toml", f"[tool.bencher]\n{pyproject}\n")

    result = project.run(*args)

    result.assert_outcomes(passed=2)
    assert ("= bencher =" in result.stdout.str()) is enabled
    assert len(project.reports()) == (1 if enabled else 0)


def test_the_entry_point_loads_it_and_p_no_bencher_removes_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("test_sleepy.py", SLEEPY)
    monkeypatch.setenv("BENCHER_ENABLE", "1")

    on = project.run_autoload(monkeypatch=monkeypatch)
    off = project.run_autoload("-p", "no:bencher", monkeypatch=monkeypatch)
    unknown = project.run_autoload("-p", "no:bencher", "--bencher", monkeypatch=monkeypatch)

    assert "= bencher =" in on.stdout.str()
    assert "= bencher =" not in off.stdout.str()
    assert off.ret == pytest.ExitCode.OK
    assert len(project.reports()) == 1
    assert unknown.ret == pytest.ExitCode.USAGE_ERROR
    unknown.stderr.fnmatch_lines(["*unrecognized arguments: --bencher*"])


def test_the_fixture_works_and_drops_records_when_off(project: Project) -> None:
    project.write(
        "test_rec.py",
        """
        def test_rec(bencher):
            assert not bencher.enabled
            bencher.record("accuracy", 0.9, units="ratio", higher_is_better=True)
        """,
    )

    result = project.run()

    result.assert_outcomes(passed=1)
    assert project.reports() == []
