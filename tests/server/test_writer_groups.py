"""The writer thread: a change alone is its own transaction, changes queued together share one; either
way an answer means the change is durable, and a failed change is undone without its neighbours."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.engine import QueueEngine
from core.errors import FieldUnknown
from core.event import Event
from core.reference_data import install_centre
from core.storage import connect
from server.writer import Writer
from tests.core.small_centre import MONDAY_8AM, make_centre


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[Writer, list[str], list[Event]]]:
    """A writer on a real database file; the statements its connection runs; the events it published."""
    centre, clock = make_centre(), ManualClock(MONDAY_8AM)
    db = connect(tmp_path / "qms.db")
    install_centre(db, centre, clock)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    published: list[Event] = []
    w = Writer(QueueEngine(db, centre, clock), publish=lambda events, rows: published.extend(events),
               listened=lambda: False)
    yield w, statements, published
    w.close()


def committed_labels(path: Path) -> list[str]:
    """Ticket labels as another connection sees them: only what was committed."""
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT label FROM tickets ORDER BY id")]
    finally:
        conn.close()


def test_a_change_alone_commits_in_its_own_transaction_without_a_savepoint(
        writer: tuple[Writer, list[str], list[Event]], tmp_path: Path) -> None:
    w, statements, published = writer
    statements.clear()
    ticket = asyncio.run(w.run(lambda e: e.issue("DD")))
    assert committed_labels(tmp_path / "qms.db") == [ticket.label]  # durable before the answer came
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
    assert not [s for s in statements if s.startswith(("SAVEPOINT", "RELEASE"))]
    assert [(e.kind, e.ticket_id) for e in published] == [("issued", ticket.id)]


def test_a_failed_change_alone_keeps_nothing_and_the_next_one_is_written(
        writer: tuple[Writer, list[str], list[Event]], tmp_path: Path) -> None:
    w, _, published = writer

    def issue_then_fail(engine: QueueEngine) -> None:
        engine.issue("DD")
        engine.issue("XX")  # unknown field: raises after the first change was made

    async def both() -> str:
        with pytest.raises(FieldUnknown):
            await w.run(issue_then_fail)
        return (await w.run(lambda e: e.issue("HT"))).label

    label = asyncio.run(both())
    # The first issue of the failed job was its own transaction, as anywhere else the engine is used:
    # it stands; the unknown field wrote nothing.
    assert committed_labels(tmp_path / "qms.db") == ["1001", label]
    assert [e.kind for e in published] == ["issued", "issued"]


def test_changes_queued_together_share_one_transaction_and_one_fails_alone(
        writer: tuple[Writer, list[str], list[Event]], tmp_path: Path) -> None:
    w, statements, published = writer
    started, gate = threading.Event(), threading.Event()

    def hold(engine: QueueEngine) -> bool:  # keeps the writer thread busy while the others queue
        started.set()
        return gate.wait(10)

    async def queued() -> list[object]:
        blocker = asyncio.ensure_future(w.run(hold))
        await asyncio.sleep(0)  # the task puts its job on the queue
        assert started.wait(10)  # the writer took it alone; what follows queues behind it
        jobs = [asyncio.ensure_future(w.run(lambda e: e.issue("DD"))),
                asyncio.ensure_future(w.run(lambda e: e.issue("XX"))),
                asyncio.ensure_future(w.run(lambda e: e.issue("HT")))]
        await asyncio.sleep(0)
        statements.clear()
        gate.set()
        await blocker
        return await asyncio.gather(*jobs, return_exceptions=True)

    first, failed, third = asyncio.run(queued())
    assert isinstance(failed, FieldUnknown)
    assert committed_labels(tmp_path / "qms.db") == [first.label, third.label]  # type: ignore[union-attr]
    begins = [s for s in statements if s == "BEGIN IMMEDIATE"]
    assert len(begins) == 1 and statements.count("COMMIT") == 1  # the three shared one transaction
    assert statements.count("SAVEPOINT qms_change") == 3  # each its own savepoint inside it
    assert [e.kind for e in published] == ["issued", "issued"]
