"""Number formats, daily caps, ticket hours and the new series at local midnight."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.engine import QueueEngine
from core.errors import FieldClosed, FieldFull, FieldUnknown
from core.number_format import NumberFormat
from tests.core.small_centre import VN, dump


@pytest.mark.parametrize(("text", "first", "last"), [
    ("1001-1999", "1001", "1999"), ("A001-A999", "A001", "A999"), ("1-99", "1", "99"), ("b01-b20", "B01", "B20"),
])
def test_number_formats(text: str, first: str, last: str) -> None:
    fmt = NumberFormat.parse(text)
    assert fmt.label(1) == first
    assert fmt.label(fmt.capacity) == last


@pytest.mark.parametrize("text", ["", "1999-1001", "A001-B999", "01-999", "1001", "10-20-30", "AAA1-AAA9"])
def test_bad_number_formats(text: str) -> None:
    with pytest.raises(ValueError):
        NumberFormat.parse(text)


def test_numbers_follow_each_field_series(engine: QueueEngine) -> None:
    labels = [engine.issue(code).label for code in ("DD", "HT", "DD", "CT", "HT")]
    assert labels == ["1001", "A001", "1002", "3001", "A002"]


def test_daily_cap_refuses_and_changes_nothing_but_logs_the_refusal(engine: QueueEngine) -> None:
    for _ in range(3):
        engine.issue("HT")
    tickets, events, series, sessions = dump(engine)
    with pytest.raises(FieldFull) as info:
        engine.issue("HT")
    assert "Hộ tịch" in info.value.message("vi")
    after = dump(engine)
    assert (after[0], after[2], after[3]) == (tickets, series, sessions)  # no number taken
    assert after[1][:-1] == events and after[1][-1][2] == "refused"


def test_range_exhaustion_is_full(engine: QueueEngine) -> None:
    from dataclasses import replace

    small = replace(engine.centre.fields[0], numbers=NumberFormat.parse("1-2"))
    engine.centre = replace(engine.centre, fields=(small, *engine.centre.fields[1:]))
    engine.issue("DD")
    engine.issue("DD")
    with pytest.raises(FieldFull):
        engine.issue("DD")


def test_unknown_field(engine: QueueEngine) -> None:
    before = dump(engine)
    with pytest.raises(FieldUnknown):
        engine.issue("XX")
    assert dump(engine) == before


@pytest.mark.parametrize(("hour", "minute", "open_"), [
    (6, 59, False), (7, 0, True), (11, 29, True), (11, 30, False), (12, 15, False), (13, 0, True), (16, 59, True),
    (17, 0, False),
])
def test_ticket_hours(engine: QueueEngine, clock, hour: int, minute: int, open_: bool) -> None:
    clock._now = datetime(2026, 11, 23, hour, minute, tzinfo=VN)  # a Monday; set directly to go back
    if open_:
        assert engine.issue("DD").label == "1001"
    else:
        with pytest.raises(FieldClosed):
            engine.issue("DD")


def test_closed_on_sunday(engine: QueueEngine, clock) -> None:
    clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=VN))
    with pytest.raises(FieldClosed):
        engine.issue("DD")


def test_new_series_at_local_midnight_and_history_kept(db_path, clock) -> None:
    from core.reference_data import install_centre
    from core.storage import connect
    from tests.core.small_centre import make_centre

    centre = make_centre(hours={"mon-sun": ["00:00-23:59"]})
    db = connect(db_path)
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    clock.set(datetime(2026, 11, 23, 23, 58, tzinfo=VN))
    assert [engine.issue("DD").label for _ in range(2)] == ["1001", "1002"]
    clock.advance(minutes=2)  # 00:00 local on Tuesday = 17:00 UTC Monday
    assert engine.service_day() == "2026-11-24"
    t = engine.issue("DD")
    assert (t.label, t.service_day) == ("1001", "2026-11-24")
    days = db.conn.execute("SELECT service_day, COUNT(*) FROM tickets GROUP BY 1 ORDER BY 1").fetchall()
    assert days == [("2026-11-23", 2), ("2026-11-24", 1)]


def test_yesterdays_waiting_tickets_are_not_called_today(engine: QueueEngine, clock) -> None:
    engine.issue("DD")
    clock.set(clock.now() + timedelta(days=1))
    engine.login(1, "an")
    assert engine.call_next(1) is None
