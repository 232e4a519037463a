"""The one vocabulary of ticket actions: every action has its event, every URL slug its action, and every
engine method records the event its action names."""

from __future__ import annotations

import pytest

from core.actions import ACTION_OF, EVENT_OF, Action, TicketSlug
from core.engine import QueueEngine
from core.tickets import TRANSITIONS


def test_every_action_is_a_transition_and_records_an_event():
    assert set(TRANSITIONS) == set(Action) == set(EVENT_OF)


def test_a_slug_is_its_action_spelled_for_a_path():
    assert {slug.value: action.value for slug, action in ACTION_OF.items()} == {
        "recall": "recall", "start": "start", "finish": "finish", "no-show": "no_show", "return": "return",
        "hold": "hold", "resume": "resume", "cancel": "cancel"}


def test_stored_kinds_keep_their_spelling():
    # Written in every centre's database: renaming one would orphan its history.
    assert EVENT_OF[Action.CALL] == EVENT_OF[Action.CALL_AGAIN] == "called"
    assert [EVENT_OF[a] for a in (Action.RECALL, Action.START, Action.FINISH, Action.NO_SHOW, Action.RETURN,
                                  Action.TRANSFER, Action.HOLD, Action.RESUME, Action.CANCEL, Action.REQUEUE)] == [
        "recalled", "started", "finished", "no_show", "returned", "transferred", "held", "resumed", "cancelled",
        "requeued"]


def _kinds_after(engine: QueueEngine, seq: int) -> list[str]:
    return [r[0] for r in engine.db.conn.execute("SELECT kind FROM events WHERE seq > ? ORDER BY seq", (seq,))]


def _last_seq(engine: QueueEngine) -> int:
    return engine.db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]


@pytest.mark.parametrize("slug", list(TicketSlug), ids=[s.value for s in TicketSlug])
def test_each_slug_records_its_actions_event(engine: QueueEngine, slug: TicketSlug):
    engine.login(1, "an")
    engine.issue("DD")
    ticket = engine.call_next(1)
    assert ticket is not None
    action = ACTION_OF[slug]
    if action in (Action.FINISH, Action.RESUME):
        engine.start(1)
    if action == Action.RESUME:
        engine.hold(1)
    before = _last_seq(engine)
    engine.act(action, 1, ticket.id)
    assert _kinds_after(engine, before) == [EVENT_OF[action]]

