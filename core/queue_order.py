"""Which waiting ticket a counter calls next.

Order, for a counter: first tickets transferred to this very counter; then priority tickets of fields
whose rule is "first" (and, at a priority-only counter, every priority ticket); then the rest. Within a
class, the centre's policy decides: ``oldest_first`` takes the earliest original issue time across the
counter's fields; ``field_order`` takes the counter's first field that has anyone waiting.

Each field is asked for its head with small indexed ``LIMIT 1`` queries rather than sorting the whole
queue: with thousands waiting, call-next stays a fraction of a millisecond.
"""

from __future__ import annotations

import sqlite3

from core.config import Centre, Counter
from core.errors import NumberAmbiguous, TicketUnknown


def _head(conn: sqlite3.Connection, where: str, params: tuple[object, ...], index: str = "") -> tuple[int, str] | None:
    row = conn.execute(
        f"SELECT id, queue_at FROM tickets {index} WHERE service_day = ? AND state = 'waiting' AND field_code = ?"
        f" AND {where} ORDER BY queue_at, id LIMIT 1", params).fetchone()
    return (row[0], row[1]) if row else None


def next_ticket_row(conn: sqlite3.Connection, centre: Centre, counter: Counter, day: str) -> int | None:
    """The id of the ticket *counter* should call now, or ``None`` when nobody it serves is waiting."""
    # candidates: (class, field position or 0, queue_at, id)
    candidates: list[tuple[int, int, str, int]] = []
    for position, code in enumerate(counter.fields):
        field = centre.field(code)
        if field is None:
            continue
        order = position if centre.call_policy == "field_order" else 0
        targeted = _head(conn, "target_counter = ?", (day, code, counter.number))
        if targeted:
            candidates.append((0, order, targeted[1], targeted[0]))
        if field.priority_rule == "first" or counter.priority_only:
            # The partial index of waiting priority tickets; the planner, without statistics, would walk
            # the whole queue when no priority citizen is waiting.
            prio = _head(conn, "priority IS NOT NULL AND target_counter IS NULL", (day, code),
                         "INDEXED BY tickets_priority_queue")
            if prio:
                candidates.append((1, order, prio[1], prio[0]))
        rest = _head(conn, "target_counter IS NULL", (day, code))
        if rest:
            candidates.append((2, order, rest[1], rest[0]))
    # A priority-only counter serves ordinary tickets only when no priority citizen is waiting.
    if counter.priority_only and any(c[0] < 2 for c in candidates):
        candidates = [c for c in candidates if c[0] < 2]
    return min(candidates)[3] if candidates else None


def ticket_by_number(conn: sqlite3.Connection, centre: Centre, counter: Counter, day: str, label: str,
                     field: str | None = None) -> int:
    """The id of today's ticket printed *label* (the live row of its chain, after transfers).

    Two fields may share numbers when every call names the field (``core.config.announces_field``); then
    the counter's own fields decide, or *field* must: a number that still fits two citizens is refused
    rather than calling one of them at random."""
    rows = conn.execute(
        "SELECT token, id, field_code FROM tickets WHERE service_day = ? AND label = ? ORDER BY id",
        (day, label.strip().upper())).fetchall()
    citizens = {token: (tid, code) for token, tid, code in rows}  # the newest row of each chain
    found = [(tid, code) for tid, code in citizens.values() if field is None or code == field.strip().upper()]
    if len(found) > 1:
        found = [(tid, code) for tid, code in found if code in counter.fields] or found
    if not found:
        raise TicketUnknown(ticket=label)
    if len(found) > 1:
        names = ", ".join(f.name_vi if (f := centre.field(code)) else code for _, code in found)
        raise NumberAmbiguous(label=label, fields=names)
    return found[0][0]
