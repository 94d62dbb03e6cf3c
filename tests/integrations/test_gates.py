"""The live gates' edges: which asv results are new, the pyperf gate in workers and mains, and
the usage errors of ``bencher asv`` and ``bencher pyperf`` (real subprocesses where they run a
command; asv and pyperf themselves run in test_examples.py)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

import pyperf as real_pyperf
import pytest
from tests.integrations.conftest import T0, AsvFile, Bencher, commit, write_asv

from bencher_core.api import Bencher as Api
from bencher_core.cli.asv import config_argument
from bencher_core.cli.pyperf import with_output
from bencher_core.errors import UsageError
from bencher_core.integrations.asv import changed_files, live_runs, snapshot
from bencher_core.integrations.pyperf import WRAPPED_ENV, PyperfGate
from bencher_core.models.run import NewRun


@pytest.mark.parametrize(
    ("args", "config"),
    [
        pytest.param(["run", "HEAD^!"], None, id="none"),
        pytest.param(["--config", "b/asv.conf.json", "run"], "b/asv.conf.json", id="global"),
        pytest.param(["run", "--config=x.json"], "x.json", id="equals"),
        pytest.param(["run", "--", "--config", "y"], None, id="after-double-dash"),
    ],
)
def test_config_argument(args: list[str], config: str | None) -> None:
    assert config_argument(args) == config


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        pytest.param(("python", "b.py"), (["python", "b.py", "-o", "/t/o.json"], False), id="argv"),
        pytest.param(("python b.py --fast",), ("python b.py --fast -o /t/o.json", True), id="line"),
    ],
)
def test_with_output_adds_the_output_file(
    command: tuple[str, ...], expected: tuple[object, bool]
) -> None:
    assert with_output(command, Path("/t/o.json")) == expected


@pytest.mark.parametrize(
    "command",
    [("python", "b.py", "-o", "x.json"), ("python b.py --output=x.json",), ("p", "--append", "f")],
)
def test_with_output_refuses_an_output_the_user_chose(command: tuple[str, ...]) -> None:
    with pytest.raises(UsageError, match="bencher pyperf chooses it"):
        with_output(command, Path("/t/o.json"))


def test_live_runs_take_only_what_this_asv_run_measured(tmp_path: Path) -> None:
    results = tmp_path / "results"
    old = AsvFile(commit(0), T0, {"b.time_a": 1e-6, "b.time_b": 2e-6})
    write_asv(results, [old])
    before = snapshot(results)
    started = T0 + dt.timedelta(hours=1)
    # asv re-ran time_b only and merged it into the commit's file; a new commit came too
    merged = AsvFile(commit(0), T0, {"b.time_a": 1e-6, "b.time_b": 3e-6})
    new = AsvFile(commit(1), T0 + dt.timedelta(minutes=30), {"b.time_a": 5e-6}, machine="ci")
    paths = write_asv(results, [merged, new])
    _restart(paths[0], "b.time_b", started)
    _restart(paths[1], "b.time_a", started)
    base = NewRun(project="p", branch="main", results=["{}"])

    runs = live_runs(changed_files(results, before), since=started, base=base)

    got = [(r.hash, r.testbed, json.loads(r.results[0])) for r in runs]
    assert [(h, t, {b: m["latency"]["value"] for b, m in bmf.items()}) for h, t, bmf in got] == [
        (commit(0), "box", {"b.time_b": pytest.approx(3000.0)}),
        (commit(1), "ci", {"b.time_a": pytest.approx(5000.0)}),
    ]
    assert all(r.idempotency_key is not None for r in runs)
    assert changed_files(results, snapshot(results)) == []


def _restart(path: Path, name: str, when: dt.datetime) -> None:
    """Mark benchmark ``name`` of a results file as started at ``when``."""
    doc = json.loads(path.read_text())
    doc["results"][name][3] = int(when.timestamp() * 1000)
    path.write_text(json.dumps(doc))


class FakeRunner:
    """Just enough of pyperf.Runner: parsed args and a bench_func returning a Benchmark."""

    def __init__(self, *, worker: bool) -> None:
        self.args = Namespace(worker=worker)

    def bench_func(self, name: str, *_: Any) -> Any:
        run = real_pyperf.Run(
            [1e-6, 1.1e-6, 0.9e-6], metadata={"name": name, "unit": "second"},
            collect_metadata=False,
        )  # fmt: skip
        return real_pyperf.Benchmark([run])


def _api(tmp_path: Path) -> Api:
    return Api(db=str(tmp_path / "b.db"), project="p", branch="main", testbed="tb", hash="h")


def test_pyperf_gate_submits_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(WRAPPED_ENV, raising=False)
    runner = FakeRunner(worker=False)
    with _api(tmp_path) as api, PyperfGate(runner, bencher=api) as gate:
        runner.bench_func("a")
        runner.bench_func("b")

    assert gate.report is not None
    assert [r.benchmark.name for r in gate.report.results[0]] == ["a", "b"]
    assert "p · branch main · testbed tb" in capsys.readouterr().out
    assert "bench_func" not in vars(runner)  # the runner is left as it was


@pytest.mark.parametrize(
    ("worker", "wrapped"),
    [pytest.param(True, "", id="worker-process"), pytest.param(False, "1", id="bencher-pyperf")],
)
def test_pyperf_gate_stands_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: bool, wrapped: str
) -> None:
    monkeypatch.setenv(WRAPPED_ENV, wrapped)
    runner = FakeRunner(worker=worker)
    with _api(tmp_path) as api, PyperfGate(runner, bencher=api) as gate:
        runner.bench_func("a")
    assert (gate.report, gate.benchmarks != []) == (None, True)
    assert not (tmp_path / "b.db").exists()


def _bench_then_break(gate: PyperfGate) -> None:
    with gate:
        gate.runner.bench_func("a")
        raise RuntimeError("benchmark broke")


def test_pyperf_gate_submits_nothing_when_the_block_fails(tmp_path: Path) -> None:
    with _api(tmp_path) as api:
        gate = PyperfGate(FakeRunner(worker=False), bencher=api)
        with pytest.raises(RuntimeError, match="benchmark broke"):
            _bench_then_break(gate)
    assert (gate.report, len(gate.benchmarks)) == (None, 1)
    assert not (tmp_path / "b.db").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(["asv"], 2, "give asv's arguments after --", id="asv-no-args"),
        pytest.param(["asv", "--", "run"], 2, "no asv configuration", id="asv-no-config"),
        pytest.param(
            ["pyperf", "--", sys.executable, "-c", "raise SystemExit(3)"],
            1,
            "exited with status 3; nothing was stored",
            id="pyperf-script-fails",
        ),
        pytest.param(
            ["pyperf", "--", sys.executable, "-c", "pass"],
            2,
            "wrote no pyperf results to -o",
            id="pyperf-no-output",
        ),
        pytest.param(
            ["pyperf", "--", "python", "b.py", "-o", "mine.json"],
            2,
            "the command names an output file (-o)",
            id="pyperf-own-output",
        ),
    ],
)
def test_command_errors(
    bencher: Bencher, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    result = bencher(*args, capsys=capsys)
    assert result.code == code
    assert message in result.err.splitlines()[-1]
    assert bencher.reports() == 0


def test_bencher_asv_without_new_results_submits_nothing(bencher: Bencher) -> None:
    (bencher.cwd / "asv.conf.json").write_text('{"repo": ".", "results_dir": "results"}')

    result = bencher.subprocess("asv", "--", "--version")

    assert result.code == 0, result
    assert result.err.splitlines()[-1] == (
        f"bencher: asv wrote no new results in {bencher.cwd / 'results'}; nothing was submitted"
    )
    assert bencher.reports() == 0
