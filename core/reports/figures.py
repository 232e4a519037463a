"""The report's figures for a period, one row per field, counter, officer, hour of day, weekday or day,
and the period's total — read from ``ticket_facts`` (core/report_tables.py) with one range scan.

Counts (issued, served, no-show, transferred, cancelled, expired, still waiting), waiting and serving
times in minutes (average, median, 90th percentile, maximum), the share of citizens called within the
centre's waiting target, calls out of turn (a number called ahead of the queue, a citizen sent to one
named counter), and the citizens' ratings (counts, rated ÷ served, satisfied ÷ rated).

The counts and sums are done by SQLite; the percentiles need every value, which SQLite hands over as one
text per group (``group_concat``) rather than one Python row per ticket: a year is 200,000 tickets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from core.ratings import ANSWERS, SATISFIED
from core.reports.periods import Period

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
    if by == "hour":
        return _hour_sql(period, tz)
    if by == "weekday":  # 1 = Monday … 7 = Sunday (ISO)
        return "(CAST(strftime('%w', service_day) AS INTEGER) + 6) % 7 + 1"
    return {"field": "field_code", "counter": "counter", "officer": "username", "day": "service_day"}[by]


def _query(by: str, period: Period, tz: ZoneInfo) -> str:
    answers = ", ".join(f"SUM(rating IS '{a}')" for a in ANSWER_CODES)
    return f"""
    SELECT {_key_sql(by, period, tz)} AS grp,
        COUNT(*) - SUM(transferred_in), SUM(transferred_in), SUM(state = 'done'), SUM(state = 'no_show'),
        SUM(state = 'transferred'), SUM(state = 'cancelled' AND NOT expired), SUM(expired),
        SUM(state = 'waiting'), SUM(waiting_s <= :target), SUM(out_of_turn_calls), SUM(sent_to_counter),
        {answers}, group_concat(waiting_s), group_concat(serving_s)
    FROM ticket_facts WHERE service_day BETWEEN :first AND :last GROUP BY grp"""


@dataclass
class _Group:
    """What one group's SQL row holds, before the statistics."""

    counts: list[int]
    within: int
    out_of_turn: list[int]
    answers: list[int]
    waits: list[float]
    serves: list[float]

    def add(self, other: _Group) -> None:
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.within += other.within
        self.out_of_turn = [a + b for a, b in zip(self.out_of_turn, other.out_of_turn, strict=True)]
        self.answers = [a + b for a, b in zip(self.answers, other.answers, strict=True)]
        self.waits += other.waits  # unsorted until :func:`figures` sorts the joined runs once
        self.serves += other.serves


def _empty() -> _Group:
    return _Group([0] * len(COUNTS), 0, [0, 0], [0] * len(ANSWER_CODES), [], [])


def empty_row(by: str, key: Any) -> dict[str, Any]:
    """A group's row without a ticket (an officer who was logged in but served nobody)."""
    return {by: key, **_figures(_empty())}


def _values(text: str | None) -> list[float]:
    """The group's values, sorted (one C-speed pass: ``map`` and ``sorted`` build no list of strings twice)."""
    return sorted(map(float, text.split(","))) if text else []


def _group(row: tuple) -> _Group:
    n = len(ANSWER_CODES)
    return _Group(list(row[1:9]), row[9] or 0, list(row[10:12]), list(row[12:12 + n]),
                  _values(row[12 + n]), _values(row[13 + n]))


def quantile(ordered: list[float], q: float) -> float:
    """The *q* quantile of sorted values, linear between ranks (``statistics.quantiles``' "inclusive"
    method, and the median's average of the two middle values)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_stats(seconds: list[float]) -> tuple[float | None, ...]:
    """Average, median, 90th percentile and maximum of *seconds* (sorted), in minutes to two decimals;
    ``None`` each when there is nothing."""
    if not seconds:
        return (None, None, None, None)
    values = (math.fsum(seconds) / len(seconds), quantile(seconds, 0.5), quantile(seconds, 0.9), seconds[-1])
    return tuple(round(v / 60, 2) for v in values)


def percent(part: int, whole: int) -> float | None:
    """*part* ÷ *whole* in %, to one decimal (``None`` when *whole* is 0)."""
    return round(100 * part / whole, 1) if whole else None


def _figures(g: _Group) -> dict[str, Any]:
    served = g.counts[2]
    rated = sum(g.answers)
    satisfied = sum(n for a, n in zip(ANSWER_CODES, g.answers, strict=True) if a in SATISFIED_CODES)
    return {**dict(zip(COUNTS, g.counts, strict=True)),
            **dict(zip(TIMES, time_stats(g.waits) + time_stats(g.serves), strict=True)),
            "within_target_pct": percent(g.within, len(g.waits)),
            "out_of_turn_calls": g.out_of_turn[0], "sent_to_counter": g.out_of_turn[1],
            "rated": rated, **dict(zip(ANSWER_CODES, g.answers, strict=True)),
            "rated_pct": percent(rated, served), "satisfied_pct": percent(satisfied, rated)}


def figures(db: Database, by: str, period: Period, tz: ZoneInfo, target_minutes: int) -> Report:
    """The report grouped *by* one of :data:`BYS` over *period*.

    A transfer makes a new ticket row in the target field: it counts as "transferred in" there, not as
    issued, so "issued" is the number of tickets printed. Per counter and officer a row counts the
    tickets whoever last handled them there (called, served, marked absent, transferred): tickets never
    called belong to no counter and appear in the total only.
    """
    if by not in BYS:
        raise ValueError(by)
    cur = db.conn.execute(_query(by, period, tz), {"first": period.first.isoformat(),
                                                   "last": period.last.isoformat(), "target": target_minutes * 60})
    groups = {row[0]: _group(row) for row in cur.fetchall()}
    if by == "day":  # every day of the period has its row, a day without tickets too
        for offset in range(period.days):
            groups.setdefault((period.first + timedelta(days=offset)).isoformat(), _empty())
    total = _empty()
    for g in groups.values():
        total.add(g)
    # sorted runs joined: Timsort merges them rather than sorting from scratch
    total.waits.sort()
    total.serves.sort()
    rows = [{by: key, **_figures(groups[key])} for key in sorted(k for k in groups if k is not None)]
    return Report(by, period, target_minutes, rows, {by: None, **_figures(total)})
