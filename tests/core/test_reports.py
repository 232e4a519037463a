"""Reports equal hand-computed values on a small fixed scenario."""

from __future__ import annotations

from core.engine import QueueEngine
from core.reports import render, summarize, ticket_rows
from tests.core.small_centre import VN


def scenario(engine: QueueEngine, clock) -> None:
    """08:00 two DD and one HT ticket; counter 1 (an) and counter 2 (binh) serve them."""
    engine.login(1, "an")
    engine.login(2, "binh")
    a = engine.issue("DD")            # 08:00
    b = engine.issue("DD")            # 08:00
    clock.advance(minutes=2)
    h = engine.issue("HT")            # 08:02
    clock.advance(minutes=3)          # 08:05
    engine.call_next(1)               # a: waited 5 min
    engine.start(1, a.id)
    clock.advance(minutes=10)         # 08:15
    engine.finish(1, a.id)            # a served 10 min
    engine.call_next(2)               # b (oldest): waited 15 min
    clock.advance(minutes=1)
    engine.no_show(2, b.id)
    engine.call_next(1)               # h: waited 14 min (08:02 -> 08:16)
    engine.start(1, h.id)
    clock.advance(minutes=4)
    engine.finish(1, h.id)            # h served 4 min


def test_by_field(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)
    rows = {r["field"]: r for r in summarize(ticket_rows(engine.db), "field", VN)}
    dd, ht = rows["DD"], rows["HT"]
    assert (dd["issued"], dd["served"], dd["no_show"]) == (2, 1, 1)
    assert (dd["wait_avg_min"], dd["wait_median_min"]) == (10.0, 10.0)  # (5 + 15) / 2
    assert dd["serve_avg_min"] == 10.0
    assert (ht["issued"], ht["served"], ht["wait_avg_min"], ht["serve_avg_min"]) == (1, 1, 14.0, 4.0)


def test_by_counter_and_officer(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)
    counters = {r["counter"]: r for r in summarize(ticket_rows(engine.db), "counter", VN)}
    assert counters[1]["served"] == 2 and counters[1]["serve_avg_min"] == 7.0
    assert counters[2]["no_show"] == 1 and counters[2]["served"] == 0
    officers = {r["officer"]: r for r in summarize(ticket_rows(engine.db), "officer", VN)}
    assert set(officers) == {"an", "binh"}


def test_by_hour_uses_local_time(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)
    (row,) = summarize(ticket_rows(engine.db), "hour", VN)
    assert row["hour"] == 8 and row["issued"] == 3


def test_waiting_time_view_matches_events(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)
    got = engine.db.conn.execute("SELECT label, waiting_seconds, serving_seconds FROM ticket_durations"
                                 " ORDER BY ticket_id").fetchall()
    assert got == [("1001", 300.0, 600.0), ("1002", 900.0, None), ("A001", 840.0, 240.0)]


def test_render_formats(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)
    rows = summarize(ticket_rows(engine.db), "field", VN)
    assert render(rows, "csv").splitlines()[1].startswith("DD,2,0,1,1")
    assert '"field": "DD"' in render(rows, "json")
    table = render(rows, "table").splitlines()
    assert table[0].split()[:3] == ["Lĩnh", "vực", "Cấp"] and len(table) == 4
    assert render(rows, "table", "en").split()[:2] == ["Field", "Issued"]


def test_staff_time(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)             # both logged in at 08:00; it ends at 08:20
    engine.pause(2, "họp")              # 08:20
    clock.advance(minutes=7)
    engine.unpause(2)                   # 08:27
    clock.advance(minutes=3)
    engine.logout(1)                    # 08:30
    engine.logout(2)
    from core.reports import staff_time

    rows = {r["officer"]: r for r in staff_time(engine.db, VN, clock.now())}
    assert rows["an"] == {"day": "2026-11-23", "officer": "an", "counters": "1", "on_duty_min": 30.0,
                          "paused_min": 0.0, "served": 2, "no_show": 0, "serve_avg_min": 7.0}
    assert (rows["binh"]["paused_min"], rows["binh"]["no_show"], rows["binh"]["served"]) == (7.0, 1, 0)


def test_open_session_counts_until_now(engine: QueueEngine, clock) -> None:
    from core.reports import staff_time

    engine.login(1, "an")
    engine.pause(1)
    clock.advance(minutes=45)
    (row,) = staff_time(engine.db, VN, clock.now())
    assert (row["on_duty_min"], row["paused_min"]) == (45.0, 45.0)


def test_ratings_per_counter_and_officer(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)  # counter 1 (an) served 1001 and A001; counter 2 (binh) served nobody
    served = dict(engine.db.conn.execute("SELECT label, id FROM tickets WHERE state = 'done'").fetchall())
    engine.rate(1, served["1001"], "very_satisfied")
    engine.rate(1, served["A001"], "dissatisfied", ["long_wait"])
    counters = {r["counter"]: r for r in summarize(ticket_rows(engine.db), "counter", VN)}
    one = counters[1]
    answers = ("rated", "very_satisfied", "satisfied", "neutral", "dissatisfied")
    assert [one[k] for k in answers] == [2, 1, 0, 0, 1]
    assert (one["rated_pct"], one["satisfied_pct"]) == (100.0, 50.0)
    assert (counters[2]["rated"], counters[2]["rated_pct"], counters[2]["satisfied_pct"]) == (0, None, None)
    officers = {r["officer"]: r for r in summarize(ticket_rows(engine.db), "officer", VN)}
    assert (officers["an"]["rated"], officers["an"]["satisfied_pct"]) == (2, 50.0)
    assert "rated" not in summarize(ticket_rows(engine.db), "field", VN)[0]
    table = render(summarize(ticket_rows(engine.db), "officer", VN), "table", "vi")
    assert "Hài lòng (%)" in table and "Tỷ lệ đánh giá (%)" in table


def test_rating_rate_counts_unrated_services(engine: QueueEngine, clock) -> None:
    scenario(engine, clock)
    first = engine.db.conn.execute("SELECT id FROM tickets WHERE state = 'done' ORDER BY id").fetchone()[0]
    engine.rate(1, first, "neutral")
    (row,) = [r for r in summarize(ticket_rows(engine.db), "counter", VN) if r["counter"] == 1]
    assert (row["rated"], row["rated_pct"], row["satisfied_pct"]) == (1, 50.0, 0.0)
