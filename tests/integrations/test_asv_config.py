"""asv.conf.json: JSON with comments and trailing commas, results_dir and branches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bencher_core.errors import UsageError
from bencher_core.integrations.asv import default_results_dir, locate_results
from bencher_core.integrations.asv_config import AsvConfig, find_config, loads_jsonc, read_config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('{"a": 1}', {"a": 1}, id="plain-json"),
        pytest.param('{\n  // the project\n  "a": 1\n}', {"a": 1}, id="line-comment"),
        pytest.param('{"a": /* inline */ 1}', {"a": 1}, id="block-comment"),
        pytest.param('{"a": [1, 2,], "b": {"c": 3,},}', {"a": [1, 2], "b": {"c": 3}}, id="commas"),
        pytest.param('{"url": "https://x//y"}', {"url": "https://x//y"}, id="slashes-in-string"),
        pytest.param('{"q": "say \\"//hi\\""} // end', {"q": 'say "//hi"'}, id="escaped-quote"),
        pytest.param('{"a": "/* not */"}', {"a": "/* not */"}, id="block-in-string"),
        pytest.param('{"a": "x,]"}', {"a": "x,]"}, id="comma-bracket-in-string"),
    ],
)
def test_loads_jsonc(text: str, expected: Any) -> None:
    assert loads_jsonc(text) == expected


def test_loads_jsonc_still_refuses_broken_json() -> None:
    with pytest.raises(ValueError):
        loads_jsonc('{"a": }')


def test_read_config_of_asv_quickstart_style_file(tmp_path: Path) -> None:
    path = tmp_path / "asv.conf.json"
    path.write_text(
        '{\n    // The version of the config file format.\n    "version": 1,\n'
        '    "project": "demo",\n    "branches": ["main", "stable"], // benchmarked\n'
        '    "results_dir": ".asv/results",\n}\n'
    )

    config = read_config(path)

    assert config == AsvConfig(
        path=path, results_dir=".asv/results", branches=("main", "stable"), project="demo"
    )
    assert config.branch == "main"
    assert config.results_path() == tmp_path / ".asv" / "results"


def test_defaults_when_the_config_names_nothing(tmp_path: Path) -> None:
    path = tmp_path / "asv.conf.json"
    path.write_text('{"version": 1, "repo": "."}')
    config = read_config(path)
    assert (config.results_path(), config.branch, config.project) == (
        tmp_path / "results",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{", "is not JSON", id="not-json"),
        pytest.param("[1]", "is not a JSON object", id="not-object"),
        pytest.param('{"results_dir": 3}', "results_dir must be a folder name", id="results"),
        pytest.param('{"branches": "main"}', "branches must be a list", id="branches"),
    ],
)
def test_bad_configs_name_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "asv.conf.json"
    path.write_text(text)
    with pytest.raises(UsageError) as info:
        read_config(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_find_config_walks_up_from_the_results_folder(tmp_path: Path) -> None:
    (tmp_path / "asv.conf.jsonc").write_text('{"results_dir": ".asv/results"}')
    results = tmp_path / ".asv" / "results"
    results.mkdir(parents=True)
    found = find_config(results)
    assert found is not None
    assert found.path == tmp_path / "asv.conf.jsonc"


def test_locate_results_from_the_project_folder_uses_results_dir(tmp_path: Path) -> None:
    (tmp_path / "asv.conf.json").write_text('{"results_dir": "out/results"}')
    (tmp_path / "out" / "results").mkdir(parents=True)
    assert locate_results(tmp_path) == (tmp_path / "out" / "results", tmp_path / "asv.conf.json")


def test_locate_results_refuses_a_missing_results_folder(tmp_path: Path) -> None:
    (tmp_path / "asv.conf.json").write_text('{"results_dir": "nowhere"}')
    with pytest.raises(UsageError, match=r"results folder .*nowhere does not exist"):
        locate_results(tmp_path)


def test_default_results_dir_follows_asv_config_argument(tmp_path: Path) -> None:
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "my.conf.json").write_text('{"results_dir": "res"}')
    assert default_results_dir(tmp_path, "bench/my.conf.json") == tmp_path / "res"
    with pytest.raises(UsageError, match="no asv configuration"):
        default_results_dir(tmp_path, None)
