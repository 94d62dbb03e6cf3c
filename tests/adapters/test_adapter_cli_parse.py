"""``parse_command``: the work behind ``bencher parse`` (BMF JSON on stdout)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bencher_core.cli.parse import parse_command, parse_files
from bencher_core.errors import AdapterError, UsageError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GO = str(FIXTURES / "go_bench" / "plain.txt")
HYPERFINE = str(FIXTURES / "shell_hyperfine" / "basic.json")
PYPERF_GZ = str(FIXTURES / "python_pyperf" / "suite.json.gz")


def _run(files: list[str], adapter: str | None = None, average: str | None = None) -> Any:
    out = io.StringIO()
    assert parse_command(files, adapter, average, out=out) == 0
    return json.loads(out.getvalue())


def test_magic_merges_every_file_into_one_object() -> None:
    bmf = _run([GO, HYPERFINE, PYPERF_GZ])
    assert {"BenchmarkFib10-2", "sleep 0.01", "sort 1000 [reversed]"} <= set(bmf)
    assert bmf["BenchmarkFib10-2"] == {"latency": {"value": 722.3}}
    assert set(bmf["sleep 0.01"]["latency"]) >= {"value", "lower_value", "upper_value", "samples"}


def test_explicit_adapter_and_average() -> None:
    bmf = _run([HYPERFINE], "shell_hyperfine", "median")
    row = json.loads(Path(HYPERFINE).read_text())["results"][0]
    latency = bmf["sleep 0.01"]["latency"]
    assert (latency["value"], latency["lower_value"], latency["upper_value"]) == pytest.approx(
        (row["median"] * 1e9, row["min"] * 1e9, row["max"] * 1e9)
    )


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Template(RunTime): 2.5 us.\n"))
    assert _run(["-"]) == {"Template": {"latency": {"value": 2500.0}}}
    monkeypatch.setattr("sys.stdin", io.StringIO("Template(RunTime): 2.5 us.\n"))
    assert list(parse_files([])) == ["Template"]  # no file: standard input


def test_prints_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_command([GO], "go_bench", None) == 0
    assert json.loads(capsys.readouterr().out)["BenchmarkSprintf-2"]["latency"]["value"] == 520.3


@pytest.mark.parametrize(
    ("files", "adapter", "average", "error", "message"),
    [
        pytest.param([GO], "cobol", None, UsageError, "unknown adapter", id="unknown-adapter"),
        pytest.param([GO], None, "mode", UsageError, "--average 'mode'", id="bad-average"),
        pytest.param(["/no/such/file"], None, None, UsageError, "/no/such/file", id="missing"),
        pytest.param([GO], "go_bench", "median", AdapterError, "--average median", id="median"),
        pytest.param([HYPERFINE], "go_bench", None, AdapterError, "go_bench", id="wrong-one"),
    ],
)
def test_errors(
    files: list[str], adapter: str | None, average: str | None, error: type, message: str
) -> None:
    with pytest.raises(error, match=message.replace("[", r"\[")):
        parse_command(files, adapter, average, out=io.StringIO())
