"""Report figures equal hand-computed values on a fixed scenario: a tie at issue, a citizen returned to
the queue and called elsewhere, transfers to a field and to a counter, a call out of turn, a no-show, a
cancellation, ratings, a pause, a ticket left at midnight and an empty day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.report_tables import BACKFILL_SELECT
from core.reports import Period, build, figures, period_of, resolve, staff_days
from core.reports.periods import BadPeriod
from core.storage import connect
from tests.core.small_centre import VN, make_centre

MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def at(clock: ManualClock, day: date, hhmm: str) -> None:
    hours, minutes = map(int, hhmm.split(":"))
    clock.set(datetime(day.year, day.month, day.day, hours, minutes, tzinfo=VN))


@pytest.fixture
def day_clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=VN))


@pytest.fixture
def centre_engine(tmp_path: Path, day_clock: ManualClock) -> QueueEngine:
    centre = make_centre(hours={"mon-sun": ["00:00-24:00"]}, waiting_target_minutes=10)
    db = connect(tmp_path / "qms.db")
    install_centre(db, centre, day_clock)
    return QueueEngine(db, centre, day_clock)


def scenario(engine: QueueEngine, clock: ManualClock) -> dict[str, int]:
    """Monday: counters 1 (an) and 2 (binh) serve DD and HT, 3 (cuong) CT; Tuesday just after midnight
    one ticket; Wednesday nothing. Minutes per ticket in the comments (wait / service)."""
    ids: dict[str, int] = {}
    for counter, user in ((1, "an"), (2, "binh"), (3, "cuong")):
        engine.login(counter, user)
    ids["A"], ids["B"] = engine.issue("DD").id, engine.issue("DD").id  # 08:00, a tie
    at(clock, MONDAY, "08:02")
    ids["H"] = engine.issue("HT").id
    at(clock, MONDAY, "08:05")
    assert engine.call_next(1).id == ids["A"]                         # A waited 5
    engine.start(1)
    at(clock, MONDAY, "08:15")
    engine.finish(1)                                                  # A served 10
    engine.rate(1, ids["A"], "very_satisfied")
    assert engine.call_next(2).id == ids["B"]                         # B waited 15 (first call)
    at(clock, MONDAY, "08:16")
    engine.return_to_queue(2)
    assert engine.call_next(1).id == ids["B"]                         # called again, at counter 1
    engine.start(1)
    at(clock, MONDAY, "08:20")
    ids["B2"] = engine.transfer(1, to_field="HT").id                  # B served 4, then to HT
    assert engine.call_next(2).id == ids["B2"]                        # B2 waited 0 (joined 08:20)
    engine.start(2)
    at(clock, MONDAY, "08:30")
    engine.finish(2)                                                  # B2 served 10
    engine.rate(2, ids["B2"], "satisfied")
    ids["C"] = engine.issue("DD").id
    at(clock, MONDAY, "08:31")
    d = engine.issue("DD")
    ids["D"] = d.id
    at(clock, MONDAY, "08:32")
    assert engine.call_number(1, d.label, reason="hẹn trước").id == d.id  # out of turn: waited 1
    engine.start(1)
    at(clock, MONDAY, "08:40")
    engine.finish(1)                                                  # D served 8
    engine.rate(1, ids["D"], "dissatisfied", ["long_wait"])
    assert engine.call_next(2).id == ids["H"]                         # H waited 38
    at(clock, MONDAY, "08:41")
    engine.no_show(2)
    assert engine.call_next(1).id == ids["C"]                         # C waited 11
    engine.start(1)
    at(clock, MONDAY, "08:47")
    ids["C2"] = engine.transfer(1, to_counter=2).id                   # C served 6, sent to counter 2
    at(clock, MONDAY, "08:50")
    assert engine.call_next(2).id == ids["C2"]                        # C2 waited 3
    engine.start(2)
    at(clock, MONDAY, "09:00")
    engine.finish(2)                                                  # C2 served 10
    ids["E"] = engine.issue("CT").id
    engine.pause(2, "họp")
    at(clock, MONDAY, "09:05")
    engine.cancel(ids["E"])                                           # E: the citizen left
    at(clock, MONDAY, "09:10")
    engine.unpause(2)
    at(clock, MONDAY, "11:00")
    for counter in (1, 2, 3):
        engine.logout(counter)
    at(clock, MONDAY, "23:50")
    ids["F"] = engine.issue("DD").id                                  # left waiting at midnight
    at(clock, TUESDAY, "00:05")
    engine.login(1, "an")                                             # the new day closes Monday
    ids["G"] = engine.issue("DD").id
    at(clock, TUESDAY, "00:07")
    assert engine.call_next(1).id == ids["G"]                         # G waited 2
    engine.start(1)
    at(clock, TUESDAY, "00:12")
    engine.finish(1)                                                  # G served 5
    at(clock, TUESDAY, "00:15")
    engine.logout(1)
    return ids


def by(report_rows: list[dict], key: str) -> dict:
    return {r[key]: r for r in report_rows}


def test_figures_per_field_on_monday(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    report = figures(centre_engine.db, "field", Period(MONDAY, MONDAY), VN, 10)
    rows = by(report.rows, "field")
    dd, ht, ct = rows["DD"], rows["HT"], rows["CT"]
    # DD: A, B, C, D, F issued; C2 transferred in; waits 1 3 5 11 15; services 4 6 8 10 10
    assert [dd[k] for k in ("issued", "transferred_in", "served", "no_show", "transferred", "cancelled",
                            "expired", "waiting")] == [5, 1, 3, 0, 2, 0, 1, 0]
    assert [dd[k] for k in ("wait_avg_min", "wait_median_min", "wait_p90_min", "wait_max_min")] == [7, 5, 13.4, 15]
    assert [dd[k] for k in ("serve_avg_min", "serve_median_min", "serve_p90_min", "serve_max_min")] == [7.6, 8, 10, 10]
    assert (dd["within_target_pct"], dd["out_of_turn_calls"], dd["sent_to_counter"]) == (60.0, 1, 1)
    assert [dd[k] for k in ("rated", "very_satisfied", "dissatisfied", "rated_pct", "satisfied_pct")] == [
        2, 1, 1, 66.7, 50.0]
    # HT: H issued (no-show after 38), B2 transferred in (waited 0, served 10, satisfied)
    assert [ht[k] for k in ("issued", "transferred_in", "served", "no_show")] == [1, 1, 1, 1]
    assert [ht[k] for k in ("wait_avg_min", "wait_median_min", "wait_p90_min", "wait_max_min")] == [19, 19, 34.2, 38]
    assert (ht["within_target_pct"], ht["rated_pct"], ht["satisfied_pct"]) == (50.0, 100.0, 100.0)
    # CT: E cancelled before any call
    assert (ct["issued"], ct["cancelled"], ct["wait_avg_min"], ct["rated_pct"]) == (1, 1, None, None)


def test_total_of_the_day(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    total = figures(centre_engine.db, "field", Period(MONDAY, MONDAY), VN, 10).total
    assert [total[k] for k in ("issued", "transferred_in", "served", "no_show", "transferred", "cancelled",
                               "expired")] == [7, 2, 4, 1, 2, 1, 1]
    # waits 0 1 3 5 11 15 38; services 4 6 8 10 10 10
    assert [total[k] for k in ("wait_avg_min", "wait_median_min", "wait_p90_min", "wait_max_min")] == [
        10.43, 5, 24.2, 38]
    assert [total[k] for k in ("serve_avg_min", "serve_median_min", "serve_max_min")] == [8, 9, 10]
    assert (total["within_target_pct"], total["rated"], total["rated_pct"], total["satisfied_pct"]) == (
        57.1, 3, 75.0, 66.7)


def test_per_counter_counts_who_last_handled_each_ticket(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    report = figures(centre_engine.db, "counter", Period(MONDAY, MONDAY), VN, 10)
    rows = by(report.rows, "counter")
    assert set(rows) == {1, 2}  # E and F were never called: in the total only
    one, two = rows[1], rows[2]
    assert (one["issued"], one["served"], one["transferred"], one["wait_median_min"]) == (4, 2, 2, 8)
    assert (two["issued"] + two["transferred_in"], two["served"], two["no_show"]) == (3, 2, 1)
    assert report.total["issued"] == 7


def test_per_officer_with_time_logged_in_paused_and_serving(centre_engine: QueueEngine,
                                                            day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    report = build(centre_engine.db, "officer", Period(MONDAY, TUESDAY), VN, 10, day_clock.now())
    rows = by(report.rows, "officer")
    an, binh, cuong = rows["an"], rows["binh"], rows["cuong"]
    # an: 08:00-11:00 and 00:05-00:15; served A 10, D 8, G 5
    assert (an["on_duty_min"], an["paused_min"], an["serving_min"], an["served"]) == (190.0, 0.0, 23.0, 3)
    assert (binh["on_duty_min"], binh["paused_min"], binh["serving_min"]) == (180.0, 10.0, 20.0)
    assert (cuong["on_duty_min"], cuong["served"], cuong["wait_avg_min"]) == (180.0, 0, None)
    assert report.total["on_duty_min"] == 550.0
    assert report.columns[-3:] == ["on_duty_min", "paused_min", "serving_min"]


def test_midnight_and_an_empty_day_per_day(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    report = figures(centre_engine.db, "day", Period(MONDAY, WEDNESDAY), VN, 10)
    rows = by(report.rows, "day")
    assert list(rows) == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert (rows["2026-11-23"]["issued"], rows["2026-11-23"]["expired"]) == (7, 1)  # F stays on Monday
    assert (rows["2026-11-24"]["issued"], rows["2026-11-24"]["wait_avg_min"]) == (1, 2)
    assert (rows["2026-11-25"]["issued"], rows["2026-11-25"]["wait_avg_min"]) == (0, None)
    empty = figures(centre_engine.db, "field", Period(WEDNESDAY, WEDNESDAY), VN, 10)
    assert empty.rows == [] and empty.total["issued"] == 0 and empty.total["within_target_pct"] is None


def test_hours_of_day_and_weekdays_are_local(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    hours = by(figures(centre_engine.db, "hour", Period(MONDAY, TUESDAY), VN, 10).rows, "hour")
    # 23:50 and 00:05 in Hà Nội are 16:50 and 17:05 UTC of the same UTC day
    assert {h: r["issued"] for h, r in hours.items()} == {0: 1, 8: 5, 9: 1, 23: 1}
    assert hours[8]["transferred_in"] == 2
    weekdays = by(figures(centre_engine.db, "weekday", Period(MONDAY, WEDNESDAY), VN, 10).rows, "weekday")
    assert {d: r["issued"] for d, r in weekdays.items()} == {1: 7, 2: 1}


def test_staff_days_keep_the_diligence_report(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    rows = {(r["day"], r["officer"]): r for r in staff_days(centre_engine.db, Period(MONDAY, TUESDAY), VN,
                                                             day_clock.now())}
    assert rows[("2026-11-23", "an")] == {"day": "2026-11-23", "officer": "an", "counters": "1",
                                          "on_duty_min": 180.0, "paused_min": 0.0, "served": 2, "no_show": 0,
                                          "serve_avg_min": 9.0, "out_of_turn": 2}
    assert (rows[("2026-11-23", "binh")]["paused_min"], rows[("2026-11-23", "binh")]["no_show"]) == (10.0, 1)
    assert rows[("2026-11-24", "an")]["on_duty_min"] == 10.0


def test_open_session_counts_until_now(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    centre_engine.login(1, "an")
    centre_engine.pause(1)
    day_clock.advance(minutes=45)
    (row,) = staff_days(centre_engine.db, Period(MONDAY, MONDAY), VN, day_clock.now())
    assert (row["on_duty_min"], row["paused_min"]) == (45.0, 45.0)


def test_kept_figures_equal_the_event_log_view(centre_engine: QueueEngine, day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    conn = centre_engine.db.conn
    kept = conn.execute("SELECT ticket_id, waiting_s, serving_s, counter, username FROM ticket_facts"
                        " ORDER BY ticket_id").fetchall()
    view = conn.execute("SELECT ticket_id, waiting_seconds, serving_seconds, counter, username"
                        " FROM ticket_durations ORDER BY ticket_id").fetchall()
    assert kept == view and len(kept) == 10


def test_history_written_before_the_migration_is_read_the_same(centre_engine: QueueEngine,
                                                               day_clock: ManualClock) -> None:
    scenario(centre_engine, day_clock)
    conn = centre_engine.db.conn
    kept = conn.execute("SELECT * FROM ticket_facts ORDER BY ticket_id").fetchall()
    backfilled = conn.execute(f"SELECT * FROM ({BACKFILL_SELECT}) ORDER BY 2").fetchall()
    assert [row[:6] + row[7:] for row in kept] == [row[:6] + row[7:] for row in backfilled]


def test_periods() -> None:
    assert period_of("week", date(2026, 11, 26)) == Period(MONDAY, date(2026, 11, 29))
    assert period_of("month", date(2026, 2, 10)) == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert resolve("2026-11-23", None, None, WEDNESDAY) == Period(MONDAY, MONDAY)
    assert resolve(None, None, "day", WEDNESDAY) == Period(WEDNESDAY, WEDNESDAY)
    assert resolve("2026-11-20", "2026-11-25", None, WEDNESDAY).days == 6
    for first, last in (("2026-11-25", "2026-11-23"), ("2026-02-30", None), ("23/11/2026", None),
                        ("1026-01-01", "2026-01-01")):
        with pytest.raises(BadPeriod):
            resolve(first, last, None, WEDNESDAY)


def test_period_text() -> None:
    assert str(Period(MONDAY, MONDAY + timedelta(days=6))) == "23/11/2026 – 29/11/2026"


@pytest.mark.parametrize("value", [0, -5, "20", 2.5, True])
def test_a_bad_waiting_target_is_refused_naming_the_key(value: object) -> None:
    from assets.settings import ConfigError

    with pytest.raises(ConfigError) as refused:
        make_centre(waiting_target_minutes=value)
    assert "centre.waiting_target_minutes" in refused.value.message("vi")
    assert make_centre().waiting_target_minutes == 20
