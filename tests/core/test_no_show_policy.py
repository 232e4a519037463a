"""A citizen marked absent who comes back (số nhỡ), by the centre's policy; the recall limit; numbers two
fields share."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assets.settings import ConfigError
from core.config import parse_centre
from core.engine import QueueEngine
from core.errors import NoShowFinal, NumberAmbiguous, TicketNotAbsent
from core.reference_data import install_centre
from core.storage import connect
from core.tickets import State
from tests.core.small_centre import SMALL_CENTRE, dump


def absent(engine: QueueEngine, policy: str) -> tuple:
    """A DD ticket marked absent at counter 1 while another DD citizen waits, under *policy*."""
    engine.centre = replace(engine.centre, no_show=policy)
    engine.login(1, "an")
    engine.login(2, "binh")
    first = engine.issue("DD")
    engine.clock.advance(minutes=1)
    later = engine.issue("DD")
    engine.call_next(1)
    return engine.no_show(1, first.id), later


def test_a_no_show_of_today_is_called_again_by_number(engine: QueueEngine) -> None:
    ticket, _ = absent(engine, "recall")
    called = engine.call_number(2, ticket.label)
    assert called.id == ticket.id and called.state == State.CALLED and called.counter == 2 and called.calls == 2
    kind, data = engine.db.conn.execute(
        "SELECT kind, data FROM events WHERE ticket_id = ? ORDER BY seq DESC LIMIT 1", (ticket.id,)).fetchone()
    assert kind == "called" and json.loads(data) == {"again": True}  # the display speaks it like any call


def test_requeue_puts_the_citizen_back_at_their_place(engine: QueueEngine) -> None:
    ticket, later = absent(engine, "requeue")
    back = engine.requeue(2, ticket.label)
    assert back.state == State.WAITING and back.counter is None and back.queue_at == ticket.queue_at
    assert engine.call_next(2).id == ticket.id  # before the citizen who came a minute later
    assert engine.db.conn.execute(
        "SELECT COUNT(*) FROM events WHERE ticket_id = ? AND kind = 'requeued'", (ticket.id,)).fetchone()[0] == 1


@pytest.mark.parametrize("policy", ["final", "requeue"])
def test_calling_an_absent_number_again_follows_the_policy(engine: QueueEngine, policy: str) -> None:
    ticket, _ = absent(engine, policy)
    before = dump(engine)
    with pytest.raises(NoShowFinal):
        engine.call_number(2, ticket.label)
    assert dump(engine) == before


def test_final_policy_refuses_requeue_too(engine: QueueEngine) -> None:
    ticket, _ = absent(engine, "final")
    before = dump(engine)
    with pytest.raises(NoShowFinal) as info:
        engine.requeue(2, ticket.label)
    assert "vắng mặt" in info.value.message("vi") and dump(engine) == before


def test_requeue_of_a_ticket_not_absent_names_its_state(engine: QueueEngine) -> None:
    engine.centre = replace(engine.centre, no_show="requeue")
    engine.login(1, "an")
    ticket = engine.issue("DD")
    engine.call_next(1)
    with pytest.raises(TicketNotAbsent) as info:
        engine.requeue(1, ticket.label)
    assert "“Đã gọi”" in info.value.message("vi") and "chưa được gọi" not in info.value.message("vi")


def test_recall_beyond_the_limit_marks_the_citizen_absent(engine: QueueEngine) -> None:
    engine.centre = replace(engine.centre, no_show_after_calls=3)
    engine.login(1, "an")
    engine.issue("DD")
    engine.call_next(1)
    engine.recall(1)
    assert engine.recall(1).calls == 3
    gone = engine.recall(1)  # the fourth call of a citizen who never came
    assert gone.state == State.NO_SHOW and gone.calls == 3
    data = engine.db.conn.execute("SELECT data FROM events WHERE kind = 'no_show'").fetchone()[0]
    assert json.loads(data) == {"reason": "calls", "calls": 3}


def shared_numbers(tmp_path, **voice: object) -> dict:
    data = {**SMALL_CENTRE, "fields": [dict(f) for f in SMALL_CENTRE["fields"]]}
    data["fields"][2]["numbers"] = "1001-1999"  # CT now uses DD's numbers
    if voice:
        data["voice"] = voice
    return data


def test_overlapping_number_ranges_are_refused_unless_calls_name_the_field(tmp_path) -> None:
    with pytest.raises(ConfigError) as info:
        parse_centre(shared_numbers(tmp_path), "centre.toml")
    message = info.value.message("vi")
    assert "fields[2].numbers" in message and "DD" in message and "with_field" in message
    assert parse_centre(shared_numbers(tmp_path, with_field=True)).field("CT").numbers.first == 1001
    with pytest.raises(ConfigError):  # "1-99" reads like "001-099": the same words
        parse_centre({**SMALL_CENTRE, "fields": [*SMALL_CENTRE["fields"][:2], {
            **SMALL_CENTRE["fields"][2], "numbers": "1-1500"}]})


def test_calling_a_number_two_fields_share_asks_which_field(tmp_path, clock) -> None:
    centre = parse_centre(shared_numbers(tmp_path, with_field=True))
    db = connect(tmp_path / "shared.db")
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    land, cert = engine.issue("DD"), engine.issue("CT")
    assert land.label == cert.label == "1001"
    engine.login(9, "dung")  # counter 9 serves both fields
    before = dump(engine)
    with pytest.raises(NumberAmbiguous) as info:
        engine.call_number(9, "1001")
    assert "Đất đai" in info.value.message("vi") and "Chứng thực" in info.value.message("vi")
    assert dump(engine) == before
    assert engine.call_number(9, "1001", field="CT").id == cert.id
    engine.login(1, "an")  # counter 1 serves DD, not CT: its own fields decide
    assert engine.call_number(1, "1001").id == land.id
