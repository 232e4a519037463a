"""The reports' pictures as inline SVG drawn on the server: nothing is loaded from anywhere (a centre's LAN
has no internet), they print as sharply as the text, and a screen reader reads their title and the
table beside them. Each function takes plain numbers and returns one ``<svg>`` element."""

from __future__ import annotations

import math
from html import escape

from core.reports.export import number_text

INK, MUTED, GRID = "#1a2530", "#4a5560", "#d5dbe1"
BAR, ALERT = "#1f5f99", "#a3320b"
# Very satisfied … dissatisfied: dark enough for white labels, told apart by their legend words as well.
ANSWER_COLOURS = ("#0d5c2e", "#3d7a1a", "#8a6d00", "#9b1c1c")


def _nice_top(value: float) -> float:
    """A round axis maximum at or above *value* (1, 2, 2.5, 5 × 10ⁿ)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' role='img' "
            f"class='chart' font-family='system-ui, sans-serif'><title>{escape(title)}</title>{''.join(body)}</svg>")


def column_chart(points: list[tuple[str, float]], title: str, width: int = 640, height: int = 240,
                 lang: str = "vi") -> str:
    """Vertical bars, one per label (tickets per hour of day), each with its value above it."""
    left, right, top, bottom = 44, 8, 14, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = _nice_top(max((v for _, v in points), default=0))
    body = []
    for i in range(5):
        y = top + plot_h * i / 4
        body.append(f"<line x1='{left}' x2='{width - right}' y1='{y:.1f}' y2='{y:.1f}' stroke='{GRID}'/>"
                    f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' font-size='11' fill='{MUTED}'>"
                    f"{number_text(highest * (4 - i) / 4, lang)}</text>")
    slot = plot_w / max(1, len(points))
    for i, (label, value) in enumerate(points):
        h = plot_h * value / highest
        x = left + i * slot + slot * 0.15
        body.append(f"<rect x='{x:.1f}' y='{top + plot_h - h:.1f}' width='{slot * 0.7:.1f}' height='{h:.1f}' "
                    f"fill='{BAR}'><title>{escape(label)}: {number_text(value, lang)}</title></rect>"
                    f"<text x='{x + slot * 0.35:.1f}' y='{height - bottom + 16}' text-anchor='middle' font-size='11' "
                    f"fill='{INK}'>{escape(label)}</text>")
        if value:
            body.append(f"<text x='{x + slot * 0.35:.1f}' y='{top + plot_h - h - 3:.1f}' text-anchor='middle' "
                        f"font-size='10' fill='{INK}'>{number_text(value, lang)}</text>")
    return _svg(width, height, title, body)


def _text_width(text: str, size: float) -> float:
    """About how wide *text* is drawn at font *size* (digits and a comma: a little over half an em each)."""
    return len(text) * size * 0.6


def wait_chart(rows: list[tuple[str, float | None, float | None]], target: float, title: str,
               target_label: str, width: int = 640, lang: str = "vi") -> str:
    """Horizontal bars of the average wait per group (a field), a thin mark at its 90th percentile, and
    a dashed line at the centre's target; a bar whose average passes the target is drawn in red.

    The average's value is written inside the bar's end when it fits there, else after the bar and its
    90th-percentile mark (and the target's line, when it would cross the figure there), so that no line
    runs through a figure."""
    left, right, top, row_h = 190, 56, 22, 24
    height = top + row_h * max(1, len(rows)) + 8
    plot_w = width - left - right
    highest = _nice_top(max([target] + [v for _, a, p in rows for v in (a, p) if v is not None]))
    body = []
    target_x = left + plot_w * target / highest
    for i, (label, avg, p90) in enumerate(rows):
        y = top + i * row_h
        body.append(f"<text x='{left - 8}' y='{y + 15}' text-anchor='end' font-size='12' fill='{INK}'>"
                    f"{escape(label[:30])}</text>")
        if avg is None:
            continue
        w = plot_w * avg / highest
        colour = ALERT if avg > target else BAR
        value = number_text(avg, lang)
        body.append(f"<rect x='{left}' y='{y + 4}' width='{w:.1f}' height='{row_h - 8}' fill='{colour}'>"
                    f"<title>{escape(label)}: {value}</title></rect>")
        mark = left + plot_w * p90 / highest if p90 is not None else None
        inside = w - _text_width(value, 11) - 8  # where the figure would start inside the bar
        if inside >= 0 and (mark is None or not left + inside - 2 <= mark <= left + w):
            body.append(f"<text x='{left + w - 4:.1f}' y='{y + 15}' text-anchor='end' font-size='11' "
                        f"fill='#fff'>{value}</text>")
        else:
            after = max(left + w, mark if mark is not None else 0) + 5
            if after - 3 <= target_x <= after + _text_width(value, 11) + 2:  # nor through the target's line
                after = target_x + 5
            body.append(f"<text x='{after:.1f}' y='{y + 15}' font-size='11' fill='{INK}'>{value}</text>")
        if mark is not None:
            body.append(f"<line x1='{mark:.1f}' x2='{mark:.1f}' y1='{y + 2}' y2='{y + row_h - 2}' stroke='{INK}' "
                        f"stroke-width='2'/>")
    x = target_x
    body.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top - 6}' y2='{height - 4}' stroke='{ALERT}' "
                f"stroke-dasharray='5 4'/><text x='{x:.1f}' y='{top - 9}' text-anchor='middle' font-size='11' "
                f"fill='{ALERT}'>{escape(target_label)}</text>")
    return _svg(width, height, title, body)


def share_chart(parts: list[tuple[str, int]], title: str, width: int = 640, lang: str = "vi") -> str:
    """One bar split by the answers' shares (satisfaction), with a legend of counts and percentages."""
    total = sum(n for _, n in parts)
    left, top, bar_h = 8, 8, 34
    body = []
    x = float(left)
    plot_w = width - 2 * left
    for (label, n), colour in zip(parts, ANSWER_COLOURS, strict=False):
        if not total or not n:
            continue
        w = plot_w * n / total
        body.append(f"<rect x='{x:.1f}' y='{top}' width='{w:.1f}' height='{bar_h}' fill='{colour}'>"
                    f"<title>{escape(label)}: {number_text(n, lang)}</title></rect>")
        if w > 34:
            body.append(f"<text x='{x + w / 2:.1f}' y='{top + 22}' text-anchor='middle' font-size='12' "
                        f"fill='#fff'>{round(100 * n / total)}%</text>")
        x += w
    if not total:
        body.append(f"<rect x='{left}' y='{top}' width='{plot_w}' height='{bar_h}' fill='none' stroke='{GRID}'/>")
    per_row = 2
    for i, ((label, n), colour) in enumerate(zip(parts, ANSWER_COLOURS, strict=False)):
        lx, ly = left + (i % per_row) * plot_w / per_row, top + bar_h + 20 + (i // per_row) * 20
        share = f" ({round(100 * n / total)}%)" if total else ""
        body.append(f"<rect x='{lx:.1f}' y='{ly - 10}' width='12' height='12' fill='{colour}'/>"
                    f"<text x='{lx + 18:.1f}' y='{ly}' font-size='12' fill='{INK}'>{escape(label)}: "
                    f"{number_text(n, lang)}{share}</text>")
    return _svg(width, top + bar_h + 20 + 20 * math.ceil(len(parts) / per_row), title, body)
