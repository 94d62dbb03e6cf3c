"""Bencher conformance: every asserted case of the shared corpus, read in place.

Each ``EXPECTED.json`` (see the corpus README) maps ``<file>[?average=…]`` to the benchmarks
Bencher's own tests assert, or ``null`` when Bencher's adapter returns nothing. Floats compare
with a relative tolerance of 1e-12.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from bencher_core.adapters import parse
from bencher_core.errors import AdapterError
from bencher_core.models.metric import Results

#: The outputs Bencher's magic-adapter tests parse (corpus README), by corpus folder.
MAGIC_CASES = [
    ("json", "report_latency.json"),
    ("json", "report_dhat.json"),
    ("cpp_google", "two.txt"),
    ("cpp_catch2", "four.txt"),
    ("dart_benchmark_harness", "two.txt"),
    ("go_bench", "five.txt"),
    ("java_jmh", "six.json"),
    ("js_benchmark", "four.txt"),
    ("js_time", "four.txt"),
    ("js_vitest", "four.json"),
    ("python_asv", "six.txt"),
    ("python_pytest", "four.json"),
    ("ruby_benchmark", "five.txt"),
    ("rust_bench", "many.txt"),
    ("rust_criterion", "many.txt"),
    ("rust_iai", "two.txt"),
    ("rust_gungraun", "without-optional-metrics.txt"),
    ("rust_gungraun", "json_pretty_one_callgrind.txt"),
    ("rust_gungraun", "json_one_callgrind_diff.txt"),
    ("shell_hyperfine", "two.json"),
]


def conformance_dir() -> Path | None:
    """The conformance folder: ``BENCHER_CONFORMANCE_DIR``, else ``../shared/conformance``."""
    configured = os.environ.get("BENCHER_CONFORMANCE_DIR")
    repo_root = Path(__file__).resolve().parents[2]
    path = Path(configured) if configured else repo_root.parent / "shared" / "conformance"
    return path if (path / "bencher-adapters").is_dir() else None


def require_conformance() -> Path:
    """The corpus folder; skip when it is absent, except under ``CI=true`` where that fails."""
    found = conformance_dir()
    if found is None:
        message = (
            "the Bencher adapter conformance corpus is missing "
            "(set BENCHER_CONFORMANCE_DIR or check out ../shared/conformance)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found / "bencher-adapters"


def _raw(path: Path) -> str:
    """The file as the tool wrote it (no newline translation: some outputs use CRLF)."""
    return path.read_bytes().decode("utf-8")


def _expected(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "EXPECTED.json").read_text(encoding="utf-8"))
    return loaded


def _cases() -> list[Any]:
    corpus = conformance_dir()
    if corpus is None:
        return [pytest.param(None, None, id="corpus-missing")]
    params = []
    for folder in sorted(p for p in (corpus / "bencher-adapters").iterdir() if p.is_dir()):
        for key in _expected(folder):
            if key != "_meta":
                params.append(pytest.param(folder.name, key, id=f"{folder.name}/{key}"))
    return params


def _parse_or_none(text: str, adapter: str, average: str | None, source: str) -> Results | None:
    try:
        return parse(text, adapter, average=average, source=source)
    except AdapterError as e:
        if "found no benchmark results" in e.detail or "no adapter recognised" in e.detail:
            return None
        raise


def _assert_matches(expected: dict[str, Any], got: Results, *, exact_measures: bool) -> None:
    for bench, measures in expected.items():
        assert bench in got, f"missing benchmark {bench!r}; got {sorted(got)}"
        if isinstance(measures, str):  # "NOT_ASSERTED (exists)"
            continue
        if exact_measures:
            assert set(got[bench]) == set(measures), bench
        for measure, want in measures.items():
            metric = got[bench][measure]
            for field in ("value", "lower_value", "upper_value"):
                w, g = want[field], getattr(metric, field)
                assert (w is None) == (g is None), (bench, measure, field, w, g)
                if w is not None:
                    assert math.isclose(w, g, rel_tol=1e-12), (bench, measure, field, w, g)


@pytest.mark.parametrize(("folder_name", "key"), _cases())
def test_corpus_case(folder_name: str | None, key: str | None) -> None:
    corpus = require_conformance()
    assert folder_name is not None
    assert key is not None
    folder = corpus / folder_name
    expected = _expected(folder)
    meta = expected["_meta"]
    file_name, _, query = key.partition("?")
    average = query.partition("=")[2] or None
    adapter = (meta.get("sub_adapter") or {}).get(file_name, folder_name)
    text = _raw(folder / file_name)
    got = _parse_or_none(text, adapter, average, file_name)
    want = expected[key]
    if want is None:
        assert got is None
        return
    assert got is not None
    count = meta.get("benchmark_counts", {}).get(file_name)
    if count is not None:
        assert len(got) == count
    if isinstance(want, str):  # "NOT_ASSERTED (n benchmarks)": only the count is asserted
        return
    _assert_matches(want, got, exact_measures=True)


@pytest.mark.parametrize(
    ("folder_name", "file_name"), MAGIC_CASES, ids=[f"{f}/{n}" for f, n in MAGIC_CASES]
)
def test_magic_finds_the_same_results(folder_name: str, file_name: str) -> None:
    folder = require_conformance() / folder_name
    want = _expected(folder)[file_name]
    got = parse(_raw(folder / file_name), "magic", source=file_name)
    _assert_matches(want, got, exact_measures=True)


def test_corpus_is_complete() -> None:
    """Every fixture file in the corpus is exercised by at least one asserted case."""
    corpus = require_conformance()
    for folder in (p for p in corpus.iterdir() if p.is_dir()):
        keys = {k.partition("?")[0] for k in _expected(folder) if k != "_meta"}
        files = {p.name for p in folder.iterdir() if p.name != "EXPECTED.json"}
        assert files <= keys, f"{folder.name}: no expectation for {sorted(files - keys)}"
