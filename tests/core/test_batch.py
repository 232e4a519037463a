"""Group commit: several changes, one transaction; a failing change is undone alone."""

from __future__ import annotations

import pytest

from core.engine import QueueEngine
from core.errors import CounterIdle, FieldUnknown
from core.event import Event


def test_batch_commits_all_and_publishes_after_commit(engine: QueueEngine) -> None:
    heard: list[tuple[int, str, bool]] = []
    engine.subscribe(lambda e: heard.append((e.seq, e.kind, engine.db.conn.in_transaction)))
    engine.login(1, "an")
    with engine.batch():
        a = engine.issue("DD")
        b = engine.issue("HT")
        assert heard == [(1, "login", False)]  # nothing heard before the commit
    assert (a.label, b.label) == ("1001", "A001")
    assert heard == [(1, "login", False), (2, "issued", False), (3, "issued", False)]


def test_failed_change_in_a_batch_is_undone_alone(engine: QueueEngine) -> None:
    engine.login(1, "an")
    errors = []
    with engine.batch():
        engine.issue("DD")
        for bad in (lambda: engine.issue("XX"), lambda: engine.finish(1)):
            try:
                bad()
            except (FieldUnknown, CounterIdle) as exc:
                errors.append(type(exc))
        engine.call_next(1)
        try:
            engine.issue("HT", "not-a-kind")
        except ValueError:
            errors.append(ValueError)
        engine.issue("HT")
    assert errors == [FieldUnknown, CounterIdle, ValueError]
    kinds = [r[0] for r in engine.db.conn.execute("SELECT kind FROM events ORDER BY seq")]
    assert kinds == ["login", "issued", "called", "issued"]
    seqs = [r[0] for r in engine.db.conn.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == [1, 2, 3, 4]
    assert [r[0] for r in engine.db.conn.execute("SELECT label FROM tickets ORDER BY id")] == ["1001", "A001"]


def test_a_batch_that_raises_keeps_nothing(engine: QueueEngine) -> None:
    heard: list[Event] = []
    engine.subscribe(heard.append)
    with pytest.raises(RuntimeError), engine.batch():
        engine.issue("DD")
        raise RuntimeError("disk gone")
    assert heard == []
    assert engine.db.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0
    assert engine.issue("DD").label == "1001"  # the number was never given out
