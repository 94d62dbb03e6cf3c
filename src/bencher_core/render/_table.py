"""Plain-text table layout: aligned columns, a header rule, one column shrunk to fit a width."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["ellipsize", "style", "text_table"]

_GAP = "  "
_MIN_SHRUNK = 12
_FG = {
    "red": 31,
    "green": 32,
    "yellow": 33,
    "blue": 34,
    "magenta": 35,
    "cyan": 36,
    "bright_black": 90,
}


def style(text: str, *, fg: str | None = None, bold: bool = False) -> str:
    """``text`` in ANSI codes (colours: red, green, yellow, blue, magenta, cyan, bright_black)."""
    codes = ([str(_FG[fg])] if fg else []) + (["1"] if bold else [])
    if not codes:
        return text
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with ``…`` in the middle (both ends stay readable)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return text[:width]
    head = (width - 1) // 2
    tail = width - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str,
    width: int | None = None,
    shrink: int = 0,
    row_colors: Sequence[str | None] | None = None,
    color: bool = False,
) -> str:
    """Lay out ``rows`` under ``headers``.

    Args:
        headers: column titles.
        rows: cell texts (no ANSI codes; colour is applied here, after padding).
        align: one ``l`` or ``r`` per column.
        width: the line width to fit; column ``shrink`` is cut (middle ellipsis) to fit it.
        shrink: index of the column that gives up room (the benchmark name).
        row_colors: a colour name (see :func:`style`) or None per row, used with ``color``.
        color: emit ANSI styles (bold header, coloured rows).
    """
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    if width is not None:
        total = sum(widths) + len(_GAP) * (len(widths) - 1)
        excess = total - width
        if excess > 0:
            widths[shrink] = max(_MIN_SHRUNK, len(headers[shrink]), widths[shrink] - excess)

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            text = ellipsize(cell, widths[i])
            out.append(text.rjust(widths[i]) if align[i] == "r" else text.ljust(widths[i]))
        return _GAP.join(out).rstrip()

    head = line(headers)
    lines = [style(head, bold=True) if color else head]
    lines.append("─" * len(line(["─" * w for w in widths])))
    for index, row in enumerate(rows):
        text = line(row)
        fg = row_colors[index] if row_colors else None
        lines.append(style(text, fg=fg) if color and fg else text)
    return "\n".join(lines)
