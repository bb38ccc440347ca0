"""Chart geometry for inline SVG, computed on the server (no script, no network).

The functions return plain numbers and labels; the template draws them with SVG
presentation attributes and CSS classes from the interface's own stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

WIDTH = 640
HEIGHT = 220
LEFT = 40
BOTTOM = 28
TOP = 10


@dataclass(frozen=True)
class Rect:
    """One drawn rectangle with its series slot and a tooltip."""

    x: float
    y: float
    w: float
    h: float
    slot: int
    title: str
    value: int = 0


@dataclass(frozen=True)
class Chart:
    """A drawn chart: rectangles, axis labels, ticks and the legend."""

    width: int
    height: int
    rects: list[Rect]
    x_labels: list[tuple[float, str]]
    ticks: list[tuple[float, int]]
    legend: list[tuple[int, str]]
    empty: bool = False
    notes: list[str] = field(default_factory=list)


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def stacked_bars(
    cells: Sequence[dict[str, Any]],
    x_dim: str,
    series_dim: str,
    series: Sequence[tuple[str, str]],
) -> Chart:
    """Columns per x value (e.g. month), stacked by series (e.g. event type).

    Suppressed cells carry no count and are left out of the drawing.
    """
    slot = {code: i + 1 for i, (code, _) in enumerate(series)}
    labels = dict(series)
    xs = sorted({str(c[x_dim]) for c in cells if c[x_dim] is not None})
    stacks: dict[str, list[tuple[str, int]]] = {x: [] for x in xs}
    for c in cells:
        if c.get("count") and c[x_dim] is not None and c[series_dim] in slot:
            stacks[str(c[x_dim])].append((str(c[series_dim]), int(c["count"])))
    totals = [sum(n for _, n in stacks[x]) for x in xs]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - TOP
    col = plot_w / max(len(xs), 1)
    bar_w = min(60.0, max(2.0, col * 0.7))
    rects: list[Rect] = []
    x_labels: list[tuple[float, str]] = []
    every = max(1, len(xs) // 12)
    for i, x in enumerate(xs):
        left = LEFT + i * col + (col - bar_w) / 2
        y = float(TOP + plot_h)
        for code, n in sorted(stacks[x], key=lambda t: slot[t[0]]):
            h = plot_h * n / top
            y -= h
            rects.append(
                Rect(
                    round(left, 1),
                    round(y, 1),
                    round(bar_w, 1),
                    round(h, 1),
                    slot[code],
                    f"{x}: {labels[code]} {n}",
                    n,
                )
            )
        if i % every == 0:
            x_labels.append((round(left + bar_w / 2, 1), x))
    ticks = [
        (round(TOP + plot_h - plot_h * k / 4, 1), int(top * k / 4)) for k in range(5)
    ]
    used = {r.slot for r in rects}
    legend = [(slot[c], lbl) for c, lbl in series if slot[c] in used]
    return Chart(WIDTH, HEIGHT, rects, x_labels, ticks, legend, empty=not rects)


def horizontal_bars(items: Sequence[tuple[str, int]], width: int = WIDTH) -> Chart:
    """One bar per item (label, count), longest first."""
    row_h, label_w = 22, 200
    items = sorted(items, key=lambda t: -t[1])
    top = float(max((n for _, n in items), default=0) or 1)
    rects = [
        Rect(
            label_w,
            i * row_h + 4,
            round((width - label_w - 60) * n / top, 1),
            row_h - 8,
            1,
            f"{label} {n}",
            n,
        )
        for i, (label, n) in enumerate(items)
    ]
    labels = [(i * row_h + row_h / 2 + 4, label) for i, (label, _) in enumerate(items)]
    return Chart(
        width,
        max(len(items) * row_h + 8, 30),
        rects,
        [(y, lbl) for y, lbl in labels],
        [],
        [],
        empty=not items,
    )
