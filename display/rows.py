"""What each table of the wall display says, as rows of cells: pure functions of the live queue's rows.

Words carry every state (a paused counter says "Tạm nghỉ" and why, a closed one "Đóng", a priority
ticket "Ưu tiên"), and colour only repeats them.
"""

from __future__ import annotations

from typing import Any

from assets.texts import tr
from display.calls import ShownCall
from display.panel import Cell, Row


def counter_label(number: int, lang: str = "vi") -> str:
    return tr("display.counter_label", lang, n=number)


def priority_text(kind: str | None, lang: str = "vi") -> str:
    """"Ưu tiên" (the kind itself is the citizen's business, not the hall's)."""
    return tr("display.priority_mark", lang) if kind else ""


def counter_rows(counters: list[dict[str, Any]], lang: str = "vi") -> list[Row]:
    """One row per counter: its name, then its ticket, its pause (with the reason) or that it is closed."""
    rows = []
    for c in counters:
        # "Quầy 5", not its configured name ("Quầy 5 – Hộ tịch, Chứng thực"): the same short words in every
        # row, as the voice says them; the field is on the call itself.
        name = Cell(counter_label(c["number"], lang), 0.9, look="bold")
        status = c.get("status")
        if status == "paused":
            reason = c.get("pause_reason")
            text = tr("display.paused_reason", lang, reason=reason) if reason else tr("display.paused", lang)
            rows.append(Row((name, Cell(text, 1.6, right=True, look="paused"))))
        elif status == "closed":
            rows.append(Row((name, Cell(tr("display.closed", lang), 1.0, right=True, look="closed"))))
        else:
            ticket = c.get("ticket")
            if ticket is None:
                rows.append(Row((name, Cell("—", 1.0, right=True))))
            elif ticket.get("priority"):
                rows.append(Row((name, Cell(ticket["label"], 0.55, right=True, look="bold"),
                                 Cell(priority_text(ticket["priority"], lang), 0.45, right=True, look="priority"))))
            else:
                rows.append(Row((name, Cell(ticket["label"], 1.0, right=True, look="bold"))))
    return rows


def call_rows(calls: list[ShownCall], lang: str = "vi") -> list[Row]:
    """The recent calls, newest first: "1004 → Quầy 2", a priority mark, a recall said as such."""
    rows = []
    for call in calls:
        cells = [Cell(call.ticket, 0.9, look="bold"), Cell("→ " + counter_label(call.counter, lang), 1.1, look="bold")]
        if call.priority:
            cells.append(Cell(priority_text(call.priority, lang), 0.7, right=True, look="priority"))
        elif call.kind == "recalled":
            cells.append(Cell(tr("display.recalled", lang), 0.7, right=True))
        rows.append(Row(tuple(cells)))
    return rows


def field_rows(fields: list[dict[str, Any]], lang: str = "vi") -> list[Row]:
    """Waiting per field: the field's name and how many wait (fields nobody waits for are left out)."""
    return [Row((Cell(f.get("name_vi" if lang == "vi" else "name_en") or f["code"], 2.2),
                 Cell(str(f.get("waiting", 0)), 0.5, right=True, look="bold"))) for f in fields
            if f.get("waiting")]
