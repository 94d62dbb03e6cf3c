"""``bencher accept``, ``alerts``, ``report``, ``history``: around a run, on a real store."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from bencher_core.cli import COMMANDS
from bencher_core.cli._app import run_cli

if TYPE_CHECKING:
    from conftest import Cli


def test_accept_stops_a_repeated_alert_on_the_next_run(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    assert cli.run(1600.0, "--err").code == 1
    assert cli.run(1600.0, "--err").code == 1  # the same level alerts again…

    accepted = cli("accept", "bench_a")

    assert accepted.code == 0, accepted
    assert accepted.out == "accepted bench_a (latency) from version 11 on main/tb\n"
    after = cli.run(1600.0, "--err")
    assert after.code == 0, after  # …until it is accepted
    assert "bench_a" in after.out
    assert cli("alerts", "--format", "json").json == []
    dismissed = cli("alerts", "--status", "dismissed", "--format", "json").json
    assert [a["benchmark"]["name"] for a in dismissed] == ["bench_a", "bench_a"]


def test_accept_unknown_benchmark_is_an_error(cli: Cli) -> None:
    cli.seed([1.0])
    result = cli("accept", "nope")
    assert result.code == 2
    assert result.err == "bencher: error: no benchmark matches nope\n"


def test_alerts_list_dismiss_and_activate_by_short_id(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    cli.run(1600.0)

    listing = cli("alerts")
    assert listing.code == 0
    header, _, row = listing.out.splitlines()
    assert header.split()[:4] == ["Alert", "Created", "(UTC)", "Status"]
    short_id = row.split()[0]
    assert row.split()[3:6] == ["active", "bench_a", "Latency"]

    dismissed = cli("alerts", "dismiss", short_id)
    assert dismissed.code == 0, dismissed
    assert dismissed.out.split()[1:3] == ["dismissed", "bench_a"]
    assert cli("alerts").out == "no alerts\n"

    assert cli("alerts", "activate", short_id).out.split()[1] == "active"
    assert cli("alerts", "--format", "json").json[0]["status"] == "active"


def test_alerts_unknown_id_and_unknown_project(cli: Cli) -> None:
    cli.seed([1.0])
    unknown = cli("alerts", "dismiss", "0000")
    assert unknown.code == 2
    assert unknown.err == "bencher: error: alert '0000' matches no alert in project 'demo'\n"
    ghost = cli("alerts", "--project", "ghost")
    assert ghost.code == 2
    assert ghost.err.startswith("bencher: error: project 'ghost' not found in ")


def test_report_lists_and_shows(cli: Cli) -> None:
    cli.seed([1.0, 2.0, 3.0])

    listed = cli("report", "--format", "json").json
    values = [r["results"][0][0]["measures"][0]["metric"]["value"] for r in listed]
    assert values == [3.0, 2.0, 1.0]

    table = cli("report", "--limit", "2").out.splitlines()
    assert len(table) == 4
    assert table[0].split()[:3] == ["Report", "Created", "(UTC)"]

    latest = cli("report", "show")
    assert latest.out.splitlines()[0] == "demo · branch main · testbed tb · version 2 (seed2)"
    oldest = cli("report", "show", listed[2]["uuid"][:8], "--format", "json").json
    assert oldest["uuid"] == listed[2]["uuid"]
    missing = cli("report", "show", "ffffffff")
    assert missing.code == 2
    assert missing.err == (
        "bencher: error: no report 'ffffffff' among the newest 100 in project 'demo'\n"
    )


def test_history_table_with_sparkline(cli: Cli) -> None:
    cli.seed(cli.STABLE)
    cli.run(1600.0)

    result = cli("history", "bench_a")

    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == "bench_a · latency · branch main · testbed tb"
    assert lines[1] == "▁▁▁▁▁▁▁▁▁▁█  0.997 µs … 1.600 µs (11 points)"
    assert lines[-1].split()[0] == "10"
    assert lines[-1].endswith("▲ active")
    assert len(lines) == 4 + 11
    points = cli("history", "bench_a", "--format", "json", "--limit", "3").json
    assert [p["value"] for p in points] == [1000.0, 1002.0, 1600.0]


def test_history_of_unknown_benchmark(cli: Cli) -> None:
    cli.seed([1.0])
    result = cli("history", "nope")
    assert result.code == 2
    assert result.err == "bencher: error: benchmark 'nope' not found in project 'demo'\n"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"Usage: bencher {command} ")


def test_importing_the_cli_is_cheap() -> None:
    code = (
        "import sys, bencher_core.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('click', 'pydantic', 'numpy', 'sqlite3', 'httpx') or m.startswith('bencher_core.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parse_prints_bmf_without_storing(cli: Cli) -> None:
    (cli.cwd / "out.txt").write_text("test foo ... bench:       1,234 ns/iter (+/- 5)\n")

    parsed = cli("parse", "--adapter", "rust_bench", "out.txt")
    unknown = cli("parse", "--adapter", "nope", "out.txt")

    assert parsed.code == 0, parsed
    assert parsed.json == {
        "foo": {"latency": {"value": 1234.0, "lower_value": 1229.0, "upper_value": 1239.0}}
    }
    assert unknown.code == 2
    assert unknown.err.startswith("bencher: error: unknown adapter 'nope'")
    assert not cli.db.exists()
