"""``bencher`` usage errors (exit 2, one line) and the BENCHER_* environment variables."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Cli

BMF = json.dumps({"bench_a": {"latency": {"value": 5.0}}})
ECHO = ["--", "echo", BMF]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        pytest.param(
            ["run", "--adapter", "nope", *ECHO],
            {},
            "bencher: error: --adapter: unknown adapter 'nope'; known adapters: ",
            id="unknown-adapter",
        ),
        pytest.param(
            ["run", *ECHO],
            {"BENCHER_ADAPTER": "nope"},
            "bencher: error: BENCHER_ADAPTER: unknown adapter 'nope'",
            id="unknown-adapter-from-env",
        ),
        pytest.param(
            ["run"],
            {},
            "bencher: error: nothing to run: give a command (after --), --file PATH, or "
            "BENCHER_CMD",
            id="nothing-to-run",
        ),
        pytest.param(
            ["run", "--nope", *ECHO],
            {},
            "bencher run: error: No such option '--nope'",
            id="unknown-option",
        ),
        pytest.param(["nope"], {}, "bencher: error: No such command 'nope'", id="unknown-command"),
        pytest.param(
            ["run", "--average", "mode", *ECHO],
            {},
            "bencher run: error: Invalid value for '--average': 'mode' is not one of",
            id="bad-choice",
        ),
        pytest.param(
            ["run", "--iter", "0", *ECHO],
            {},
            "bencher run: error: Invalid value for '--iter'",
            id="iter-zero",
        ),
        pytest.param(
            [
                "run",
                "--threshold-measure",
                "latency",
                "--threshold-test",
                "t_test",
                "--threshold-upper-boundary",
                "2",
                *ECHO,
            ],
            {},
            "bencher: error: --threshold-upper-boundary: threshold for measure 'latency': "
            "t_test: upper_boundary must be in [0.5, 1.0), got 2.0",
            id="threshold-boundary",
        ),
        pytest.param(
            ["run", "--threshold-measure", "latency", *ECHO],
            {},
            "bencher: error: --threshold-test: give one per --threshold-measure (got 0 for 1)",
            id="threshold-unpaired",
        ),
        pytest.param(
            [
                "run",
                "--threshold-measure",
                "latency",
                "--threshold-test",
                "percentage",
                "--threshold-window",
                "soon",
                *ECHO,
            ],
            {},
            "bencher: error: --threshold-window: 'soon' is not a whole number "
            "(or _ to leave it unset)",
            id="threshold-not-a-number",
        ),
        pytest.param(
            ["run", "--threshold-test", "t_test", *ECHO],
            {},
            "bencher: error: --threshold-test needs a --threshold-measure to apply to",
            id="threshold-without-measure",
        ),
        pytest.param(
            ["run", "--start-point-hash", "abc", *ECHO],
            {},
            "bencher: error: --start-point-hash needs --start-point BRANCH",
            id="start-point-hash-alone",
        ),
        pytest.param(
            ["run", "--branch", "", *ECHO],
            {},
            "bencher: error: --branch: must not be empty",
            id="empty-branch",
        ),
        pytest.param(
            ["run", "--project", "p" * 65, *ECHO],
            {},
            "bencher: error: --project: String should have at most 64 characters",
            id="project-too-long",
        ),
        pytest.param(
            ["run", "--file", "nofile.json"],
            {},
            "bencher: error: --file nofile.json: no such file",
            id="missing-file",
        ),
        pytest.param(
            ["run", "--iter", "2", "--file", "nofile.json"],
            {},
            "bencher: error: --iter needs a command to run",
            id="iter-without-command",
        ),
        pytest.param(
            ["run", "-q", "--adapter", "json", "--", "echo", "hello"],
            {},
            "bencher: error: adapter json: the output of `echo hello`: found no benchmark results",
            id="unparsable-output",
        ),
        pytest.param(
            ["run", "--", "no-such-command-xyz"],
            {},
            "bencher: error: command not found: 'no-such-command-xyz'",
            id="command-not-found",
        ),
        pytest.param(
            ["run", *ECHO],
            {"BENCHER_TIMEOUT": "soon"},
            "bencher: error: invalid configuration BENCHER_TIMEOUT = 'soon': expected a number",
            id="bad-env-value",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    cli: Cli, args: list[str], env: dict[str, str], expected: str
) -> None:
    result = cli(*args, env=env)

    assert result.code == 2, result
    assert result.err.startswith(expected), result.err
    assert len(result.err.splitlines()) == 1
    assert result.out == ""
    assert cli.reports() == 0


def test_unknown_pyproject_key_names_it(cli: Cli) -> None:
    (cli.cwd / "pyproject.toml").write_text("[tool.bencher]\nthreshold = 1\n")
    result = cli("run", *ECHO)
    assert result.code == 2
    assert result.err.startswith("bencher: error: invalid configuration tool.bencher.threshold = 1")


@pytest.mark.parametrize(
    ("var", "env_value", "flag", "flag_value", "field"),
    [
        pytest.param(
            "BENCHER_PROJECT", "env-proj", "--project", "flag-proj", "project", id="project"
        ),
        pytest.param(
            "BENCHER_BRANCH", "env-branch", "--branch", "flag-branch", "branch", id="branch"
        ),
        pytest.param("BENCHER_TESTBED", "env-tb", "--testbed", "flag-tb", "testbed", id="testbed"),
        pytest.param("BENCHER_HASH", "envhash", "--hash", "flaghash", "hash", id="hash"),
        pytest.param(
            "BENCHER_ADAPTER", "json", "--adapter", "magic", "settings.adapter", id="adapter"
        ),
    ],
)
def test_env_var_sets_the_run_and_the_flag_wins(
    cli: Cli, var: str, env_value: str, flag: str, flag_value: str, field: str
) -> None:
    def get(doc: dict[str, Any]) -> Any:
        for part in field.split("."):
            doc = doc[part]
        return doc

    from_env = cli("run", "--dry-run", "-q", *ECHO, env={var: env_value})
    from_flag = cli("run", "--dry-run", "-q", flag, flag_value, *ECHO, env={var: env_value})

    assert (from_env.code, from_flag.code) == (0, 0), (from_env, from_flag)
    assert (get(from_env.json), get(from_flag.json)) == (env_value, flag_value)


def test_bencher_db_and_db_flag_choose_the_store(cli: Cli) -> None:
    env_db, flag_db = cli.cwd / "env.db", cli.cwd / "flag.db"

    assert cli("run", "-q", *ECHO, env={"BENCHER_DB": str(env_db)}).code == 0
    assert cli("run", "-q", "--db", "flag.db", *ECHO, env={"BENCHER_DB": str(env_db)}).code == 0

    assert (cli.reports(env_db), cli.reports(flag_db), cli.reports()) == (1, 1, 0)


def test_bencher_cmd_is_the_command_when_none_is_given(cli: Cli) -> None:
    env = {"BENCHER_CMD": "echo '" + BMF.replace("bench_a", "from_env") + "'"}

    from_env = cli("run", "--dry-run", "-q", env=env).json
    given = cli("run", "--dry-run", "-q", *ECHO, env=env).json

    assert json.loads(from_env["results"][0]) == {"from_env": {"latency": {"value": 5.0}}}
    assert json.loads(given["results"][0]) == {"bench_a": {"latency": {"value": 5.0}}}


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str | None]] = []  # noqa: RUF012 - one list per server class

    def do_POST(self) -> None:
        self.seen.append((self.command, self.path, self.headers.get("Authorization")))
        body = json.dumps({"message": "token refused"}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def fake_server() -> Iterator[tuple[str, list[tuple[str, str, str | None]]]]:
    """A real HTTP server that records each request and answers 401 with a JSON message."""
    handler = type("Recorder", (_Recorder,), {"seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("how", ["env", "flags"])
def test_host_and_token_send_the_run_to_the_server(
    cli: Cli, fake_server: tuple[str, list[tuple[str, str, str | None]]], how: str
) -> None:
    url, seen = fake_server
    if how == "env":
        result = cli("run", "-q", *ECHO, env={"BENCHER_HOST": url, "BENCHER_API_TOKEN": "s3cret"})
    else:
        result = cli("run", "-q", "--host", url, "--token", "s3cret", *ECHO)

    assert seen == [("POST", "/v0/run", "Bearer s3cret")]
    assert result.code == 2
    assert result.err == "bencher: error: server answered 401: token refused\n"
    assert cli.reports() == 0  # the embedded store is not used in remote mode


def test_dry_run_with_a_host_contacts_nothing(
    cli: Cli, fake_server: tuple[str, list[tuple[str, str, str | None]]]
) -> None:
    url, seen = fake_server
    result = cli("run", "--dry-run", "-q", *ECHO, env={"BENCHER_HOST": url})
    assert result.code == 0
    assert seen == []


def test_unreachable_host_is_an_error_naming_it(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "run", "-q", *ECHO, env={"BENCHER_HOST": "http://127.0.0.1:9", "BENCHER_TIMEOUT": "0.5"}
    )
    assert result.code == 2
    assert result.err.startswith("bencher: error: the server http://127.0.0.1:9 did not answer")
    assert cli.reports() == 0
