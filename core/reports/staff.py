"""Officers' time: logged in, paused and serving, per officer over a period or per local day and officer
(the diligence report), from the counter-session events (read through the ``events_sessions`` index),
``report_days`` and ``ticket_facts``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from core.clock import local_midnight, parse_iso
from core.reports.figures import time_stats
from core.reports.periods import Period

STAFF_COLUMNS = ("on_duty_min", "paused_min", "serving_min")


class _SessionTally:
    """Seconds on duty and paused, and counters worked at, per (local day, officer), from session events."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str], dict[str, Any]] = {}
        self._open: dict[str, dict[tuple[str, str], datetime]] = {"duty": {}, "paused": {}}

    def entry(self, key: tuple[str, str]) -> dict[str, Any]:
        return self.totals.setdefault(key, {"counters": set(), "duty": 0.0, "paused": 0.0})

    def begin(self, what: str, key: tuple[str, str], moment: datetime) -> None:
        self._open[what][key] = moment

    def end(self, what: str, key: tuple[str, str], until: datetime) -> None:
        started = self._open[what].pop(key, None)
        if started is not None:
            self.entry(key)[what] += max(0.0, (until - started).total_seconds())

    def event(self, day: str, at: str, kind: str, counter: int, user: str) -> None:
        key, moment = (day, user), parse_iso(at)
        self.entry(key)["counters"].add(counter)
        if kind == "login":
            self.begin("duty", key, moment)
        elif kind == "paused":
            self.begin("paused", key, moment)
        elif kind == "unpaused":
            self.end("paused", key, moment)
        else:  # logout ends a pause too
            self.end("paused", key, moment)
            self.end("duty", key, moment)

    def close_open(self, now: datetime, tz: ZoneInfo) -> None:
        """Count what is still open until *now*, or until the end of its day for past days."""
        for what in ("paused", "duty"):
            for key in list(self._open[what]):
                end_of_day = local_midnight(date.fromisoformat(key[0]) + timedelta(days=1), tz)
                self.end(what, key, min(now, end_of_day))


def _sessions(db: Database, period: Period, tz: ZoneInfo, now: datetime) -> _SessionTally:
    cur = db.conn.execute(
        "SELECT service_day, at, kind, counter, username FROM events"
        " WHERE kind IN ('login', 'logout', 'paused', 'unpaused') AND service_day BETWEEN ? AND ? ORDER BY seq",
        (period.first.isoformat(), period.last.isoformat()))
    tally = _SessionTally()
    for row in cur.fetchall():
        tally.event(*row)
    tally.close_open(now, tz)
    return tally


def _served(db: Database, period: Period) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (day, officer): the serving seconds of the tickets finished, no-shows and calls out of turn."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    cur = db.conn.execute(
        "SELECT service_day, username, SUM(state = 'no_show'), SUM(out_of_turn_calls + sent_to_counter),"
        " group_concat(CASE WHEN state = 'done' THEN serving_s END) FROM ticket_facts"
        " WHERE service_day BETWEEN ? AND ? AND username IS NOT NULL GROUP BY service_day, username",
        (period.first.isoformat(), period.last.isoformat()))
    for day, user, no_show, out_of_turn, serving in cur.fetchall():
        out[(day, user)] = {"no_show": no_show, "out_of_turn": out_of_turn,
                            "serving": sorted(map(float, serving.split(","))) if serving else []}
    return out


def officer_time(db: Database, period: Period, tz: ZoneInfo, now: datetime) -> dict[str, dict[str, float]]:
    """Per officer over *period*: minutes logged in, paused, and serving (the sum of the serving times
    of the tickets they finished, from the per-day summary ``report_days``)."""
    totals: dict[str, dict[str, float]] = {}
    for (_, user), t in _sessions(db, period, tz, now).totals.items():
        entry = totals.setdefault(user, dict.fromkeys(STAFF_COLUMNS, 0.0))
        entry["on_duty_min"] += t["duty"] / 60
        entry["paused_min"] += t["paused"] / 60
    cur = db.conn.execute("SELECT key, SUM(served_ms) FROM report_days WHERE dim = 'officer'"
                          " AND service_day BETWEEN ? AND ? GROUP BY key HAVING SUM(tickets) > 0",
                          (period.first.isoformat(), period.last.isoformat()))
    for user, served_ms in cur.fetchall():
        totals.setdefault(user, dict.fromkeys(STAFF_COLUMNS, 0.0))["serving_min"] += served_ms / 60_000
    return {user: {k: round(v, 1) for k, v in t.items()} for user, t in totals.items()}


def staff_days(db: Database, period: Period, tz: ZoneInfo, now: datetime) -> list[dict[str, Any]]:
    """Per local day and officer: the counters worked at, minutes logged in and paused, the tickets
    served and marked no-show, the average serving time and the calls out of turn (a number called ahead
    of the queue, a citizen sent to a named counter).

    A session or pause still open is counted until *now*, or until the end of its day for past days.
    """
    tally = _sessions(db, period, tz, now)
    served = _served(db, period)
    empty: dict[str, Any] = {"no_show": 0, "out_of_turn": 0, "serving": []}
    rows = []
    for (day, user), t in sorted(tally.totals.items()):
        s = served.get((day, user), empty)
        rows.append({
            "day": day, "officer": user, "counters": ", ".join(str(c) for c in sorted(t["counters"])),
            "on_duty_min": round(t["duty"] / 60, 1), "paused_min": round(t["paused"] / 60, 1),
            "served": len(s["serving"]), "no_show": s["no_show"], "serve_avg_min": time_stats(s["serving"])[0],
            "out_of_turn": s["out_of_turn"]})
    return rows
