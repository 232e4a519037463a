"""People ahead, estimated waits, counters and the event log as the apps read them."""

from __future__ import annotations

from core.board import QueueBoard
from core.engine import QueueEngine


def test_people_ahead_counts_priority_first(engine: QueueEngine, board: QueueBoard, clock) -> None:
    a = engine.issue("DD")
    clock.advance(seconds=10)
    b = engine.issue("DD")
    clock.advance(seconds=10)
    p = engine.issue("DD", "elderly")
    assert [board.people_ahead(t) for t in (a, b, p)] == [1, 2, 0]


def test_snapshot_is_consistent_with_the_log(engine: QueueEngine, board: QueueBoard) -> None:
    engine.login(1, "an")
    engine.issue("DD")
    engine.issue("HT", "pregnancy")
    called = engine.call_next(1)
    snap = board.snapshot()
    assert snap["seq"] == board.last_seq() == 4
    waiting = {f["code"]: f["waiting"] for f in snap["fields"]}
    assert waiting == {"DD": 1, "HT": 0, "CT": 0}
    counter1 = snap["counters"][0]
    assert counter1["status"] == "open" and counter1["officer"] == "an"
    assert counter1["ticket"]["label"] == called.label == "A001"
    assert snap["recent_calls"][0]["label"] == "A001"
    assert [e.kind for e in board.events_since(1)] == ["issued", "issued", "called"]


def test_events_are_published_after_commit_in_order(engine: QueueEngine) -> None:
    seen: list[tuple[int, str]] = []
    engine.subscribe(lambda e: seen.append((e.seq, e.kind)))
    engine.login(1, "an")
    engine.issue("DD")
    try:
        engine.issue("XX")
    except Exception:
        pass
    engine.call_next(1)
    assert seen == [(1, "login"), (2, "issued"), (3, "called")]


def test_token_finds_the_live_row_after_a_transfer(engine: QueueEngine, board: QueueBoard) -> None:
    engine.login(1, "an")
    t = engine.issue("DD")
    engine.call_next(1)
    moved = engine.transfer(1, t.id, to_field="HT")
    found = board.ticket_by_token(t.token)
    assert found.id == moved.id and found.field_code == "HT"
    assert board.ticket_by_token("not-a-token") is None
