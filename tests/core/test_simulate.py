"""The simulated day (``qms simulate``, ``qms demo``, the estimate's bench): it ends at midnight, as a
real centre's day does, however many citizens it was given."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from core.clock import ManualClock
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.simulate import simulate_day, with_counters
from core.storage import connect
from tests.core.small_centre import VN, make_centre

MONDAY = date(2026, 11, 23)


def test_a_day_with_more_citizens_than_counters_can_serve_ends_at_midnight(tmp_path: Path) -> None:
    centre = with_counters(make_centre(hours={"mon-sun": ["07:00-17:00"]}), 1)  # one counter for 200 people
    clock = ManualClock(datetime.combine(MONDAY, time(0), tzinfo=VN))
    db = connect(tmp_path / "qms.db")
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    outcome = simulate_day(engine, clock, MONDAY, 200, seed=1)
    midnight = datetime.combine(MONDAY + timedelta(days=1), time(0), tzinfo=VN)
    assert clock.now() < midnight
    assert 0 < outcome.served < outcome.issued  # the counter served all it could; the rest still wait
    left = db.conn.execute("SELECT COUNT(*) FROM tickets WHERE state IN ('waiting', 'called', 'serving')"
                           ).fetchone()[0]
    assert left > 0
    clock.set(midnight + timedelta(hours=7))
    assert engine.close_earlier_days() == left  # the next day ends what was left, as in a real centre
    assert db.conn.execute("SELECT COUNT(*) FROM counter_sessions WHERE logout_at IS NULL").fetchone()[0] == 0
