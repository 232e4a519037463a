"""The report's figures for a period, one row per field, counter, officer, hour of day, weekday or day,
and the period's total — counts and sums from the per-day summary ``report_days`` (core/report_days.py),
times' spreads from :mod:`core.reports.ranks`.

Counts (issued, served, no-show, transferred, cancelled, expired, still waiting), waiting and serving
times in minutes (average, median, 90th percentile, maximum), the share of citizens called within the
centre's waiting target, calls out of turn (a number called ahead of the queue, a citizen sent to one
named counter), and the citizens' ratings (counts, rated ÷ served, satisfied ÷ rated).

A year is 200,000 tickets: the summary holds a few thousand rows for it, and the exact medians and 90th
percentiles are read by rank along ordered indexes rather than by handing every value to Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from core.ratings import ANSWERS, SATISFIED
from core.report_days import WEEKDAY
from core.reports.periods import Period
from core.reports.ranks import Spread, listed, quantile, walked, worth_walking

BYS = ("field", "counter", "officer", "hour", "weekday", "day")
ANSWER_CODES = tuple(a.value for a in ANSWERS)
SATISFIED_CODES = tuple(a.value for a in SATISFIED)
# The columns of every row, in order, after the grouping's own column.
COUNTS = ("issued", "transferred_in", "served", "no_show", "transferred", "cancelled", "expired", "waiting")
TIMES = ("wait_avg_min", "wait_median_min", "wait_p90_min", "wait_max_min",
         "serve_avg_min", "serve_median_min", "serve_p90_min", "serve_max_min")
COLUMNS = (*COUNTS, *TIMES, "within_target_pct", "out_of_turn_calls", "sent_to_counter",
           "rated", *ANSWER_CODES, "rated_pct", "satisfied_pct")


@dataclass
class Report:
    """A report: its grouping, period, rows and the period's total (a row without a group value)."""

    by: str
    period: Period
    target_minutes: int
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    extra: list[str] = field(default_factory=list)  # columns some groupings add (officers' time)

    @property
    def columns(self) -> list[str]:
        """The rows' columns in order: the grouping's, the figures, then any extra ones."""
        return [self.by, *COLUMNS, *self.extra]

    def to_dict(self) -> dict[str, Any]:
        """The JSON the API answers with."""
        return {"by": self.by, "from": self.period.first.isoformat(), "to": self.period.last.isoformat(),
                "waiting_target_minutes": self.target_minutes, "columns": self.columns,
                "rows": self.rows, "total": self.total}


def utc_offsets(period: Period, tz: ZoneInfo) -> list[tuple[date, date, int]]:
    """Runs of days in *period* with the same UTC offset (minutes) at local noon: one run where the zone
    keeps no summer time (Việt Nam), so the hour of day is a constant shift of the stored UTC minute."""
    runs: list[tuple[date, date, int]] = []
    day = period.first
    while day <= period.last:
        offset = tz.utcoffset(datetime.combine(day, time(12)))
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        if runs and runs[-1][2] == minutes:
            runs[-1] = (runs[-1][0], day, minutes)
        else:
            runs.append((day, day, minutes))
        day += timedelta(days=1)
    return runs


def _hour_sql(period: Period, tz: ZoneInfo) -> str:
    """SQL for the local hour a ticket was issued (values are integers: safe to write into the SQL)."""
    runs = utc_offsets(period, tz)
    if len(runs) == 1:
        offset = str(runs[0][2])
    else:
        offset = "CASE " + " ".join(f"WHEN service_day <= '{last.isoformat()}' THEN {minutes}"
                                    for _, last, minutes in runs) + " END"
    return f"(issued_minute + ({offset}) + 1440) / 60 % 24"


def _key_sql(by: str, period: Period, tz: ZoneInfo) -> str:
    """SQL for a ticket's group over ``ticket_facts``."""
    if by == "hour":
        return _hour_sql(period, tz)
    if by == "weekday":  # 1 = Monday … 7 = Sunday (ISO)
        return WEEKDAY
    return {"field": "field_code", "counter": "counter", "officer": "username", "day": "service_day"}[by]


def _summary_key(by: str, period: Period, tz: ZoneInfo) -> tuple[str, str]:
    """The ``report_days`` rows a grouping reads, and SQL for their group."""
    if by == "hour":  # kept per quarter-hour of the UTC day: the local hour is one shift away
        return "quarter", _hour_sql(period, tz).replace("issued_minute", "(key * 15)")
    if by == "weekday":
        return "day", WEEKDAY
    if by == "day":
        return "day", "service_day"
    return by, "key"


def _summary(db: Database, dim: str, key_sql: str | None, period: Period) -> dict[Any, _Group]:
    answers = ", ".join(f"SUM({a})" for a in ANSWER_CODES)
    grp = key_sql or "NULL"
    cur = db.conn.execute(f"""
    SELECT {grp} AS grp, SUM(tickets) - SUM(transferred_in), SUM(transferred_in), SUM(served), SUM(no_show),
        SUM(transferred), SUM(cancelled), SUM(expired), SUM(waiting), SUM(waits), SUM(wait_ms), SUM(serves),
        SUM(serve_ms), SUM(out_of_turn_calls), SUM(sent_to_counter), {answers}
    FROM report_days WHERE dim = :dim AND service_day BETWEEN :first AND :last
    GROUP BY grp HAVING SUM(tickets) > 0""", {"dim": dim, "first": period.first.isoformat(),
                                            "last": period.last.isoformat()})
    return {row[0]: _Group(list(row[1:9]), list(row[9:13]), list(row[13:15]), list(row[15:])) for row in cur}


@dataclass
class _Group:
    """A group's counts and sums from ``report_days``, and then the spread of its times."""

    counts: list[int]
    times: list[int]  # waits, their sum in ms, services, their sum in ms
    out_of_turn: list[int]
    answers: list[int]
    spread: Spread = field(default_factory=Spread)


def _empty() -> _Group:
    return _Group([0] * len(COUNTS), [0] * 4, [0, 0], [0] * len(ANSWER_CODES))


def empty_row(by: str, key: Any) -> dict[str, Any]:
    """A group's row without a ticket (an officer who was logged in but served nobody)."""
    return {by: key, **_figures(_empty())}


def time_stats(seconds: list[float]) -> tuple[float | None, ...]:
    """Average, median, 90th percentile and maximum of *seconds* (sorted), in minutes to two decimals;
    ``None`` each when there is nothing."""
    if not seconds:
        return (None, None, None, None)
    values = (math.fsum(seconds) / len(seconds), quantile(seconds, 0.5), quantile(seconds, 0.9), seconds[-1])
    return tuple(round(v / 60, 2) for v in values)


def _minutes(count: int, total_ms: int, spread: tuple[float, float, float] | None) -> tuple[float | None, ...]:
    if not count or spread is None:
        return (None, None, None, None)
    return tuple(round(v / 60, 2) for v in (total_ms / 1000 / count, *spread))


def percent(part: int, whole: int) -> float | None:
    """*part* ÷ *whole* in %, to one decimal (``None`` when *whole* is 0)."""
    return round(100 * part / whole, 1) if whole else None


def _figures(g: _Group) -> dict[str, Any]:
    served = g.counts[2]
    rated = sum(g.answers)
    satisfied = sum(n for a, n in zip(ANSWER_CODES, g.answers, strict=True) if a in SATISFIED_CODES)
    waits, wait_ms, serves, serve_ms = g.times
    return {**dict(zip(COUNTS, g.counts, strict=True)),
            **dict(zip(TIMES, _minutes(waits, wait_ms, g.spread.wait) + _minutes(serves, serve_ms, g.spread.serve),
                       strict=True)),
            "within_target_pct": percent(g.spread.within, waits),
            "out_of_turn_calls": g.out_of_turn[0], "sent_to_counter": g.out_of_turn[1],
            "rated": rated, **dict(zip(ANSWER_CODES, g.answers, strict=True)),
            "rated_pct": percent(rated, served), "satisfied_pct": percent(satisfied, rated)}


def _walk_keys(by: str, groups: dict[Any, _Group], period: Period, tz: ZoneInfo) -> tuple[str, dict] | None:
    """The ordered indexes a grouping walks and its keys there, or ``None`` when it cannot walk them (local
    hours in a zone whose offset is not whole hours, or changes within the period)."""
    if by != "hour":
        return {"weekday": "weekday", "day": "day"}.get(by, by), {}
    runs = utc_offsets(period, tz)
    if len(runs) != 1 or runs[0][2] % 60:
        return None
    shift = runs[0][2] // 60
    return "utc_hour", {hour: (hour - shift) % 24 for hour in groups}


def figures(db: Database, by: str, period: Period, tz: ZoneInfo, target_minutes: int,
            walk: bool | None = None) -> Report:
    """The report grouped *by* one of :data:`BYS` over *period*.

    A transfer makes a new ticket row in the target field: it counts as "transferred in" there, not as
    issued, so "issued" is the number of tickets printed. Per counter and officer a row counts the
    tickets whoever last handled them there (called, served, marked absent, transferred): tickets never
    called belong to no counter and appear in the total only.

    Counts and sums come from ``report_days``; medians, 90th percentiles and maxima from walks along the
    ordered indexes or from the period's values (:mod:`core.reports.ranks`), the cheaper for the period
    unless *walk* says which (both give the same numbers).
    """
    if by not in BYS:
        raise ValueError(by)
    dim, key_sql = _summary_key(by, period, tz)
    groups = _summary(db, dim, key_sql, period)
    total = _summary(db, "day", None, period).get(None, _empty())
    target_s = target_minutes * 60
    if walk is None:
        walk = worth_walking(db.conn, total.times[0])
    walkable = _walk_keys(by, groups, period, tz) if walk else None
    if walkable is not None:
        group, index_keys = walkable
        spreads = walked(db.conn, group, period, {k: (g.times[0], g.times[2]) for k, g in groups.items()},
                         target_s, index_keys)
        spreads.update(walked(db.conn, "total", period, {None: (total.times[0], total.times[2])}, target_s))
    else:
        spreads = listed(db.conn, _key_sql(by, period, tz), period, target_s)
    for key, g in groups.items():
        g.spread = spreads.get(key, Spread())
    total.spread = spreads[None]
    if by == "day":  # every day of the period has its row, a day without tickets too
        for offset in range(period.days):
            groups.setdefault((period.first + timedelta(days=offset)).isoformat(), _empty())
    rows = [{by: key, **_figures(groups[key])} for key in sorted(k for k in groups if k is not None)]
    return Report(by, period, target_minutes, rows, {by: None, **_figures(total)})
