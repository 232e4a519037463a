"""The wait estimate: capacity counted once per counter, measured cycles, the citizens being served now,
overload, what the `issued` event records, and costs that do not grow with the queue or the history."""

from __future__ import annotations

import json
import math
from datetime import datetime

import pytest

from core.clock import ManualClock
from core.engine import QueueEngine
from core.estimate import RESIDUAL, TURNAROUND_S, WALK_UP_S, WaitEstimator
from tests.core.small_centre import VN


def cycle(engine: QueueEngine, counter: int, walk: float, service: float, turnaround: float) -> None:
    """The counter calls its next citizen, who walks up, is served, and the counter pauses before the
    next call."""
    engine.call_next(counter)
    engine.clock.advance(seconds=walk)
    engine.start(counter)
    engine.clock.advance(seconds=service)
    engine.finish(counter)
    engine.clock.advance(seconds=turnaround)


def test_a_counter_shared_by_two_busy_fields_gives_each_half(engine: QueueEngine) -> None:
    engine.login(1, "an")  # counter 1 serves DD and HT
    land = engine.centre.field("DD")
    for _ in range(10):
        engine.issue("DD")
    alone = engine.estimator.place(land, 10).minutes
    for _ in range(3):  # HT's daily cap is 3; weigh it by its work as well
        engine.issue("HT")
    shared = engine.estimator.place(land, 10).minutes
    # three civil-status citizens at 10 + 0.75 minutes each take their part of the counter's time
    assert alone is not None and shared is not None
    assert shared == pytest.approx(alone * (10 + 3) / 10, rel=0.1)


def test_the_priority_counter_is_counted_once_not_for_every_field(engine: QueueEngine) -> None:
    engine.login(9, "dung")  # counter 9 serves DD, HT and CT
    for code in ("DD", "HT", "CT"):
        for _ in range(3):
            engine.issue(code)
    minutes = [engine.estimator.place(engine.centre.field(code), 3).minutes for code in ("DD", "HT", "CT")]
    one_field_alone = (3 + RESIDUAL) * (10 * 60 + WALK_UP_S + TURNAROUND_S) / 60
    # nine citizens through one counter: each field waits about as long as all nine take, not a third
    assert all(m is not None and m > 2 * one_field_alone for m in minutes)


def test_cycles_are_measured_as_running_means_with_walk_up_and_turnaround(engine: QueueEngine) -> None:
    engine.login(3, "cuong")  # counter 3 serves CT alone
    for _ in range(5):
        engine.issue("CT")
    for service in (120, 120, 120, 720):  # skewed: the median (120 s) would hide the long one
        cycle(engine, 3, walk=60, service=service, turnaround=30)
    occupancy, turnaround = engine.db.conn.execute(
        "SELECT occupancy_s, turnaround_s FROM field_pace, counter_pace WHERE field_code = 'CT'").fetchone()
    assert occupancy == pytest.approx(60 + (120 * 3 + 720) / 4)
    assert turnaround == pytest.approx(30)


def test_a_counter_that_waited_for_a_citizen_does_not_count_it_as_turnaround(engine: QueueEngine) -> None:
    engine.login(3, "cuong")
    engine.issue("CT")
    cycle(engine, 3, walk=10, service=60, turnaround=0)
    engine.clock.advance(minutes=5)  # idle: nobody waiting
    engine.issue("CT")
    cycle(engine, 3, walk=10, service=60, turnaround=0)
    (samples,) = engine.db.conn.execute("SELECT samples FROM counter_pace WHERE counter = 3").fetchone()
    assert samples == 0


def test_the_citizen_being_served_now_delays_the_next_one(engine: QueueEngine) -> None:
    engine.login(3, "cuong")
    certification = engine.centre.field("CT")
    assert engine.estimator.place(certification, 0).minutes == 0  # a free counter calls at once
    engine.issue("CT")
    engine.call_next(3)
    # about half a cycle (configured 10 minutes, walk-up, turnaround) until the counter is free again
    assert engine.estimator.place(certification, 0).minutes == math.ceil(
        RESIDUAL * (10 * 60 + WALK_UP_S + TURNAROUND_S) / 60)


def test_a_paused_counter_is_not_counted_as_open(engine: QueueEngine) -> None:
    land = engine.centre.field("DD")
    engine.login(1, "an")
    engine.login(2, "binh")
    for _ in range(6):
        engine.issue("DD")
    both = engine.estimator.place(land, 6).minutes
    engine.pause(2)
    one = engine.estimator.place(land, 6).minutes
    assert both is not None and one is not None and one > 1.6 * both


def test_a_wait_past_the_fields_closing_is_called_overloaded(db_path, centre) -> None:
    from core.reference_data import install_centre
    from core.storage import connect

    clock = ManualClock(datetime(2026, 11, 23, 16, 0, tzinfo=VN))
    db = connect(db_path)
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    engine.login(3, "cuong")
    for _ in range(3):
        engine.issue("CT")
    assert engine.estimator.place(centre.field("CT"), 3).overloaded is False  # ~45 minutes, before 17:00
    for _ in range(10):
        engine.issue("CT")
    ticket, placement = engine.issue_placed("CT")
    assert placement.overloaded and placement.minutes is None  # 14 × 11 minutes cannot end by 17:00
    data = json.loads(db.conn.execute("SELECT data FROM events WHERE ticket_id = ?", (ticket.id,)).fetchone()[0])
    assert data["overloaded"] is True and data["estimated_minutes"] is None and data["ahead"] == 13


def test_the_issued_event_records_what_the_citizen_was_told(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.issue("DD")
    engine.issue("DD", "elderly")
    ticket, placement = engine.issue_placed("DD")
    prio, prio_placement = engine.issue_placed("DD", "pregnancy")
    rows = dict(engine.db.conn.execute("SELECT ticket_id, data FROM events WHERE kind = 'issued'").fetchall())
    assert json.loads(rows[ticket.id]) | {} == {"priority": None, "kiosk": None, **placement.to_dict()}
    assert placement.ahead == 2 and prio_placement.ahead == 1  # the pregnant citizen: after the elderly one
    assert json.loads(rows[prio.id])["ahead"] == 1


def test_kept_counts_match_the_queue_after_every_kind_of_move(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.login(2, "binh")
    for code, prio in (("DD", None), ("DD", "elderly"), ("HT", None), ("DD", None), ("HT", "disability")):
        engine.issue(code, prio)
    engine.call_next(1)
    engine.return_to_queue(1)
    engine.call_next(1)
    engine.transfer(1, to_field="HT")
    t = engine.call_next(2)
    engine.no_show(2, t.id)
    engine.cancel(engine.issue("DD").id)
    kept = WaitEstimator(engine.db.conn, engine.centre, engine.clock).waiting_counts(engine.service_day())
    counted = {code: (0, 0) for code in kept}
    for code, n, p in engine.db.conn.execute(
            "SELECT field_code, COUNT(*), SUM(priority IS NOT NULL) FROM tickets WHERE state = 'waiting'"
            " GROUP BY field_code"):
        counted[code] = (n, p)
    assert kept == counted and kept["DD"] != (0, 0)


def vm_steps(engine: QueueEngine, action) -> int:
    """SQLite virtual-machine instructions an action costs: a measure of work that does not depend on
    the machine's speed or load."""
    steps = 0

    def tick() -> int:
        nonlocal steps
        steps += 1
        return 0

    engine.db.conn.set_progress_handler(tick, 10)
    try:
        action()
    finally:
        engine.db.conn.set_progress_handler(None, 0)
    return steps


def test_issuing_costs_the_same_with_a_long_queue_and_a_long_history(engine: QueueEngine, clock) -> None:
    engine.login(1, "an")
    engine.login(3, "cuong")
    engine.issue("CT")
    engine.issue("DD")
    short = vm_steps(engine, lambda: engine.issue_placed("DD"))
    for _ in range(300):  # history: served and finished
        engine.issue("CT")
        cycle(engine, 3, walk=1, service=1, turnaround=1)
    for _ in range(600):  # a long queue of today
        engine.issue("DD")
    long = vm_steps(engine, lambda: engine.issue_placed("DD"))
    assert long <= short * 1.2


def test_a_ticket_left_called_overnight_does_not_keep_the_counter_busy(engine: QueueEngine) -> None:
    engine.login(3, "cuong")
    engine.issue("CT")
    engine.call_next(3)  # the citizen never came and nobody closed the ticket
    engine.clock.advance(days=1)
    engine.login(3, "cuong")  # the next morning: the day closed, yesterday's ticket expired
    assert engine.estimator.place(engine.centre.field("CT"), 0).minutes == 0
