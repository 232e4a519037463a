"""Medians, 90th percentiles, maxima and the share within the waiting target, exact to the millisecond,
read in one of two ways that give the same numbers (tests/core/test_report_days.py keeps them equal):

- :func:`walked` — for a long period: the value at rank *k* of a group is one walk along the group's
  ordered index (core/report_days.py), ``LIMIT 2 OFFSET k``, which reads index entries only; a year is a
  few dozen such walks instead of 400,000 values handed to Python.
- :func:`listed` — for a short period: every value of the period, grouped and sorted, as before.

A walk passes the history's entries of its group below the rank, in or out of the period, so for a day
or a week the list of the period's own values is cheaper; :func:`worth_walking` chooses.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from sqlite3 import Connection

from core.report_days import ORDERED, TIMES, index_name
from core.reports.periods import Period

QUANTILES = (0.5, 0.9)
WALK_SHARE = 8  # walk when the period holds at least 1/8 of the history's times


@dataclass
class Spread:
    """A group's median, 90th percentile and maximum (seconds) of its waits and services (``None`` when it
    has none), and how many waits were within the target."""

    wait: tuple[float, float, float] | None = None
    serve: tuple[float, float, float] | None = None
    within: int = 0


def quantile(ordered: list[float], q: float) -> float:
    """The *q* quantile of sorted values, linear between ranks (``statistics.quantiles``' "inclusive"
    method, and the median's average of the two middle values)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _spread(ordered: list[float]) -> tuple[float, float, float] | None:
    return (quantile(ordered, 0.5), quantile(ordered, 0.9), ordered[-1]) if ordered else None


def worth_walking(conn: Connection, period_waits: int) -> bool:
    """Whether the period holds enough of the history that walking the indexes beats listing its values."""
    history = conn.execute("SELECT COALESCE(SUM(waits), 0) FROM report_days WHERE dim = 'day'").fetchone()[0]
    return period_waits > 0 and period_waits * WALK_SHARE >= history


class _Walker:
    """The walks along one grouping's ordered indexes, restricted to a period."""

    def __init__(self, conn: Connection, group: str, period: Period) -> None:
        self.conn, self.group = conn, group
        self.params = {"first": period.first.isoformat(), "last": period.last.isoformat()}

    def _where(self, column: str, key: Hashable) -> str:
        expr = ORDERED[self.group]
        keyed = f"{expr} = :key AND " if expr else ""
        return f"{keyed}{column} IS NOT NULL AND service_day BETWEEN :first AND :last"

    def _sql(self, what: str, tail: str, select: str | None = None) -> str:
        column = TIMES[what]
        return (f"SELECT {select or column} FROM ticket_facts INDEXED BY {index_name(self.group, what)} "
                f"WHERE {self._where(column, None)}{tail}")

    def spread(self, what: str, key: Hashable, count: int) -> tuple[float, float, float] | None:
        if not count:
            return None
        params = {**self.params, "key": key}
        values = []
        for q in QUANTILES:
            position = (count - 1) * q
            low = int(position)
            pair = [v for (v,) in self.conn.execute(self._sql(what, " ORDER BY 1 LIMIT 2 OFFSET :low"),
                                                    {**params, "low": low})]
            high = pair[1] if len(pair) > 1 and low + 1 < count else pair[0]
            values.append(pair[0] + (high - pair[0]) * (position - low))
        (top,) = self.conn.execute(self._sql(what, " ORDER BY 1 DESC LIMIT 1"), params).fetchone()
        return values[0], values[1], top

    def within(self, key: Hashable, target_s: float) -> int:
        sql = self._sql("wait", " AND waiting_s <= :target", "COUNT(*)")
        return self.conn.execute(sql, {**self.params, "key": key, "target": target_s}).fetchone()[0]


def walked(conn: Connection, group: str, period: Period, counts: dict[Hashable, tuple[int, int]],
           target_s: float, index_keys: dict[Hashable, Hashable] | None = None) -> dict[Hashable, Spread]:
    """The spread of each group in *counts* (its number of waits and services in *period*) along the
    indexes of *group* (a key of ``core.report_days.ORDERED``; ``total`` for the whole period under the
    key ``None``). *index_keys* maps a report's key to the index's where they differ (a local hour to
    the UTC hour)."""
    walker = _Walker(conn, group, period)
    out = {}
    for key, (waits, serves) in counts.items():
        at = (index_keys or {}).get(key, key)
        out[key] = Spread(walker.spread("wait", at, waits), walker.spread("serve", at, serves),
                          walker.within(at, target_s) if waits else 0)
    return out


def listed(conn: Connection, key_sql: str, period: Period, target_s: float) -> dict[Hashable, Spread]:
    """The spread of every group (*key_sql* over ``ticket_facts``) and of the whole period (key ``None``,
    when no group is ``None`` itself: then the total is under the key ``"*"``), from all of the period's
    values."""
    cur = conn.execute(
        f"SELECT {key_sql} AS grp, group_concat(waiting_s), group_concat(serving_s), SUM(waiting_s <= :target)"
        " FROM ticket_facts WHERE service_day BETWEEN :first AND :last GROUP BY grp",
        {"first": period.first.isoformat(), "last": period.last.isoformat(), "target": target_s})
    out: dict[Hashable, Spread] = {}
    waits: list[float] = []
    serves: list[float] = []
    within = 0
    for key, wait_text, serve_text, inside in cur.fetchall():
        w = sorted(map(float, wait_text.split(","))) if wait_text else []
        s = sorted(map(float, serve_text.split(","))) if serve_text else []
        waits += w
        serves += s
        within += inside or 0
        out[key if key is not None else "*"] = Spread(_spread(w), _spread(s), inside or 0)
    waits.sort()  # sorted runs joined: Timsort merges them rather than sorting from scratch
    serves.sort()
    out[None] = Spread(_spread(waits), _spread(serves), within)
    return out
