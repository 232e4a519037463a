"""Which ticket a counter calls next: priority, oldest first, field order, priority counter, atomicity."""

from __future__ import annotations

from dataclasses import replace

from core.engine import QueueEngine


def test_priority_first_then_oldest_across_fields(engine: QueueEngine, clock) -> None:
    engine.login(1, "an")
    labels = []
    for code, prio in (("HT", None), ("DD", None), ("DD", "elderly"), ("HT", "pregnancy")):
        labels.append(engine.issue(code, prio).label)
        clock.advance(seconds=30)
    called = []
    for _ in range(4):
        t = engine.call_next(1)
        called.append(t.label)
        engine.start(1)
        engine.finish(1)
    # priority tickets by issue time, then the rest by issue time across both fields
    assert called == ["1002", "A002", "A001", "1001"]


def test_field_order_policy(engine: QueueEngine, clock) -> None:
    engine.centre = replace(engine.centre, call_policy="field_order")
    engine.login(1, "an")  # counter 1 serves DD first, then HT
    engine.issue("HT")
    clock.advance(minutes=1)
    engine.issue("DD")
    assert engine.call_next(1).label == "1001"


def test_priority_rule_none_keeps_issue_order(engine: QueueEngine, clock) -> None:
    engine.login(3, "cuong")
    engine.issue("CT")
    clock.advance(seconds=1)
    engine.issue("CT", "elderly")
    assert engine.call_next(3).label == "3001"


def test_priority_only_counter(engine: QueueEngine, clock) -> None:
    engine.login(9, "dung")
    engine.issue("DD")
    clock.advance(seconds=1)
    engine.issue("CT", "disability")  # CT's rule is "none", but the priority counter takes it first
    assert engine.call_next(9).label == "3001"
    engine.start(9)
    engine.finish(9)
    assert engine.call_next(9).label == "1001"  # nobody with priority left: serves ordinary citizens


def test_two_counters_never_get_the_same_ticket(engine: QueueEngine) -> None:
    engine.login(1, "an")
    engine.login(2, "binh")
    for _ in range(3):
        engine.issue("DD")
    a, b = engine.call_next(1), engine.call_next(2)
    assert a.id != b.id


def test_returned_ticket_keeps_its_place(engine: QueueEngine, clock) -> None:
    engine.login(1, "an")
    first = engine.issue("DD")
    clock.advance(minutes=1)
    engine.issue("DD")
    engine.call_next(1)
    engine.return_to_queue(1)
    assert engine.call_next(1).id == first.id


def test_counter_only_calls_its_fields(engine: QueueEngine) -> None:
    engine.login(3, "cuong")
    engine.issue("DD")
    assert engine.call_next(3) is None
