"""Counter sessions in daily life: PCs switched off without logout, officers moving, accounts disabled,
tickets left over from yesterday."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.board import QueueBoard
from core.engine import QueueEngine
from core.errors import FieldNotServed, IllegalTransition, StaffDisabled
from tests.core.small_centre import dump


def logouts(engine: QueueEngine) -> list[tuple[int, str, str]]:
    return [(r[0], r[1], r[2]) for r in engine.db.conn.execute(
        "SELECT counter, username, json_extract(data, '$.reason') FROM events WHERE kind = 'logout' ORDER BY seq")]


def test_login_takes_over_a_counter_left_open(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.issue("DD")
    called = engine.call_next(1)
    engine.login(1, "binh")  # an's PC was switched off; binh sits down at counter 1
    assert logouts(engine) == [(1, "an", "taken_over")]
    assert engine.finish(1, engine.start(1).id).id == called.id  # the ticket stayed with the counter
    who = engine.db.conn.execute("SELECT username FROM events WHERE kind = 'finished'").fetchone()[0]
    assert who == "binh"


def test_moving_to_another_counter_closes_the_old_session(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.login(2, "an")
    assert logouts(engine) == [(1, "an", "moved")]


def test_disabling_an_account_ends_its_sessions(engine: QueueEngine, board: QueueBoard) -> None:
    engine.login(1, "an")
    engine.disable_staff("an")
    assert logouts(engine) == [(1, "an", "disabled")]
    assert board.counters()[0]["status"] == "closed"
    with pytest.raises(StaffDisabled):
        engine.login(1, "an")


def test_sessions_from_yesterday_are_over(engine: QueueEngine, board: QueueBoard, clock) -> None:
    engine.login(1, "an")
    clock.advance(days=1)
    assert board.counters()[0]["status"] == "closed"  # shown closed before anyone logs in
    engine.login(2, "binh")
    assert logouts(engine) == [(1, "an", "day_end")]


def test_officer_acts_only_on_waiting_tickets_of_fields_the_counter_serves(engine: QueueEngine) -> None:
    engine.login(3, "cuong")  # counter 3 serves CT only
    dd = engine.issue("DD")
    before = dump(engine)
    with pytest.raises(FieldNotServed):
        engine.cancel(dd.id, counter=3)
    with pytest.raises(FieldNotServed):
        engine.transfer(3, dd.id, to_field="CT")
    assert dump(engine) == before
    ct = engine.issue("CT")
    assert engine.cancel(ct.id, counter=3).state.value == "cancelled"


def test_yesterdays_called_ticket_ends_with_the_day_and_is_never_requeued(engine: QueueEngine, clock) -> None:
    # Once settled the next morning; now the day's close ends it (core/day_close.py, issue 10 item 6).
    engine.login(1, "an")
    engine.issue("DD")
    t = engine.call_next(1)
    clock.set(clock.now() + timedelta(days=1))
    engine.login(1, "an")
    with pytest.raises(IllegalTransition):
        engine.return_to_queue(1, t.id)
    with pytest.raises(IllegalTransition):
        engine.transfer(1, t.id, to_field="HT")
    assert engine.db.conn.execute("SELECT state FROM tickets WHERE id = ?", (t.id,)).fetchone()[0] == "cancelled"


def test_held_before_start_then_resumed_has_a_serving_time(engine: QueueEngine, clock) -> None:
    engine.login(1, "an")
    engine.issue("DD")
    t = engine.call_next(1)
    engine.hold(1, t.id)
    clock.advance(minutes=3)
    engine.resume(1, t.id)
    clock.advance(minutes=5)
    engine.finish(1, t.id)
    row = engine.db.conn.execute("SELECT serving_seconds, username FROM ticket_durations").fetchone()
    assert row == (300.0, "an")


def test_no_show_is_charged_to_the_counter_that_marked_it(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.login(2, "binh")
    engine.issue("DD")
    t = engine.call_next(1)
    engine.return_to_queue(1, t.id)
    engine.call_next(2)
    engine.no_show(2, t.id)
    row = engine.db.conn.execute("SELECT counter, username FROM ticket_durations").fetchone()
    assert row == (2, "binh")
