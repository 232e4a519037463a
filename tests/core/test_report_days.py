"""The per-day summary and the ordered indexes (core/report_days.py) against what they summarise: the
triggers keep ``report_days`` equal to reading ``ticket_facts`` afresh, through calls again at another
counter, transfers, late ratings on a closed day and the midnight close; and a report walked along the
indexes equals the same report from every value, for every grouping, to the last digit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.clock import ManualClock, iso
from core.engine import QueueEngine
from core.ratings import ANSWERS
from core.reference_data import install_centre
from core.report_days import ANSWER_CODES, SUMS, backfill
from core.report_tables import BACKFILL_SELECT
from core.reports import BYS, Period, figures
from core.simulate import simulate_day
from core.storage import connect
from tests.core.small_centre import VN, make_centre

FIRST = date(2026, 11, 23)  # a Monday
DAYS = [FIRST + timedelta(days=i) for i in range(3)]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> QueueEngine:
    """Three simulated days, then late ratings written on the third for tickets of the first two (a
    tablet that was offline), as the rating endpoint writes them."""
    centre = make_centre(hours={"mon-sun": ["07:00-17:00"]}, waiting_target_minutes=10)
    db = connect(Path(tmp_path_factory.mktemp("days")) / "qms.db")
    engine = None
    for seed, day in enumerate(DAYS):
        clock = ManualClock(datetime.combine(day, datetime.min.time(), tzinfo=VN))
        install_centre(db, centre, clock)
        engine = QueueEngine(db, centre, clock)
        simulate_day(engine, clock, day, 90, seed=seed)
    done = db.conn.execute("SELECT ticket_id, service_day, field_code, counter, username FROM ticket_facts"
                           " WHERE state = 'done' AND rating IS NULL AND service_day < ? ORDER BY ticket_id",
                           (DAYS[-1].isoformat(),)).fetchall()
    late = iso(datetime.combine(DAYS[-1], datetime.min.time(), tzinfo=VN) + timedelta(hours=18))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO events (at, kind, service_day, ticket_id, field_code, counter, username, data)"
            " VALUES (?, 'rated', ?, ?, ?, ?, ?, ?)",
            [(late, day, tid, field, counter, user, f'{{"answer": "{ANSWER_CODES[i % 4]}"}}')
             for i, (tid, day, field, counter, user) in enumerate(done[::3])])
    assert engine is not None
    return engine


def test_the_answers_kept_are_the_ratings_answers() -> None:
    assert ANSWER_CODES == tuple(a.value for a in ANSWERS)


def _rows(conn, table: str) -> list[tuple]:
    # a ticket that moved away leaves its old group's row at zero: the same as no row
    return conn.execute(f"SELECT * FROM {table} WHERE {' OR '.join(f'{s} != 0' for s in SUMS)}"
                        " ORDER BY service_day, dim, key").fetchall()


def test_kept_summary_equals_the_facts_read_afresh(history: QueueEngine) -> None:
    conn = history.db.conn
    kept = _rows(conn, "report_days")
    conn.execute("CREATE TEMP TABLE fresh AS SELECT * FROM report_days WHERE 0")
    conn.executescript(backfill().replace("INSERT INTO report_days", "INSERT INTO temp.fresh"))
    fresh = _rows(conn, "temp.fresh")
    conn.execute("DROP TABLE temp.fresh")
    assert kept == fresh
    assert {row[1] for row in kept} == {"day", "field", "quarter", "counter", "officer"}
    late = conn.execute("SELECT SUM(very_satisfied + satisfied + neutral + dissatisfied) FROM report_days"
                        " WHERE dim = 'day' AND service_day < ?", (DAYS[-1].isoformat(),)).fetchone()[0]
    assert late > 10  # the late ratings landed on the days of their tickets


def two_counters_open(tmp_path: Path) -> tuple[QueueEngine, ManualClock]:
    """A centre open all day on a Monday at 8:00, counters 1 and 2 with their officers logged in."""
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=VN))
    centre = make_centre(hours={"mon-sun": ["00:00-24:00"]})
    db = connect(tmp_path / "qms.db")
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    engine.login(1, "an")
    engine.login(2, "binh")
    return engine, clock


def test_a_ticket_called_again_elsewhere_moves_to_that_counter(tmp_path: Path) -> None:
    engine, clock = two_counters_open(tmp_path)
    db = engine.db
    ticket = engine.issue("DD")
    engine.call_next(1)
    engine.return_to_queue(1)
    clock.advance(minutes=3)
    assert engine.call_next(2).id == ticket.id
    rows = db.conn.execute("SELECT key, tickets, waits, wait_ms FROM report_days WHERE dim = 'counter'"
                           " ORDER BY key").fetchall()
    assert rows == [(1, 0, 0, 0), (2, 1, 1, 0)]  # the first call's wait (0 s) stays the ticket's wait
    report = figures(db, "counter", Period(clock.now().date(), clock.now().date()), VN, 20)
    assert [r["counter"] for r in report.rows] == [2]


@pytest.mark.parametrize("by", BYS)
def test_walking_the_indexes_equals_reading_every_value(history: QueueEngine, by: str) -> None:
    for period in (Period(DAYS[0], DAYS[-1]), Period(DAYS[1], DAYS[1])):
        walked = figures(history.db, by, period, VN, 10, walk=True)
        listed = figures(history.db, by, period, VN, 10, walk=False)
        assert walked.rows == listed.rows and walked.total == listed.total
        assert walked.total["wait_median_min"] is not None and walked.total["issued"] > 80 * (period.days > 1)


def test_local_hours_in_a_zone_half_an_hour_off(history: QueueEngine) -> None:
    # India is UTC+5:30: no whole UTC hour is one local hour, so the report reads the values instead
    kolkata = ZoneInfo("Asia/Kolkata")
    period = Period(DAYS[0], DAYS[-1])
    hours = figures(history.db, "hour", period, kolkata, 10, walk=True)
    in_vietnam = figures(history.db, "hour", period, VN, 10, walk=True)
    assert hours.total == in_vietnam.total
    assert sum(r["issued"] for r in hours.rows) == hours.total["issued"]
    assert {r["hour"] for r in hours.rows} != {r["hour"] for r in in_vietnam.rows}


def test_every_kind_of_ticket_event_keeps_the_facts_the_log_gives(tmp_path: Path) -> None:
    """Each kind of event has its own trigger on ``ticket_facts`` (m009): held, resumed, recalled,
    returned, called again elsewhere, out of turn, sent to a counter, rated and expired, against the
    reading of the event log the migration backfilled from."""
    engine, clock = two_counters_open(tmp_path)
    db = engine.db
    first, second, third = engine.issue("DD"), engine.issue("DD"), engine.issue("HT")
    engine.issue("DD")  # left waiting: expires at midnight
    steps = [lambda: engine.call_number(1, second.label, reason="hẹn trước"),  # out of turn
             lambda: engine.recall(1), lambda: engine.start(1), lambda: engine.hold(1),
             lambda: engine.call_next(1), lambda: engine.no_show(1, first.id),
             lambda: engine.resume(1, second.id), lambda: engine.transfer(1, to_counter=2),
             lambda: engine.call_next(2), lambda: engine.return_to_queue(2), lambda: engine.call_next(1),
             lambda: engine.start(1), lambda: engine.finish(1)]
    for step in steps:
        clock.advance(minutes=2)
        step()
    done = db.conn.execute("SELECT ticket_id, counter FROM ticket_facts WHERE state = 'done'").fetchall()
    for ticket_id, counter in done:
        engine.rate(counter, ticket_id, "satisfied")
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=VN))
    engine.close_earlier_days()
    kinds = {r[0] for r in db.conn.execute("SELECT kind FROM events WHERE ticket_id IS NOT NULL")}
    assert {"called", "recalled", "started", "held", "resumed", "no_show", "transferred", "returned",
            "finished", "rated", "expired"} <= kinds
    kept = db.conn.execute("SELECT * FROM ticket_facts ORDER BY ticket_id").fetchall()
    read = db.conn.execute(f"SELECT * FROM ({BACKFILL_SELECT}) ORDER BY 2").fetchall()
    # (started_at, column 7, is kept for the serving time; the log's reading does not give it)
    assert [row[:6] + row[7:] for row in kept] == [row[:6] + row[7:] for row in read]
    assert third.id in [row[1] for row in kept]
