"""What a field's button says, and how fields are laid out in pages: plain functions, no widgets.

A centre with 30–70 fields cannot show them all at 25 mm each: they go into pages of the grid's size,
turned with large "next / previous" buttons that say which page of how many is shown — never a scroll
bar a citizen would have to discover.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from assets.texts import tr

PORTRAIT_GRID = (2, 6)   # columns, rows
LANDSCAPE_GRID = (3, 4)


def grid(portrait: bool) -> tuple[int, int]:
    """Columns and rows of the field grid in this orientation."""
    return PORTRAIT_GRID if portrait else LANDSCAPE_GRID


def page_count(items: int, per_page: int) -> int:
    """Pages needed for *items* (at least one)."""
    return max(1, math.ceil(items / per_page))


def page_of(items: list[Any], page: int, per_page: int) -> list[Any]:
    """The items on *page* (0-based), clamped to the last page."""
    page = min(max(0, page), page_count(len(items), per_page) - 1)
    return items[page * per_page:(page + 1) * per_page]


def can_issue(row: dict[str, Any]) -> bool:
    """The server says this field issues numbers now."""
    return row.get("state", "issuing") == "issuing"


def field_detail(row: dict[str, Any], lang: str, show_wait: bool = True, today: str | None = None) -> str:
    """The second line of a field's button: people waiting and the wait, or why it cannot be tapped."""
    state = row.get("state", "issuing")
    if state == "full":
        return tr("kiosk.full", lang)
    if state == "closed":
        opens = row.get("opens_at")
        if not opens:
            return tr("kiosk.closed", lang)
        moment = datetime.fromisoformat(opens)
        if today is None or moment.date().isoformat() == today:
            return tr("kiosk.closed_until", lang, time=moment.strftime("%H:%M"))
        return tr("kiosk.closed_until_day", lang, time=moment.strftime("%H:%M"), date=moment.strftime("%d/%m"))
    waiting = int(row.get("waiting") or 0)
    if waiting == 0:
        return tr("kiosk.waiting_none", lang)
    text = tr("kiosk.waiting", lang, count=waiting)
    minutes = row.get("estimated_minutes")
    if show_wait and minutes:
        text += " · " + tr("kiosk.wait_minutes", lang, minutes=minutes)
    return text


def field_name(row: dict[str, Any], lang: str) -> str:
    """The field's name in *lang* (Vietnamese when it has no English name)."""
    return str(row.get("name_en") if lang == "en" and row.get("name_en") else row.get("name_vi", row.get("code")))
