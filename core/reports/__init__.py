"""Reports a director and the province use: figures per field, counter, officer, hour of day, weekday or
day over a day, week, month or any range of the centre's local days (:mod:`core.reports.figures`),
officers' time (:mod:`core.reports.staff`), exported as a table, JSON, CSV or XLSX
(:mod:`core.reports.export`), all read from tables kept up to date as events are written
(:mod:`core.report_tables`)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from core.reports.export import FORMATS
from core.reports.figures import BYS, Report, empty_row, figures
from core.reports.periods import PERIODS, BadPeriod, Period, period_of, resolve
from core.reports.staff import STAFF_COLUMNS, officer_time, staff_days

__all__ = ["BYS", "FORMATS", "PERIODS", "BadPeriod", "Period", "Report", "build", "figures", "history", "period_of",
           "resolve", "staff_days"]


def history(db: Database, today: date) -> Period:
    """The period from the first to the last day with a ticket (today alone when there is none)."""
    first, last = db.conn.execute("SELECT MIN(service_day), MAX(service_day) FROM ticket_facts").fetchone()
    return Period(date.fromisoformat(first), date.fromisoformat(last)) if first else Period(today, today)


def build(db: Database, by: str, period: Period, tz: ZoneInfo, target_minutes: int, now: datetime) -> Report:
    """The report grouped *by* over *period*; per officer with their minutes logged in, paused and
    serving as well."""
    report = figures(db, by, period, tz, target_minutes)
    if by == "officer":
        time = officer_time(db, period, tz, now)
        listed = {row["officer"] for row in report.rows}
        report.rows += [empty_row("officer", user) for user in sorted(time) if user not in listed]
        for row in report.rows:
            row.update(time.get(row["officer"], dict.fromkeys(STAFF_COLUMNS, 0.0)))
        report.total.update({c: round(sum(t[c] for t in time.values()), 1) for c in STAFF_COLUMNS})
        report.extra = list(STAFF_COLUMNS)
    return report
