"""Run the benchmark command and collect its results: its stdout, or the files it writes.

A results file named with ``--file`` next to a command must be written by that command: its
state (existence, size, mtime, ctime, inode) is taken before the command starts and compared
after it ends, and a file left over from an earlier run is refused, never taken for new results.
"""

from __future__ import annotations

import codecs
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from bencher_core.errors import UsageError

__all__ = ["CommandFailed", "Job", "collect_outputs", "read_results_file", "run_command"]

_SHELL_SYNTAX = frozenset(" \t\n|&;<>()$`\\\"'*?[]#~=%{}")


class CommandFailed(click.ClickException):
    """The benchmark command exited with a non-zero status (exit status 1 of ``bencher run``)."""

    exit_code = 1


@dataclass(frozen=True)
class Job:
    """What to run: ``argv`` executed directly, or one shell command line."""

    argv: tuple[str, ...]
    shell: bool

    @classmethod
    def of(cls, args: Sequence[str], *, shell: bool | None) -> Job:
        """One argument with shell syntax (spaces, pipes, ``$``…) runs in a shell, like Bencher's
        CLI; a plain word or several arguments are executed directly; ``shell`` forces either."""
        args = tuple(args)
        if shell is None:
            shell = len(args) == 1 and any(ch in _SHELL_SYNTAX for ch in args[0])
        return cls(args, shell)

    @property
    def display(self) -> str:
        """The command as a person would type it."""
        return self.argv[0] if self.shell and len(self.argv) == 1 else shlex.join(self.argv)


def run_command(job: Job, *, allow_failure: bool, echo: IO[str] | None) -> str:
    """Run ``job``; return its stdout (copied to ``echo`` as it comes, unless None).

    The command's stderr goes straight to ours.

    Raises:
        UsageError: the command cannot be started (not found, not executable).
        CommandFailed: it exited with a non-zero status and ``allow_failure`` is false.
    """
    target: str | list[str] = " ".join(job.argv) if job.shell else list(job.argv)
    try:
        proc = subprocess.Popen(target, shell=job.shell, stdout=subprocess.PIPE)
    except FileNotFoundError as e:
        raise UsageError(f"command not found: {job.argv[0]!r}") from e
    except PermissionError as e:
        raise UsageError(f"command is not executable: {job.argv[0]!r}") from e
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    parts: list[str] = []
    assert proc.stdout is not None
    with proc:
        fd = proc.stdout.fileno()
        while chunk := os.read(fd, 65536):
            text = decoder.decode(chunk)
            parts.append(text)
            if echo is not None:
                echo.write(text)
                echo.flush()
    parts.append(decoder.decode(b"", final=True))
    status = proc.returncode
    if status != 0 and not allow_failure:
        how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
        if status == 127 and job.shell:
            how += " (command not found?)"
        raise CommandFailed(
            f"the command `{job.display}` {how}; nothing was stored "
            "(use --allow-failure to submit its results anyway)"
        )
    return "".join(parts)


def read_results_file(path: Path) -> str:
    """The text of a results file.

    Raises:
        UsageError: naming the ``--file`` that is missing, a folder, unreadable or not UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise UsageError(f"--file {path}: no such file") from e
    except IsADirectoryError as e:
        raise UsageError(f"--file {path}: is a folder, not a results file") from e
    except UnicodeDecodeError as e:
        raise UsageError(f"--file {path}: not UTF-8 text ({e.reason} at byte {e.start})") from e
    except OSError as e:
        raise UsageError(f"--file {path}: cannot be read ({e.strerror})") from e


_State = tuple[int, int, int, int, int] | None


def _state(path: Path) -> _State:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_dev)


def _fresh(path: Path, before: _State) -> str:
    after = _state(path)
    if after is None:
        raise UsageError(f"--file {path}: the command did not write it (no such file after it ran)")
    if after == before:
        raise UsageError(
            f"--file {path}: not written by the command (unchanged since before it ran); "
            "results left over from an earlier run are never submitted"
        )
    return read_results_file(path)


def collect_outputs(
    job: Job | None,
    files: Sequence[Path],
    *,
    iterations: int,
    allow_failure: bool,
    echo: IO[str] | None,
) -> list[tuple[str, str]]:
    """The raw results, one ``(label, text)`` per iteration; the label names where it came from.

    * a command alone: its stdout, for each of ``iterations`` runs;
    * files alone: each file once (each file is one iteration);
    * a command and files: after each run, each file (which the run must have written).
    """
    if job is None:
        return [(f"--file {f}", read_results_file(f)) for f in files]
    outputs: list[tuple[str, str]] = []
    for i in range(iterations):
        run_no = f" (run {i + 1} of {iterations})" if iterations > 1 else ""
        before = {f: _state(f) for f in files}
        stdout = run_command(job, allow_failure=allow_failure, echo=echo)
        if files:
            outputs.extend((f"--file {f}{run_no}", _fresh(f, before[f])) for f in files)
        else:
            outputs.append((f"the output of `{job.display}`{run_no}", stdout))
    return outputs


def default_echo(quiet: bool) -> IO[str] | None:
    """Where the command's stdout is copied: our stderr (stdout carries the report), or nowhere."""
    return None if quiet else sys.stderr


def env_command() -> Job | None:
    """``BENCHER_CMD`` (Bencher's variable for the command), run in a shell, if set."""
    text = os.environ.get("BENCHER_CMD", "").strip()
    return Job((text,), shell=True) if text else None  # noqa: S604 - the user's own command line
