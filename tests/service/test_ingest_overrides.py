"""Per-benchmark threshold models (``benchmark_thresholds`` / ``[[tool.bencher.overrides]]``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bencher_core.errors import ConfigError
from bencher_core.models import BenchmarkThresholds, Model, RunThresholds, Test
from bencher_core.settings import resolve_settings
from bencher_core.store.db import Database
from bencher_core.testing import submit

TIGHT = Model(test=Test.PERCENTAGE, upper_boundary=0.10, max_sample_size=8)
LOOSE = Model(test=Test.PERCENTAGE, upper_boundary=0.50, max_sample_size=8)
THRESHOLDS = RunThresholds(models={"latency": TIGHT})


def judged(db: Database, overrides: list[BenchmarkThresholds] | None) -> dict[str, object]:
    """After a flat history at 100, submit 130 for every benchmark: benchmark -> alert/limit."""
    names = ("io.read", "io.write", "cpu.parse")
    for _ in range(3):
        submit(db, dict.fromkeys(names, 100.0), thresholds=THRESHOLDS)
    report = submit(
        db, dict.fromkeys(names, 130.0), thresholds=THRESHOLDS, benchmark_thresholds=overrides
    )
    out: dict[str, object] = {}
    for r in report.results[0]:
        (m,) = r.measures
        assert m.boundary is not None and m.threshold is not None
        out[r.benchmark.name] = (m.alert, m.boundary.upper_limit, m.threshold.model.upper_boundary)
    return out


def test_without_overrides_every_benchmark_uses_the_measure_threshold(db: Database) -> None:
    assert judged(db, None) == {
        "io.read": ("upper", pytest.approx(110.0), 0.10),
        "io.write": ("upper", pytest.approx(110.0), 0.10),
        "cpu.parse": ("upper", pytest.approx(110.0), 0.10),
    }


def test_a_glob_gives_matching_benchmarks_their_own_model(db: Database) -> None:
    overrides = [BenchmarkThresholds(benchmarks=["io.*"], models={"latency": LOOSE})]

    assert judged(db, overrides) == {
        "io.read": (None, pytest.approx(150.0), 0.50),
        "io.write": (None, pytest.approx(150.0), 0.50),
        "cpu.parse": ("upper", pytest.approx(110.0), 0.10),
    }


def test_the_first_matching_entry_wins_and_other_measures_are_untouched(db: Database) -> None:
    overrides = [
        BenchmarkThresholds(benchmarks=["nothing*"], models={"latency": TIGHT}),
        BenchmarkThresholds(benchmarks=["io.read"], models={"throughput": LOOSE}),
        BenchmarkThresholds(benchmarks=["io.read", "cpu.*"], models={"Latency": LOOSE}),
        BenchmarkThresholds(benchmarks=["*"], models={"latency": TIGHT}),
    ]

    result = judged(db, overrides)

    assert result["io.read"] == (None, pytest.approx(150.0), 0.50)
    assert result["cpu.parse"] == (None, pytest.approx(150.0), 0.50)
    assert result["io.write"] == ("upper", pytest.approx(110.0), 0.10)


def test_overrides_come_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[[tool.bencher.overrides]]\n"
        'benchmarks = ["tests/test_io.py::*"]\n'
        'thresholds.latency = { test = "percentage", upper_boundary = 0.5, max_sample_size = 8 }\n'
    )

    settings = resolve_settings({}, env={}, cwd=tmp_path)

    assert settings.overrides == (
        BenchmarkThresholds(benchmarks=["tests/test_io.py::*"], models={"latency": LOOSE}),
    )


@pytest.mark.parametrize(
    ("toml", "key", "reason"),
    [
        pytest.param(
            "overrides = 1", "tool.bencher.overrides", "expected an array of tables", id="not-list"
        ),
        pytest.param(
            '[[tool.bencher.overrides]]\nbenchmarks = ["a"]\n',
            "tool.bencher.overrides[0]",
            "expected exactly benchmarks = [globs] and thresholds",
            id="no-thresholds",
        ),
        pytest.param(
            '[[tool.bencher.overrides]]\nbenchmarks = []\nthresholds.latency = {test = "iqr", '
            "upper_boundary = 3}\n",
            "tool.bencher.overrides[0].benchmarks",
            "expected at least one glob",
            id="no-globs",
        ),
        pytest.param(
            '[[tool.bencher.overrides]]\nbenchmarks = ["a"]\n'
            'thresholds.latency = {test = "t_test", upper_boundary = 3}\n',
            "tool.bencher.overrides[0].thresholds.latency",
            "upper_boundary must be in [0.5, 1.0), got 3.0",
            id="bad-model",
        ),
    ],
)
def test_a_bad_override_names_its_key(tmp_path: Path, toml: str, key: str, reason: str) -> None:
    body = toml if toml.startswith("[[") else f"[tool.bencher]\n{toml}\n"
    (tmp_path / "pyproject.toml").write_text(body)

    with pytest.raises(ConfigError) as info:
        resolve_settings({}, env={}, cwd=tmp_path)

    assert info.value.key == key
    assert reason in info.value.reason


def test_the_stored_boundary_remembers_the_model_that_judged_it(db: Database) -> None:
    from bencher_core.service.report_read import read_report

    overrides = [BenchmarkThresholds(benchmarks=["io.*"], models={"latency": LOOSE})]
    judged(db, overrides)
    report = submit(db, {"io.read": 100.0}, thresholds=THRESHOLDS, benchmark_thresholds=overrides)
    report_id = int(db.scalar("SELECT id FROM report WHERE uuid = ?", (str(report.uuid),)))

    stored = read_report(db, report_id).results[0][0].measures[0].threshold

    assert stored is not None and stored.model == LOOSE
    # One never-current model row per (threshold, model), reused by later runs.
    assert db.scalar("SELECT count(*) FROM model WHERE replaced IS NOT NULL") == 1
