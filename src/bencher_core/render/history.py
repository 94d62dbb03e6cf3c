"""A series' history as a table with a small text sparkline."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bencher_core.render._table import text_table
from bencher_core.render.rows import relative_change
from bencher_core.render.terminal import format_limits
from bencher_core.render.units import format_change, pick_scale

if TYPE_CHECKING:
    from bencher_core.service.perf import PerfPoint

__all__ = ["history_table", "sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], *, width: int | None = None) -> str:
    """One bar character per value, scaled between the smallest and the largest (gaps as space).

    With ``width`` set and more values than that, the newest ``width`` values are drawn.
    """
    if width is not None and len(values) > width:
        values = values[len(values) - width :]
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return " " * len(values)
    low, high = min(finite), max(finite)
    span = high - low
    out = []
    for v in values:
        if v is None or not math.isfinite(v):
            out.append(" ")
        elif span == 0:
            out.append(_BARS[len(_BARS) // 2])
        else:
            out.append(_BARS[round((v - low) / span * (len(_BARS) - 1))])
    return "".join(out)


def _when(us: int) -> str:
    return dt.datetime.fromtimestamp(us / 1e6, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M")


def history_table(
    points: Sequence[PerfPoint], *, units: str, color: bool = False, width: int | None = 100
) -> str:
    """Oldest-first points as a table (version, hash, date, value, baseline, limits, change,
    alert), preceded by a sparkline of the values. Units are scaled once for the whole series."""
    if not points:
        return "no points in this series"
    values = [p.value for p in points]
    scale = pick_scale(sorted(values)[len(values) // 2], units)
    rows: list[list[str]] = []
    colors: list[str | None] = []
    for p in points:
        alert = (
            ""
            if p.alert_limit is None
            else f"{'▲' if p.alert_limit == 'upper' else '▼'} {p.alert_status}"
        )
        rows.append(
            [
                str(p.version_number),
                (p.version_hash or "")[:10],
                _when(p.start_time_us),
                scale.format(p.value),
                scale.format(p.baseline),
                format_limits(p.lower_limit, p.upper_limit, scale),
                format_change(relative_change(p.value, p.baseline)),
                alert,
            ]
        )
        colors.append("red" if p.alert_limit and p.alert_status == "active" else None)
    low, high = min(values), max(values)
    spark = (
        f"{sparkline(values, width=(width or 100) - 30)}  "
        f"{scale.format(low)} … {scale.format(high)} ({len(points)} points)"
    )
    table = text_table(
        ["Version", "Hash", "Date (UTC)", "Value", "Baseline", "Limits", "Change", "Alert"],
        rows,
        align="rllrrrrl",
        width=width,
        shrink=1,
        row_colors=colors,
        color=color,
    )
    return spark + "\n" + table
