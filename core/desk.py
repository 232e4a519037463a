"""What an officer's counter app shows, read in one go: the ticket in hand with its times, the held
tickets, the waiting tickets of the counter's fields, and the officer's own figures for today.

The snapshot tells a wall display which number is at which counter; an officer needs more — how long the
citizen waited, how many times they were called, since when they are being served, who else waits and
since when. Nothing here writes.
"""

from __future__ import annotations

from typing import Any

from core.board import QueueBoard
from core.clock import iso
from core.config import Counter
from core.storage import dict_rows

WAITING_LIMIT = 500  # numbers listed for "Gọi số"; the counts per field are always complete

_TIMES = (
    "(SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'called') AS first_called_at,"
    " (SELECT MAX(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind IN ('called', 'recalled')) AS called_at,"
    " (SELECT MAX(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind IN ('started', 'resumed')) AS started_at")
_COLUMNS = ("t.id, t.label, t.field_code AS field, t.priority, t.priority_note, t.state, t.issued_at, t.queue_at,"
            " t.calls, t.counter, t.target_counter, t.transferred_from")


def _rows(board: QueueBoard, sql: str, params: tuple[object, ...] = ()) -> list[dict[str, Any]]:
    return dict_rows(board.db.conn.execute(sql, params))


def _waiting_order(counter: Counter, board: QueueBoard) -> str:
    """ORDER BY for the waiting list: roughly the order call-next takes them (sent to this counter,
    then priority where the field's rule says so, then by place in the queue)."""
    first = [f.code for f in board.centre.fields if f.priority_rule == "first" and f.code in counter.fields]
    prio = "0"
    if counter.priority_only:
        prio = "t.priority IS NOT NULL"
    elif first:
        codes = ", ".join(f"'{c}'" for c in first)  # codes come from the validated configuration
        prio = f"(t.priority IS NOT NULL AND t.field_code IN ({codes}))"
    return f"t.target_counter IS NOT NULL DESC, {prio} DESC, t.queue_at, t.id"


def counter_desk(board: QueueBoard, counter: Counter, username: str | None) -> dict[str, Any]:
    """Everything the counter app of *counter* shows, consistent with one moment (one read transaction)."""
    own = not board.db.conn.in_transaction
    if own:
        board.db.conn.execute("BEGIN")
    try:
        return _desk(board, counter, username)
    finally:
        if own:
            board.db.conn.execute("COMMIT")


def _desk(board: QueueBoard, counter: Counter, username: str | None) -> dict[str, Any]:
    day, number = board.service_day(), counter.number
    session = _rows(board, "SELECT username, paused_since, pause_reason FROM counter_sessions WHERE counter = ?"
                          " AND logout_at IS NULL ORDER BY id DESC LIMIT 1", (number,))
    current = _rows(board, f"SELECT {_COLUMNS}, {_TIMES} FROM tickets t WHERE t.counter = ?"
                          " AND t.state IN ('called', 'serving') ORDER BY t.updated_at DESC, t.id DESC LIMIT 1",
                          (number,))
    held = _rows(board, f"SELECT {_COLUMNS}, {_TIMES} FROM tickets t WHERE t.counter = ? AND t.state = 'held'"
                       " ORDER BY t.updated_at, t.id", (number,))
    marks = ", ".join("?" for _ in counter.fields) or "NULL"
    where = (f"t.service_day = ? AND t.state = 'waiting' AND t.field_code IN ({marks})"
             " AND (t.target_counter IS NULL OR t.target_counter = ?)")
    params = (day, *counter.fields, number)
    if counter.priority_only:
        where += " AND (t.priority IS NOT NULL OR t.target_counter = ?)"
        params = (*params, number)
    waiting = _rows(board, f"SELECT {_COLUMNS} FROM tickets t WHERE {where} ORDER BY {_waiting_order(counter, board)}"
                          f" LIMIT {WAITING_LIMIT}", params)
    per_field = {code: {"field": code, "waiting": 0, "priority": 0, "oldest_queue_at": None}
                 for code in counter.fields}
    for code, n, prio, oldest in board.db.conn.execute(
            f"SELECT t.field_code, COUNT(*), COUNT(t.priority), MIN(t.queue_at) FROM tickets t WHERE {where}"
            " GROUP BY t.field_code", params):
        per_field[code].update(waiting=n, priority=prio, oldest_queue_at=oldest)
    return {
        "now": iso(board.clock.now()),
        "counter": {"number": number, "name": counter.name, "fields": list(counter.fields),
                    "status": "closed" if not session else "paused" if session[0]["paused_since"] else "open",
                    "officer": session[0]["username"] if session else None,
                    "paused_since": session[0]["paused_since"] if session else None,
                    "pause_reason": session[0]["pause_reason"] if session else None},
        "current": current[0] if current else None,
        "held": held,
        "waiting": waiting,
        "fields": [per_field[code] for code in counter.fields],
        "today": officer_today(board, username, day) if username else {"served": 0, "serve_avg_seconds": None},
    }


def officer_today(board: QueueBoard, username: str, day: str) -> dict[str, Any]:
    """The officer's own figures for *day*: tickets served and their average serving time (seconds)."""
    row = board.db.conn.execute(
        "SELECT COUNT(*), AVG(serving_seconds) FROM ticket_durations WHERE service_day = ? AND state = 'done'"
        " AND username = ?", (day, username)).fetchone()
    return {"served": row[0], "serve_avg_seconds": round(row[1], 1) if row[1] is not None else None}
