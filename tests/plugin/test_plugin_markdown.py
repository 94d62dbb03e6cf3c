"""Markdown for CI: --bencher-markdown PATH and $GITHUB_STEP_SUMMARY (verdict first)."""

from __future__ import annotations

import pytest
from tests.plugin.conftest import SLEEPY, Project, slow_down

SLOW = "test_sleepy.py::test_sleepy"


def test_a_pull_request_regression_as_markdown(
    history: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PR's first run is judged against main's history and the comment body says so."""
    summary = history.pytester.path / "step-summary.md"
    summary.write_text("# Unit tests\nall green\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    history.pull_request(monkeypatch, head="slower-parser")
    slow_down(monkeypatch)

    result = history.run("--bencher", "--bencher-markdown", "out/bencher.md")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    text = (history.pytester.path / "out" / "bencher.md").read_text()
    lines = text.splitlines()
    assert lines[0].startswith("## ")
    verdict = next(i for i, line in enumerate(lines) if line.startswith("**"))
    alerts = next(i for i, line in enumerate(lines) if line.startswith("### 🚨 1 alert"))
    details = next(i for i, line in enumerate(lines) if line.startswith("<details>"))
    assert verdict < alerts < details
    assert SLOW in lines[alerts + 4]  # the first row of the alerts table
    assert "slower-parser" in lines[2]
    assert lines[-1] == "_pull request #7: compared against main @ bbbbbbbbbbbb_"
    assert summary.read_text() == "# Unit tests\nall green\n" + text


def test_a_quiet_run_still_writes_the_markdown(project: Project) -> None:
    project.write("test_sleepy.py", SLEEPY)

    result = project.run("--bencher", "--bencher-markdown", "bencher.md")

    assert result.ret == pytest.ExitCode.OK
    text = (project.pytester.path / "bencher.md").read_text()
    assert "nothing to compare yet" in text
    assert "🚨" not in text


def test_an_unwritable_markdown_path_is_said(project: Project) -> None:
    project.write("test_sleepy.py", SLEEPY)
    (project.pytester.path / "taken").write_text("a file, not a folder")

    result = project.run("--bencher", "--bencher-markdown", "taken/bencher.md")

    result.stdout.fnmatch_lines(["*--bencher-markdown */taken/bencher.md: cannot write*"])
    assert len(project.reports()) == 1
