"""Every legal and illegal move of a ticket; a refused move changes nothing."""

from __future__ import annotations

import json

import pytest

from core.engine import QueueEngine
from core.errors import (
    CounterBusy,
    CounterClosed,
    CounterIdle,
    CounterPaused,
    FieldClosed,
    FieldFull,
    FieldNotServed,
    IllegalTransition,
    TicketAtOtherCounter,
    TicketForOtherCounter,
    TicketNotCalled,
    TicketNotHeld,
    TicketNotServing,
    TicketNotWaiting,
    TransferNowhere,
)
from core.tickets import TRANSITIONS, State, Ticket
from tests.core.small_centre import dump


def ticket_in(engine: QueueEngine, state: State) -> Ticket:
    """A DD ticket brought to *state* at counter 1 through legal moves (counter 2 is open too)."""
    engine.login(1, "an")
    engine.login(2, "binh")
    t = engine.issue("DD")
    if state == State.WAITING:
        return t
    if state in (State.CALLED, State.NO_SHOW, State.SERVING, State.DONE, State.HELD, State.CANCELLED,
                 State.TRANSFERRED):
        t = engine.call_next(1)
    if state == State.NO_SHOW:
        return engine.no_show(1, t.id)
    if state == State.CANCELLED:
        return engine.cancel(t.id, counter=1)
    if state == State.TRANSFERRED:
        engine.transfer(1, t.id, to_field="HT")
        return engine._ticket(t.id)
    if state in (State.SERVING, State.DONE, State.HELD):
        t = engine.start(1, t.id)
    if state == State.DONE:
        return engine.finish(1, t.id)
    if state == State.HELD:
        return engine.hold(1, t.id)
    return t


ACTIONS = {
    # another counter, so that counter 1 being busy with the ticket does not answer first
    "call": lambda e, t: e.call_number(2, t.label),
    "recall": lambda e, t: e.recall(1, t.id),
    "start": lambda e, t: e.start(1, t.id),
    "finish": lambda e, t: e.finish(1, t.id),
    "no_show": lambda e, t: e.no_show(1, t.id),
    "return": lambda e, t: e.return_to_queue(1, t.id),
    "transfer": lambda e, t: e.transfer(1, t.id, to_field="HT"),
    "hold": lambda e, t: e.hold(1, t.id),
    "resume": lambda e, t: e.resume(1, t.id),
    "cancel": lambda e, t: e.cancel(t.id, counter=1),
}

# Calling the number of a transferred ticket calls its live row in the new queue, and calling the number of
# a no-show calls it again by the centre's no-show policy (tests below and in test_no_show_policy.py).
CASES = [(action, state) for action in ACTIONS for state in State
         if (action, state) not in (("call", State.TRANSFERRED), ("call", State.NO_SHOW))]


@pytest.mark.parametrize(("action", "state"), CASES, ids=[f"{a}-from-{s.value}" for a, s in CASES])
def test_transition(engine: QueueEngine, action: str, state: State) -> None:
    ticket = ticket_in(engine, state)
    assert ticket.state == state
    allowed, target, error = TRANSITIONS[action]
    if state in allowed:
        result = ACTIONS[action](engine, ticket)
        after = engine._ticket(ticket.id)
        assert after.state == target
        if action == "transfer":
            assert result.state == State.WAITING and result.transferred_from == ticket.id
        kinds = [r[0] for r in engine.db.conn.execute(
            "SELECT kind FROM events WHERE ticket_id = ? ORDER BY seq", (ticket.id,))]
        assert kinds[-1] == {"call": "called", "recall": "recalled", "start": "started", "finish": "finished",
                             "no_show": "no_show", "return": "returned", "transfer": "transferred",
                             "hold": "held", "resume": "resumed", "cancel": "cancelled"}[action]
    else:
        before = dump(engine)
        with pytest.raises(IllegalTransition) as info:
            ACTIONS[action](engine, ticket)
        assert isinstance(info.value, error)
        assert dump(engine) == before


def test_recall_counts_calls(engine: QueueEngine) -> None:
    t = ticket_in(engine, State.CALLED)
    assert engine.recall(1, t.id).calls == 2
    assert engine.recall(1).calls == 3


def test_finish_without_serving_names_the_state(engine: QueueEngine) -> None:
    t = ticket_in(engine, State.CALLED)
    with pytest.raises(TicketNotServing) as info:
        engine.finish(1)
    assert "Đã gọi" in info.value.message("vi") and t.label in info.value.message("vi")
    assert "Called" in info.value.message("en")


def test_specific_error_types() -> None:
    assert TRANSITIONS["call"][2] is TicketNotWaiting
    assert TRANSITIONS["start"][2] is TicketNotCalled
    assert TRANSITIONS["resume"][2] is TicketNotHeld


def test_call_at_paused_counter_is_refused(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.issue("DD")
    engine.pause(1, "họp")
    before = dump(engine)
    with pytest.raises(CounterPaused):
        engine.call_next(1)
    assert dump(engine) == before
    engine.unpause(1)
    assert engine.call_next(1) is not None


def test_call_at_closed_counter_is_refused(engine: QueueEngine) -> None:
    engine.issue("DD")
    with pytest.raises(CounterClosed):
        engine.call_next(1)


def test_counter_busy_until_current_ticket_is_settled(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.issue("DD")
    engine.issue("DD")
    first = engine.call_next(1)
    with pytest.raises(CounterBusy):
        engine.call_next(1)
    engine.hold(1, first.id)  # a parked citizen frees the counter
    assert engine.call_next(1).label == "1002"


def test_ticket_at_other_counter(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.login(2, "binh")
    engine.issue("DD")
    t = engine.call_next(1)
    before = dump(engine)
    with pytest.raises(TicketAtOtherCounter):
        engine.start(2, t.id)
    assert dump(engine) == before


def test_idle_counter_has_no_current_ticket(engine: QueueEngine) -> None:
    engine.login(1, "an")
    with pytest.raises(CounterIdle):
        engine.start(1)


def test_transfer_to_field_the_target_counter_does_not_serve(engine: QueueEngine) -> None:
    t = ticket_in(engine, State.SERVING)
    before = dump(engine)
    with pytest.raises(FieldNotServed):
        engine.transfer(1, t.id, to_field="CT", to_counter=2)
    assert dump(engine) == before
    with pytest.raises(TransferNowhere):
        engine.transfer(1, t.id)
    assert dump(engine) == before


def test_transfer_keeps_place_by_original_issue_time(engine: QueueEngine, clock) -> None:
    engine.login(1, "an")
    engine.login(2, "binh")
    first = engine.issue("DD")
    clock.advance(minutes=1)
    engine.issue("HT")  # issued after the DD ticket
    engine.call_next(1)
    engine.start(1)
    clock.advance(minutes=5)
    moved = engine.transfer(1, first.id, to_field="HT")
    assert moved.queue_at == first.queue_at and moved.label == first.label
    assert engine.call_next(2).id == moved.id  # ahead of the HT ticket issued later


def test_transfer_to_a_counter_is_called_only_there(engine: QueueEngine) -> None:
    t = ticket_in(engine, State.SERVING)
    moved = engine.transfer(1, t.id, to_counter=2)
    assert moved.target_counter == 2 and moved.field_code == "DD"
    assert engine.call_next(1) is None
    before = dump(engine)
    with pytest.raises(TicketForOtherCounter) as refused:  # nor by its number at another counter
        engine.call_number(1, moved.label)
    assert refused.value.params["counter"] == 2 and dump(engine) == before
    assert engine.call_next(2).id == moved.id


def test_transfer_to_a_counter_that_does_not_serve_the_field_is_refused(engine: QueueEngine) -> None:
    t = ticket_in(engine, State.SERVING)  # a DD ticket at counter 1
    before = dump(engine)
    with pytest.raises(FieldNotServed):  # counter 3 serves CT only: the field is never changed silently
        engine.transfer(1, t.id, to_counter=3)
    assert dump(engine) == before
    assert engine.transfer(1, t.id, to_field="CT", to_counter=3).field_code == "CT"


def test_a_citizen_refused_a_number_leaves_a_trace(engine: QueueEngine, clock) -> None:
    for _ in range(3):
        engine.issue("HT")  # HT's daily cap is 3
    with pytest.raises(FieldFull):
        engine.issue("HT", "elderly", kiosk="Ki-ốt 1")
    clock.advance(hours=4)  # 12:00, lunch: no tickets
    with pytest.raises(FieldClosed):
        engine.issue("DD")
    rows = engine.db.conn.execute("SELECT field_code, data FROM events WHERE kind = 'refused' ORDER BY seq").fetchall()
    assert [(code, json.loads(data)) for code, data in rows] == [
        ("HT", {"reason": "field_full", "priority": "elderly", "kiosk": "Ki-ốt 1"}),
        ("DD", {"reason": "field_closed", "priority": None, "kiosk": None})]
    assert engine.db.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 3


def test_resume_returns_the_held_ticket_to_service(engine: QueueEngine) -> None:
    t = ticket_in(engine, State.HELD)
    assert engine.resume(1).id == t.id
    assert engine._ticket(t.id).state == State.SERVING


def test_logout_refused_while_busy(engine: QueueEngine) -> None:
    ticket_in(engine, State.CALLED)
    with pytest.raises(CounterBusy):
        engine.logout(1)


def test_calling_a_transferred_number_calls_its_new_row(engine: QueueEngine) -> None:
    old = ticket_in(engine, State.TRANSFERRED)
    called = engine.call_number(2, old.label)
    assert called.id != old.id and called.transferred_from == old.id and called.field_code == "HT"
    assert engine._ticket(old.id).state == State.TRANSFERRED
