"""Every rule of a citizen's rating, for tickets in every state at this and another counter; a refused
rating changes nothing."""

from __future__ import annotations

import itertools
import json
import sqlite3
from datetime import timedelta

import pytest

from core.engine import QueueEngine
from core.ratings import (
    ANSWERS,
    RATING_RULES,
    RatingAlreadyGiven,
    RatingFacts,
    RatingInvalid,
    RatingNotServed,
    RatingOtherCounter,
    RatingRefused,
    RatingTooLate,
    parse_answer,
    refusal,
)
from core.tickets import State
from tests.core.small_centre import dump
from tests.core.test_transitions import ticket_in

WINDOW = timedelta(minutes=5)


def rated_events(engine: QueueEngine) -> list[tuple]:
    return engine.db.conn.execute(
        "SELECT ticket_id, counter, username, data FROM events WHERE kind = 'rated' ORDER BY seq").fetchall()


# ----------------------------------------------------------------- the rule table, every combination of facts

AGES = (None, timedelta(0), WINDOW, WINDOW + timedelta(seconds=1))
FACTS = [RatingFacts(state, here, rated, age)
         for state, here, rated, age in itertools.product(State, (True, False), (True, False), AGES)]


def expected_refusal(f: RatingFacts) -> type[RatingRefused] | None:
    """The rules as the issue states them, in the order a citizen would be told."""
    if f.state != State.DONE:
        return RatingNotServed
    if not f.finished_here:
        return RatingOtherCounter
    if f.already_rated:
        return RatingAlreadyGiven
    if f.since_finish is None or f.since_finish > WINDOW:
        return RatingTooLate
    return None


@pytest.mark.parametrize("facts", FACTS, ids=lambda f: f"{f.state.value}-{'here' if f.finished_here else 'other'}"
                         f"-{'rated' if f.already_rated else 'new'}-{f.since_finish}")
def test_rule_table(facts: RatingFacts) -> None:
    assert refusal(facts, WINDOW) is expected_refusal(facts)


def test_each_rule_has_its_own_refusal() -> None:
    errors = [error for _, _, error in RATING_RULES]
    assert len(set(errors)) == len(errors) == 4


# ----------------------------------------------------------------- through the engine, every state × counter

CASES = [(state, counter) for state in State for counter in (1, 2)]


@pytest.mark.parametrize(("state", "counter"), CASES, ids=[f"{s.value}-at-counter-{c}" for s, c in CASES])
def test_rating_a_ticket(engine: QueueEngine, state: State, counter: int) -> None:
    ticket = ticket_in(engine, state)  # brought to *state* at counter 1 by "an"
    if state == State.DONE and counter == 1:
        data = engine.rate(counter, ticket.id, "satisfied", window=WINDOW)
        assert data == {"answer": "satisfied", "reasons": [], "via": "counter_screen"}
        assert rated_events(engine) == [(ticket.id, 1, "an", json.dumps(data, ensure_ascii=False))]
        return
    before = dump(engine)
    with pytest.raises(RatingRefused) as info:
        engine.rate(counter, ticket.id, "satisfied", window=WINDOW)
    assert type(info.value) is (RatingNotServed if state != State.DONE else RatingOtherCounter)
    assert dump(engine) == before


def test_second_rating_of_a_ticket_is_refused(engine: QueueEngine) -> None:
    ticket = ticket_in(engine, State.DONE)
    engine.rate(1, ticket.id, "very_satisfied")
    before = dump(engine)
    with pytest.raises(RatingAlreadyGiven) as info:
        engine.rate(1, ticket.id, "dissatisfied", ["attitude"])
    assert "đã được đánh giá" in info.value.message("vi") and ticket.label in info.value.message("vi")
    assert "already been rated" in info.value.message("en")
    assert dump(engine) == before


def test_rating_is_accepted_until_the_window_ends(engine: QueueEngine, clock) -> None:
    first = ticket_in(engine, State.DONE)
    clock.advance(minutes=5)
    engine.rate(1, first.id, "neutral", window=WINDOW)  # exactly at the end of the window
    engine.issue("DD")
    engine.call_next(1)
    second = engine.start(1)
    engine.finish(1, second.id)
    clock.advance(minutes=5, seconds=1)
    before = dump(engine)
    with pytest.raises(RatingTooLate) as info:
        engine.rate(1, second.id, "neutral", window=WINDOW)
    assert "5 phút" in info.value.message("vi")
    assert dump(engine) == before


def test_not_served_names_the_state_in_each_language(engine: QueueEngine) -> None:
    ticket = ticket_in(engine, State.SERVING)
    with pytest.raises(RatingNotServed) as info:
        engine.rate(1, ticket.id, "satisfied")
    assert "Đang phục vụ" in info.value.message("vi")
    assert "Being served" in info.value.message("en")


def test_the_rating_names_the_officer_who_finished_not_whoever_is_at_the_counter_now(engine: QueueEngine) -> None:
    ticket = ticket_in(engine, State.DONE)
    engine.login(1, "cuong")  # takes the counter over before the citizen answers
    engine.rate(1, ticket.id, "satisfied")
    assert rated_events(engine)[0][2] == "an"


def test_reasons_are_kept_in_the_lists_order_without_repeats(engine: QueueEngine) -> None:
    ticket = ticket_in(engine, State.DONE)
    data = engine.rate(1, ticket.id, "dissatisfied", ["other", "long_wait", "other"], via="tablet")
    assert data == {"answer": "dissatisfied", "reasons": ["long_wait", "other"], "via": "tablet"}


@pytest.mark.parametrize(("answer", "reasons"), [("great", []), ("satisfied", ["attitude"]),
                                                 ("dissatisfied", ["rude"]), ("", [])])
def test_answers_and_reasons_outside_the_lists_are_refused(engine: QueueEngine, answer, reasons) -> None:
    ticket = ticket_in(engine, State.DONE)
    before = dump(engine)
    with pytest.raises(RatingInvalid):
        engine.rate(1, ticket.id, answer, reasons)
    assert dump(engine) == before


def test_every_answer_has_texts() -> None:
    assert [a.value for a in ANSWERS] == ["very_satisfied", "satisfied", "neutral", "dissatisfied"]
    assert parse_answer("dissatisfied", [])[1] == ()


def test_the_database_itself_keeps_one_rating_per_ticket(engine: QueueEngine) -> None:
    ticket = ticket_in(engine, State.DONE)
    engine.rate(1, ticket.id, "satisfied")
    with pytest.raises(sqlite3.IntegrityError):
        engine.db.conn.execute("INSERT INTO events (at, kind, service_day, ticket_id) VALUES ('x', 'rated', 'd', ?)",
                               (ticket.id,))
