"""``python_asv``: airspeed velocity's console output, and its results files.

Console (Bencher's format): ``[ pp.pp%] ··· <name>   <value>±<error><unit>`` → latency
``value ∓ error`` in ns; lines with other results (``failed``, ``2.1k``, ``42``) are skipped.
Beyond Bencher, the tables asv prints for parametrized benchmarks are read too, one benchmark
per parameter combination, named as in asv's results files (``benchmarks.TimeSort.time_sort(1000,
'random order')``; the table shows strings without their quotes, so a cell that is not a Python
literal is quoted back). ``--average mean`` is not supported (asv reports medians).

A results file (``results/<machine>/<commit>-<env>.json``, format version 2) given as the output
is parsed too; see :mod:`._asv_results` and :func:`read_asv_results_file`, which also returns the
commit hash and date.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Iterator
from typing import cast

from bencher_core.adapters._asv_results import (
    AsvResultsFile,
    is_asv_results,
    read_asv_results_file,
    results_from_asv,
)
from bencher_core.adapters._metric import new_metric, new_metrics, one_measure_results
from bencher_core.adapters._parsing import (
    NOT_FINITE,
    Broken,
    adapter,
    at_match,
    first_not_finite,
    is_json_document,
    scan_columns,
)
from bencher_core.adapters._registry import AdapterInput
from bencher_core.adapters._units import NUMBER, TIME_UNITS_NS, scaled_by_unit
from bencher_core.models.metric import Metric, Results
from bencher_core.models.run import Average

__all__ = ["AsvResultsFile", "parse_python_asv", "read_asv_results_file"]

#: asv prints durations in these units (``human_time``), minutes and beyond included.
_ASV_UNITS_NS = {**TIME_UNITS_NS, "m": 60e9, "h": 3600e9, "d": 86400e9, "w": 604800e9}
_UNIT = "|".join(sorted((re.escape(u) for u in _ASV_UNITS_NS), key=len, reverse=True))
# ``(?:…|)`` rather than ``(?:…)?``: the same matches, found faster (see ``NUMBER``).
_PREFIX = r"\[[ \t]*\d+(?:\.\d+|)%\] ·+ "
_VALUE = rf"({NUMBER})(?:±({NUMBER})|)({_UNIT})"
_LINE = re.compile(rf"^{_PREFIX}(\S+)[ \t]+{_VALUE}[ \t]*\r?$", re.MULTILINE)
_CELL = re.compile(rf"^{_VALUE}$")
# A parameter table starts with an "ok" line followed by an ``=`` rule (one line each).
_OK_LINE = re.compile(rf"{_PREFIX}(\S+)[ \t]+ok[ \t]*\r?")
_TOP_RULE = re.compile(rf"(?:{_PREFIX})?[ \t]*=+(?: +=+)+[ \t]*\r?")


def _latency(number: str, spread: str, unit: str) -> Metric:
    """``<number>[±<spread>]<unit>`` as latency in ns (no bounds without a spread)."""
    factor = _ASV_UNITS_NS[unit]
    value = float(number.replace(",", "")) * factor
    if not spread:
        if value - value:
            raise Broken(NOT_FINITE)
        return new_metric(value, None, None, None)
    error = float(spread.replace(",", "")) * factor
    lower, upper = value - error, value + error
    if lower - lower or upper - upper:
        raise Broken(NOT_FINITE)
    return new_metric(value, lower, upper, None)


def _spans(border: str) -> list[tuple[int, int]]:
    """Column spans of a table border, relative to its first ``=``."""
    start = border.index("=")
    return [(m.start() - start, m.end() - start) for m in re.finditer(r"=+", border)]


def _cells(line: str, offset: int, spans: list[tuple[int, int]]) -> list[str]:
    cells = []
    for k, (a, b) in enumerate(spans):
        end = None if k == len(spans) - 1 else offset + b
        cells.append(line[offset + a : end].strip())
    return cells


def _param(cell: str) -> str:
    """A parameter as asv's results file writes it (its ``repr``)."""
    try:
        value = ast.literal_eval(cell)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = None
    else:
        if not isinstance(value, str):
            return cell
    if cell.startswith("<") or "(" in cell:
        return cell  # an object's repr (asv leaves those alone)
    return repr(cell)


def _is_rule(line: str, char: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) <= {char, " "}


def _block(lines: list[str], j: int) -> tuple[list[tuple[int, str]], int]:
    """The non-blank lines from ``j`` up to the next ``=`` rule, and where that rule is."""
    out: list[tuple[int, str]] = []
    while j < len(lines) and lines[j].strip() and not _is_rule(lines[j], "="):
        out.append((j, lines[j]))
        j += 1
    return out, j


def _table(lines: list[str], i: int, base: str, results: Results) -> int:
    """Parse the parameter table whose top border is line ``i``; return the line after it.

    One parameter: ``name`` header, a ``-`` rule, then one row per value. Several: a ``--``
    line naming the last parameter, a ``-`` rule, a header with the other parameters' names and
    the last parameter's values, an ``=`` rule, then one row per combination of the others.
    """
    spans = _spans(lines[i])
    head, j = _block(lines, i + 1)
    rule_at = next((n for n, (_, line) in enumerate(head) if _is_rule(line, "-")), None)
    if rule_at is None:
        raise Broken("an asv parameter table without its header rule", line=i + 2)
    rule = head[rule_at][1]
    offset = len(rule) - len(rule.lstrip())
    header: list[str] = []
    if _cells(head[0][1], offset, spans)[0] == "--":
        if rule_at + 1 >= len(head):
            raise Broken("an asv parameter table without its header", line=head[rule_at][0] + 2)
        first_run = len(rule.strip().split(" ")[0])
        row_params = sum(1 for _, end in spans if end <= first_run)
        header = _cells(head[rule_at + 1][1], offset, spans)
        rows, j = _block(lines, j + 1)
    else:
        row_params, rows = 1, head[rule_at + 1 :]
    for k, line in rows:
        cells = _cells(line, offset, spans)
        params = [_param(c) for c in cells[:row_params]]
        for col in range(row_params, len(spans)):
            m = _CELL.match(cells[col])
            if m is None:
                continue  # failed, skipped or not a time
            last = [_param(header[col])] if header else []
            try:
                metric = _latency(*m.groups(""))
            except Broken as e:
                raise Broken(e.message, line=k + 1) from None
            results[f"{base}({', '.join([*params, *last])})"] = {"latency": metric}
    return j + 1


def _lines(text: str) -> Results:
    """The one-line results (``<name>  <value>±<error><unit>``), built column by column."""
    names, numbers, spread_column, units = scan_columns(_LINE, text)
    spreads = cast("list[str | None]", spread_column)  # None: the value has no ± part
    partial = None in spreads
    if partial:
        spread_column = [s or "0" for s in spreads]  # a value without one is its own bounds
    values = scaled_by_unit(numbers, units, _ASV_UNITS_NS)
    errors = scaled_by_unit(spread_column, units, _ASV_UNITS_NS)
    assert values is not None  # the regex only takes known units
    assert errors is not None
    low = list(map(operator.sub, values, errors))
    high = list(map(operator.add, values, errors))
    bad = first_not_finite(low, high)
    if bad is not None:
        raise at_match(Broken(NOT_FINITE), _LINE, text, bad)
    if not partial:
        return one_measure_results(names, "latency", new_metrics(values, low, high))
    lowers = [None if s is None else b for s, b in zip(spreads, low, strict=True)]
    uppers = [None if s is None else b for s, b in zip(spreads, high, strict=True)]
    return one_measure_results(names, "latency", new_metrics(values, lowers, uppers))


@adapter("python_asv")
def parse_python_asv(inp: AdapterInput, average: Average | None) -> Results | None:
    """Parse asv console output (parameter tables included) or an asv results file."""
    if average is Average.MEAN:
        return None
    doc = inp.json
    if is_asv_results(doc):
        return results_from_asv(doc)[0]
    text = inp.text
    if "%] ·" not in text or is_json_document(inp):
        return None
    results = _lines(text)
    lines: list[str] = []
    line, last = 0, 0
    for start, name in _table_starts(text):
        line += text.count("\n", last, start)  # 0-based index of the "ok" line
        last = start
        lines = lines or text.split("\n")
        _table(lines, line + 1, name, results)
    return results


def _table_starts(text: str) -> Iterator[tuple[int, str]]:
    """Where each parameter table's "ok" line starts, and the benchmark it names.

    Every top rule holds ``"= "``, so ``str.find`` jumps from candidate to candidate (a regex
    would try each line of a long output in turn).
    """
    pos = text.find("= ")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if start and _TOP_RULE.fullmatch(text, start, end):
            ok_start = text.rfind("\n", 0, start - 1) + 1
            ok = _OK_LINE.fullmatch(text, ok_start, start - 1)
            if ok:
                yield ok_start, ok.group(1)
        pos = text.find("= ", end)
