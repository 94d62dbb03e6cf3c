"""A perf plot as a standalone SVG document, for READMEs and pull-request comments.

Pure and self-contained (no fonts, scripts or links to fetch): one line per series, the
boundary limits as a shaded band, alerts circled in red, axes with round ticks (dates in UTC or
version numbers) and a legend. The browser's interactive plot is drawn by BokehJS instead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Literal

__all__ = ["PALETTE", "Line", "nice_ticks", "render_svg"]

#: Series colours (red is kept for alerts); perf.js uses the same list.
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
ALERT = "#d62728"
FONT = "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif"
MAX_LEGEND = 12
_HOUR, _DAY = 3600, 86400
#: Date tick steps in seconds, from a minute to a year.
_STEPS_S: tuple[int, ...] = (1, 2, 5, 10, 15, 30, 60, 300, 900, _HOUR, 3 * _HOUR, 6 * _HOUR)
_STEPS_S += (12 * _HOUR, _DAY)
_WEEK = 7 * _DAY
_STEPS_S += (2 * _DAY, _WEEK, 2 * _WEEK)
#: 1970-01-05, the first Monday after the epoch: weekly ticks fall on Mondays.
_MONDAY = 4 * _DAY


@dataclass(frozen=True)
class Line:
    """One series: x (unix ms or version numbers), values, limits/baseline and alert indexes."""

    label: str
    x: Sequence[float]
    y: Sequence[float]
    lower: Sequence[float | None] = ()
    upper: Sequence[float | None] = ()
    baseline: Sequence[float | None] = ()
    alerts: Sequence[int] = field(default=())


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 12))
        v += step
    return ticks


def _label(v: float) -> str:
    a = abs(v)
    for size, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e4, "k")):
        if a >= size:
            return f"{v / size:.3g}{suffix}" if size != 1e4 else f"{v / 1e3:.3g}k"
    return f"{v:.4g}"


def _date_ticks(lo_ms: float, hi_ms: float) -> list[tuple[float, str]]:
    """At most 7 date ticks: round seconds, hours or days (weeks from Monday), else months."""
    span_s = (hi_ms - lo_ms) / 1000
    step = next((s for s in _STEPS_S if span_s / s <= 7), None)
    if step is None:
        return _month_ticks(lo_ms, hi_ms)
    fmt = "%Y-%m-%d" if step >= _DAY else "%m-%d %H:%M" if step >= 60 else "%H:%M:%S"
    offset = _MONDAY if step == _WEEK else 0
    t = float(math.ceil((lo_ms / 1000 - offset) / step) * step + offset)
    out = []
    while t * 1000 <= hi_ms:
        when = dt.datetime.fromtimestamp(t, tz=dt.timezone.utc)
        out.append((t * 1000, when.strftime(fmt)))
        t += step
    return out


def _month_ticks(lo_ms: float, hi_ms: float) -> list[tuple[float, str]]:
    lo = dt.datetime.fromtimestamp(lo_ms / 1000, tz=dt.timezone.utc)
    hi = dt.datetime.fromtimestamp(hi_ms / 1000, tz=dt.timezone.utc)
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    step = next((m for m in (1, 2, 3, 6, 12) if months / m <= 7), 12 * math.ceil(months / 84))
    index = lo.year * 12 + lo.month - 1
    index += -index % step
    out = []
    while index <= hi.year * 12 + hi.month - 1:
        when = dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.timezone.utc)
        ms = when.timestamp() * 1000
        if lo_ms <= ms <= hi_ms:
            out.append((ms, when.strftime("%Y-%m" if step < 12 else "%Y")))
        index += step
    return out


def _extent(values: list[float], *, pad: float) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi == lo:
        d = abs(lo) * 0.1 or 1.0
        return lo - d, hi + d
    return lo - (hi - lo) * pad, hi + (hi - lo) * pad


def _band_runs(line: Line) -> list[list[tuple[float, float, float]]]:
    """Runs of consecutive points with a band: (x, low edge, high edge)."""
    runs: list[list[tuple[float, float, float]]] = []
    current: list[tuple[float, float, float]] = []
    for i, x in enumerate(line.x):
        base = line.baseline[i] if i < len(line.baseline) else None
        hi = line.upper[i] if i < len(line.upper) else None
        lo = line.lower[i] if i < len(line.lower) else None
        hi, lo = (hi if hi is not None else base), (lo if lo is not None else base)
        if hi is None or lo is None or hi == lo:
            if current:
                runs.append(current)
            current = []
            continue
        current.append((x, lo, hi))
    if current:
        runs.append(current)
    return runs


def render_svg(
    lines: Sequence[Line],
    *,
    title: str = "",
    y_label: str = "",
    x_kind: Literal["date", "version"] = "date",
    width: int = 900,
    height: int = 420,
) -> str:
    """The plot as an SVG document (a "no data" notice when there are no points)."""
    shown = lines[:MAX_LEGEND]
    legend_rows = math.ceil((len(shown) + (len(lines) > MAX_LEGEND)) / 3) if lines else 0
    left, right, top, bottom = 72, 24, 44 if title else 20, 48 + 20 * legend_rows
    pw, ph = max(width - left - right, 50), max(height - top - bottom, 50)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="{FONT};font-size:12px" role="img">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{width / 2:.1f}" y="26" text-anchor="middle" font-size="16" '
            f'font-weight="600" fill="#222">{escape(title)}</text>'
        )
    xs = [float(x) for ln in lines for x in ln.x]
    ys = [float(v) for ln in lines for v in (*ln.y, *ln.lower, *ln.upper) if v is not None]
    if not xs or not ys:
        out.append(
            f'<text x="{width / 2:.1f}" y="{top + ph / 2:.1f}" text-anchor="middle" '
            f'fill="#666">no data for this selection</text></svg>'
        )
        return "\n".join(out)
    x_lo, x_hi = _extent(xs, pad=0.02)
    y_lo, y_hi = _extent(ys, pad=0.06)

    def px(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * pw

    def py(y: float) -> float:
        return top + ph - (y - y_lo) / (y_hi - y_lo) * ph

    out.append('<g stroke="#e5e5e5" stroke-width="1" fill="#555">')
    for t in nice_ticks(y_lo, y_hi):
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{py(t):.1f}" y2="{py(t):.1f}"/>')
        out.append(
            f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end" stroke="none">'
            f"{escape(_label(t))}</text>"
        )
    x_ticks = (
        _date_ticks(x_lo, x_hi)
        if x_kind == "date"
        else [(t, f"{t:g}") for t in nice_ticks(x_lo, x_hi, 7) if float(t).is_integer()]
    )
    for t, text in x_ticks:
        out.append(f'<line x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{top}" y2="{top + ph}"/>')
        out.append(
            f'<text x="{px(t):.1f}" y="{top + ph + 16}" text-anchor="middle" stroke="none">'
            f"{escape(text)}</text>"
        )
    out.append("</g>")
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    if y_label:
        out.append(
            f'<text transform="translate(16 {top + ph / 2:.1f}) rotate(-90)" '
            f'text-anchor="middle" fill="#333">{escape(y_label)}</text>'
        )
    out.append(
        f'<clipPath id="plot-area"><rect x="{left}" y="{top}" width="{pw}" height="{ph}"/>'
        '</clipPath><g clip-path="url(#plot-area)">'
    )
    for i, ln in enumerate(lines):
        color = PALETTE[i % len(PALETTE)]
        for run in _band_runs(ln):
            edge = [f"{px(x):.1f},{py(hi):.1f}" for x, _, hi in run]
            edge += [f"{px(x):.1f},{py(lo):.1f}" for x, lo, _ in reversed(run)]
            out.append(f'<polygon points="{" ".join(edge)}" fill="{color}" fill-opacity="0.15"/>')
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(ln.x, ln.y, strict=False))
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.8" '
            'stroke-linejoin="round"/>'
        )
        if len(ln.x) <= 60:
            for x, y in zip(ln.x, ln.y, strict=False):
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="{color}"/>')
        for k in ln.alerts:
            if 0 <= k < len(ln.x):
                out.append(
                    f'<circle class="alert" cx="{px(ln.x[k]):.1f}" cy="{py(ln.y[k]):.1f}" r="6" '
                    f'fill="none" stroke="{ALERT}" stroke-width="2.2"><title>alert: '
                    f"{escape(ln.label)} = {escape(_label(ln.y[k]))}</title></circle>"
                )
    out.append("</g>")
    out.extend(_legend(lines, left=left, top=top + ph + 34, width=pw))
    out.append("</svg>")
    return "\n".join(out)


def _legend(lines: Sequence[Line], *, left: int, top: float, width: int) -> list[str]:
    out = []
    col = width / 3
    entries = [(ln.label, PALETTE[i % len(PALETTE)]) for i, ln in enumerate(lines[:MAX_LEGEND])]
    if len(lines) > MAX_LEGEND:
        entries.append((f"+{len(lines) - MAX_LEGEND} more", "#ffffff"))
    for i, (label, color) in enumerate(entries):
        x, y = left + (i % 3) * col, top + (i // 3) * 20
        short = label if len(label) <= 40 else label[:39] + "…"
        out.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="14" height="4" fill="{color}"/>')
        out.append(f'<text x="{x + 20:.1f}" y="{y - 3:.1f}" fill="#333">{escape(short)}</text>')
    return out
