"""Wall-clock steps and the close of the service day: times never go backwards, durations are never
negative, the service day never returns to yesterday, a step is reported once; yesterday's leftover
tickets end with an ``expired`` event kept in that day's report, and yesterday's sessions end."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from core.board import QueueBoard
from core.clock import ClockStep, ManualClock, SteadyClock
from core.config import Centre
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.reports import summarize, ticket_rows
from core.storage import connect
from tests.core.small_centre import MONDAY_8AM, VN, make_centre
from tests.fakes.clock import SteppingClock


def steady(source: SteppingClock, steps: list[ClockStep]) -> SteadyClock:
    clock = SteadyClock(source, source.monotonic)
    clock.on_step = steps.append
    return clock


def engine_on(tmp_path: Path, centre: Centre, clock: object) -> QueueEngine:
    db = connect(tmp_path / "qms.db")
    install_centre(db, centre, clock)  # type: ignore[arg-type]
    return QueueEngine(db, centre, clock)  # type: ignore[arg-type]


def test_a_clock_set_back_an_hour_gives_no_negative_times(tmp_path: Path, centre: Centre) -> None:
    source, steps = SteppingClock(MONDAY_8AM), []
    engine = engine_on(tmp_path, centre, steady(source, steps))
    engine.login(1, "an")
    engine.issue("DD")
    source.advance(120)
    source.step(-3600)
    engine.call_next(1)
    source.advance(30)
    engine.start(1)
    source.advance(300)
    engine.finish(1)
    times = engine.db.conn.execute("SELECT waiting_seconds, serving_seconds FROM ticket_durations").fetchone()
    assert times == (120.0, 300.0)
    assert [round(s.seconds) for s in steps] == [-3600]


def test_the_service_day_never_goes_back_across_midnight(tmp_path: Path) -> None:
    source, steps = SteppingClock(datetime(2026, 11, 23, 23, 59, 50, tzinfo=VN)), []
    clock = steady(source, steps)
    engine = engine_on(tmp_path, make_centre(hours={"mon-sun": ["00:00-24:00"]}), clock)
    source.advance(20)  # past midnight: Tuesday's series
    first = engine.issue("DD")
    source.step(-60)  # back into Monday
    second = engine.issue("DD")
    assert (first.service_day, second.service_day) == ("2026-11-24", "2026-11-24")
    assert (first.label, second.label) == ("1001", "1002")
    assert engine.service_day() == "2026-11-24"


def test_a_restart_keeps_time_after_the_newest_event(tmp_path: Path, centre: Centre) -> None:
    source = SteppingClock(MONDAY_8AM)
    engine = engine_on(tmp_path, centre, steady(source, []))
    engine.issue("DD")
    # the PC restarts with its clock an hour slow
    later = SteppingClock(MONDAY_8AM - timedelta(hours=1))
    steps: list[ClockStep] = []
    clock = steady(later, steps)
    clock.not_before(MONDAY_8AM)
    assert clock.now() >= MONDAY_8AM
    assert [round(s.seconds) for s in steps] == [-3600]


def test_a_steady_clock_follows_a_clock_that_keeps_time(tmp_path: Path) -> None:
    source, steps = SteppingClock(MONDAY_8AM), []
    clock = steady(source, steps)
    for _ in range(5):
        source.advance(1.5)
        assert clock.now() == source.wall
    assert steps == []


def test_yesterdays_leftover_tickets_expire_with_an_event_kept_in_that_days_report(
        engine: QueueEngine, clock: ManualClock, board: QueueBoard) -> None:
    engine.login(1, "an")
    called = engine.issue("DD")
    waiting = engine.issue("DD")
    assert engine.call_next(1).id == called.id
    clock.set(MONDAY_8AM.replace(hour=23, minute=59) + timedelta(minutes=2))  # 00:01 Tuesday
    assert engine.close_earlier_days() == 2
    rows = engine.db.conn.execute("SELECT ticket_id, service_day, json_extract(data, '$.state') FROM events"
                                  " WHERE kind = 'expired' ORDER BY ticket_id").fetchall()
    assert rows == [(called.id, "2026-11-23", "called"), (waiting.id, "2026-11-23", "waiting")]
    report = summarize(ticket_rows(engine.db, "2026-11-23", "2026-11-23"), "day", VN)
    assert report[0]["expired"] == 2 and report[0]["cancelled"] == 0 and report[0]["waiting"] == 0
    assert board.day_closed(board.ticket(waiting.id))
    # the officer's session from yesterday ended: the engine agrees with the snapshot
    assert [c["status"] for c in board.counters() if c["number"] == 1] == ["closed"]
    assert engine.db.conn.execute("SELECT COUNT(*) FROM counter_sessions WHERE logout_at IS NULL").fetchone()[0] == 0


def test_the_first_change_of_a_new_day_closes_the_old_one(engine: QueueEngine, clock: ManualClock) -> None:
    engine.issue("DD")
    clock.set(clock.now() + timedelta(days=1))
    engine.issue("HT")
    kinds = [r[0] for r in engine.db.conn.execute("SELECT kind FROM events ORDER BY seq")]
    assert kinds == ["issued", "expired", "issued"]
