"""File-level helpers: asv results files, pyperf files (plain and gzip), output loading."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from pathlib import Path

import pytest

from bencher_core.adapters._files import load_output
from bencher_core.adapters.python_asv import AsvResultsFile, read_asv_results_file
from bencher_core.adapters.python_pyperf import read_pyperf_file
from bencher_core.errors import AdapterError, UsageError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ASV_DIR = FIXTURES / "python_asv" / "results"
ASV_FILE = (
    ASV_DIR / "testbox" / "456556dc-existing-py_root_.pyenv_versions_3.11.7_bin_python3.11.json"
)


def test_asv_results_file_identity() -> None:
    run = read_asv_results_file(ASV_FILE)
    assert isinstance(run, AsvResultsFile)
    assert run.commit_hash == "456556dcd56522946c43e3b77acd189478323c80"
    assert run.date == dt.datetime.fromtimestamp(1795693915, tz=dt.timezone.utc)
    assert run.machine == "testbox"
    assert run.env_name == "existing-py_root_.pyenv_versions_3.11.7_bin_python3.11"
    assert run.python == "/root/.pyenv/versions/3.11.7/bin/python3.11"
    assert run.versions["benchmarks.time_slow"].startswith("6439e53f")


def test_asv_results_file_values_are_result_and_99_ci() -> None:
    doc = json.loads(ASV_FILE.read_text())
    columns = doc["result_columns"]
    row = doc["results"]["benchmarks.TimeSort.time_sort"]
    result, ci_a, ci_b = (
        row[columns.index(c)] for c in ("result", "stats_ci_99_a", "stats_ci_99_b")
    )
    run = read_asv_results_file(ASV_FILE)
    # combinations in asv's order: (100, 'random order'), (100, 'sorted'), (1000, ...), ...
    metric = run.results["benchmarks.TimeSort.time_sort(1000, 'random order')"]["latency"]
    assert (metric.value, metric.lower_value, metric.upper_value) == pytest.approx(
        (result[2] * 1e9, ci_a[2] * 1e9, ci_b[2] * 1e9)
    )
    assert metric.samples is not None
    assert metric.samples.count == 10
    started = row[columns.index("started_at")]
    assert run.started_at["benchmarks.TimeSort.time_sort(1000, 'random order')"] == (
        dt.datetime.fromtimestamp(started / 1000, tz=dt.timezone.utc)
    )


@pytest.mark.parametrize(
    ("bench", "measure", "value"),
    [
        ("benchmarks.mem_list", "memory", 2104.0),
        ("benchmarks.track_value", "track", 42.0),
        ("benchmarks.time_with_params(200)", "latency", 4076.26222383107),
    ],
    ids=["mem", "track", "time-one-param"],
)
def test_asv_results_file_kinds(bench: str, measure: str, value: float) -> None:
    run = read_asv_results_file(ASV_FILE)
    assert run.results[bench][measure].value == pytest.approx(value)


def test_asv_results_file_skips_failed_benchmarks() -> None:
    assert "benchmarks.time_failing" not in read_asv_results_file(ASV_FILE).results


def test_asv_results_file_from_a_document_without_benchmarks_json(tmp_path: Path) -> None:
    doc = json.loads(ASV_FILE.read_text())
    run = read_asv_results_file(doc)
    assert run.machine == "testbox"  # from params.machine
    assert run.results["benchmarks.mem_list"]["memory"].value == 2104.0  # kind from the prefix


def test_asv_results_file_finds_benchmarks_json(tmp_path: Path) -> None:
    shutil.copytree(ASV_DIR, tmp_path / "results")
    machine = tmp_path / "results" / "testbox"
    target = machine / ASV_FILE.name
    benchmarks = json.loads((tmp_path / "results" / "benchmarks.json").read_text())
    benchmarks["benchmarks.track_value"]["type"] = "time"  # prove the metadata is used
    (tmp_path / "results" / "benchmarks.json").write_text(json.dumps(benchmarks))
    run = read_asv_results_file(target)
    assert run.results["benchmarks.track_value"]["latency"].value == 42e9


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"version": 1, "results": {}}', id="old-format"),
        pytest.param('{"benchmarks": []}', id="other-json"),
        pytest.param("not json at all", id="not-json"),
    ],
)
def test_asv_results_file_refuses_other_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(AdapterError) as e:
        read_asv_results_file(path)
    assert e.value.adapter == "python_asv"
    assert e.value.source == str(path)


def test_pyperf_file_plain_and_gzip_agree(tmp_path: Path) -> None:
    gz = FIXTURES / "python_pyperf" / "suite.json.gz"
    plain = tmp_path / "suite.json"
    plain.write_bytes(gzip.decompress(gz.read_bytes()))
    assert read_pyperf_file(gz) == read_pyperf_file(plain)
    assert "sort 1000 [reversed]" in read_pyperf_file(gz, average="median")


def test_pyperf_median_and_quartiles() -> None:
    metric = read_pyperf_file(FIXTURES / "python_pyperf" / "one.json", average="median")
    m = metric["fib 15"]["latency"]
    assert m.lower_value is not None
    assert m.upper_value is not None
    assert m.lower_value <= m.value <= m.upper_value


def test_load_output_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError, match=r"nope\.txt"):
        load_output(missing)
    broken = tmp_path / "broken.gz"
    broken.write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(UsageError, match=r"broken\.gz"):
        load_output(broken)


def test_load_output_replaces_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9")
    assert load_output(path) == "caf\ufffd"
