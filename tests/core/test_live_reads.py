"""What the server reads after every change a display hears of (the field and counter rows), and for every
snapshot, stays bounded by today: no read walks the whole history of tickets or events (a centre keeps
years of them)."""

from __future__ import annotations

import re

from core.board import QueueBoard
from core.clock import ManualClock
from core.engine import QueueEngine

HISTORY_TABLES = ("tickets", "events", "ticket_facts")


def a_served_day(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.login(3, "cuong")
    for code in ("DD", "DD", "CT"):
        engine.issue(code)
    for counter in (1, 3, 1):
        ticket = engine.call_next(counter)
        assert ticket is not None
        engine.start(counter, ticket.id)
        engine.finish(counter, ticket.id)


def scans_of(board: QueueBoard, read: object) -> list[str]:
    """The plans of every statement *read* runs that scan a history table from end to end."""
    statements: list[str] = []
    board.db.conn.set_trace_callback(statements.append)
    try:
        read()  # type: ignore[operator]
    finally:
        board.db.conn.set_trace_callback(None)
    scans = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for row in board.db.conn.execute("EXPLAIN QUERY PLAN " + sql):
            detail = row[3]
            if re.match(rf"SCAN ({'|'.join(HISTORY_TABLES)})\b", detail) and "COVERING INDEX" not in detail:
                scans.append(f"{detail}: {' '.join(sql.split())[:120]}")
    return scans


def test_live_rows_snapshot_and_recent_calls_read_only_today(engine: QueueEngine, board: QueueBoard,
                                                            clock: ManualClock) -> None:
    a_served_day(engine)
    clock.advance(days=1)
    a_served_day(engine)
    engine.login(2, "binh")
    engine.issue("DD")
    called = engine.call_next(2)
    assert called is not None
    assert scans_of(board, board.fields) == []  # the rows the server sends after every change
    assert scans_of(board, board.snapshot) == []
    assert scans_of(board, board.counters) == []
    assert scans_of(board, board.recent_calls) == []


def test_recent_calls_are_todays_newest_first(engine: QueueEngine, board: QueueBoard, clock: ManualClock) -> None:
    a_served_day(engine)
    clock.advance(days=1)
    assert board.recent_calls() == []  # yesterday's calls are not today's, though fewer than the limit
    engine.login(1, "an")
    first = engine.issue("DD")
    second = engine.issue("DD")
    assert board.recent_calls() == []  # issued, nobody called yet
    engine.call_next(1)
    engine.no_show(1, first.id)
    clock.advance(minutes=1)
    engine.call_next(1)
    calls = board.recent_calls()
    assert [(c["label"], c["kind"], c["counter"]) for c in calls] == [(second.label, "called", 1),
                                                                      (first.label, "called", 1)]
    assert calls[0]["seq"] > calls[1]["seq"]
    assert board.recent_calls(limit=1) == calls[:1]


def test_a_number_is_found_without_reading_the_days_tickets(engine: QueueEngine, board: QueueBoard) -> None:
    """Calling a number (and putting an absent citizen back) looks the number up in an index: a busy day
    must not make every call by number read the whole day's tickets."""
    engine.login(1, "an")
    labels = [engine.issue("DD").label for _ in range(5)]
    statements: list[str] = []
    engine.db.conn.set_trace_callback(statements.append)
    try:
        called = engine.call_number(1, labels[3])
    finally:
        engine.db.conn.set_trace_callback(None)
    assert called.label == labels[3]
    by_label = [s for s in statements if "label =" in s and s.lstrip().upper().startswith("SELECT")]
    assert by_label
    for sql in by_label:
        plans = [row[3] for row in engine.db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert any("tickets_label" in p for p in plans), plans
