"""Waiting and serving times per day, field, counter, officer or hour, computed from the event log
through the ``ticket_durations`` view (docs/schema.md), with the citizens' ratings per counter and officer;
officers' time on duty and paused ("staff"); printed as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from assets.texts import tr
from core.clock import local_midnight, parse_iso
from core.ratings import ANSWERS, SATISFIED
from core.storage import dict_rows

GROUPINGS = ("day", "field", "counter", "officer", "hour", "staff")
FORMATS = ("table", "csv", "json")


def ticket_rows(db: Database, first_day: str | None = None, last_day: str | None = None) -> list[dict[str, Any]]:
    """One row per ticket (with waiting and serving seconds, and the citizen's ``rating`` answer or
    ``None``) for the local days in the range."""
    cur = db.conn.execute(
        "SELECT d.*, EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = d.ticket_id AND e.kind = 'expired')"
        " AS expired, (SELECT json_extract(e.data, '$.answer') FROM events e WHERE e.ticket_id = d.ticket_id"
        " AND e.kind = 'rated') AS rating FROM ticket_durations d"
        " WHERE (? IS NULL OR service_day >= ?) AND (? IS NULL OR service_day <= ?)"
        " ORDER BY ticket_id", (first_day, first_day, last_day, last_day))
    return dict_rows(cur)


def _stats(values: list[float]) -> dict[str, float | None]:
    """Average, median and 90th percentile, in minutes (``None`` when there is nothing to measure)."""
    if not values:
        return {"avg": None, "median": None, "p90": None}
    minutes = sorted(v / 60 for v in values)
    p90 = statistics.quantiles(minutes, n=10, method="inclusive")[8] if len(minutes) > 1 else minutes[0]
    return {"avg": round(statistics.fmean(minutes), 2), "median": round(statistics.median(minutes), 2),
            "p90": round(p90, 2)}


def _key(row: dict[str, Any], by: str, tz: ZoneInfo) -> Any:
    if by == "day":
        return row["service_day"]
    if by == "field":
        return row["field_code"]
    if by == "counter":
        return row["counter"]
    if by == "officer":
        return row["username"]
    return parse_iso(row["issued_at"]).astimezone(tz).hour


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def rating_columns(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The ratings of a group of ticket rows: how many were rated, the count of each answer, the rating
    rate (rated ÷ served, in %) and the satisfaction rate (very satisfied or satisfied ÷ rated, in %)."""
    served = sum(1 for r in rows if r["state"] == "done")
    answers = [r["rating"] for r in rows if r.get("rating")]
    counts = {a.value: answers.count(a.value) for a in ANSWERS}
    return {"rated": len(answers), **counts, "rated_pct": _percent(len(answers), served),
            "satisfied_pct": _percent(sum(counts[a] for a in SATISFIED), len(answers))}


def summarize(rows: Iterable[dict[str, Any]], by: str, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Group ticket rows by *by* and count issued, served, no-shows, transfers, cancellations and the
    waiting and serving time statistics of each group; per counter and per officer also the citizens'
    ratings (:func:`rating_columns`).

    A transfer makes a new ticket row in the target field: it counts as "transferred in" there, not as
    issued, so "issued" is the number of tickets printed. Rows never called have no counter or officer
    and are left out of those two groupings.
    """
    if by not in GROUPINGS or by == "staff":
        raise ValueError(by)
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        key = _key(row, by, tz)
        if key is not None:
            groups.setdefault(key, []).append(row)
    ratings = by in ("counter", "officer")
    return [{by: key, **_group_summary(groups[key]), **(rating_columns(groups[key]) if ratings else {})}
            for key in sorted(groups, key=lambda k: (str(type(k)), k))]


def _group_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The counts and time statistics of one group of ticket rows."""
    def count(state: str) -> int:
        return sum(1 for r in rows if r["state"] == state)

    w = _stats([r["waiting_seconds"] for r in rows if r["waiting_seconds"] is not None])
    s = _stats([r["serving_seconds"] for r in rows if r["serving_seconds"] is not None])
    return {
        "issued": sum(1 for r in rows if r["transferred_from"] is None),
        "transferred_in": sum(1 for r in rows if r["transferred_from"] is not None),
        "served": count("done"), "no_show": count("no_show"), "transferred": count("transferred"),
        # cancelled by the citizen or an officer; 'expired': left unserved when the day closed (core/day_close.py)
        "cancelled": sum(1 for r in rows if r["state"] == "cancelled" and not r.get("expired")),
        "expired": sum(1 for r in rows if r.get("expired")), "waiting": count("waiting"),
        "wait_avg_min": w["avg"], "wait_median_min": w["median"], "wait_p90_min": w["p90"],
        "serve_avg_min": s["avg"], "serve_median_min": s["median"], "serve_p90_min": s["p90"],
    }


class _SessionTally:
    """Minutes on duty and paused, and counters worked at, per (local day, officer), from session events."""

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


def _served_and_no_shows(db: Database, first_day: str | None, last_day: str | None,
                         ) -> tuple[dict[tuple[str, str], list[float]], dict[tuple[str, str], int]]:
    """Serving seconds of the tickets each (day, officer) finished, and their no-shows."""
    served: dict[tuple[str, str], list[float]] = {}
    no_show: dict[tuple[str, str], int] = {}
    for row in ticket_rows(db, first_day, last_day):
        key = (row["service_day"], row["username"])
        if row["state"] == "done" and row["serving_seconds"] is not None:
            served.setdefault(key, []).append(row["serving_seconds"])
        elif row["state"] == "no_show":
            no_show[key] = no_show.get(key, 0) + 1
    return served, no_show


def staff_time(db: Database, tz: ZoneInfo, now: datetime, first_day: str | None = None,
               last_day: str | None = None) -> list[dict[str, Any]]:
    """Per local day and officer: the counters worked at, minutes logged in, minutes paused, and the
    tickets served and marked no-show — the diligence report, from the log's session events.

    A session or pause still open is counted until *now*, or until the end of its day for past days.
    """
    cur = db.conn.execute(
        "SELECT service_day, at, kind, counter, username FROM events WHERE kind IN ('login', 'logout', 'paused',"
        " 'unpaused') AND (? IS NULL OR service_day >= ?) AND (? IS NULL OR service_day <= ?) ORDER BY seq",
        (first_day, first_day, last_day, last_day))
    tally = _SessionTally()
    for row in cur.fetchall():
        tally.event(*row)
    tally.close_open(now, tz)
    served, no_show = _served_and_no_shows(db, first_day, last_day)
    return [{
        "day": day, "officer": user, "counters": ", ".join(str(c) for c in sorted(t["counters"])),
        "on_duty_min": round(t["duty"] / 60, 1), "paused_min": round(t["paused"] / 60, 1),
        "served": len(served.get((day, user), [])), "no_show": no_show.get((day, user), 0),
        "serve_avg_min": _stats(served.get((day, user), []))["avg"],
    } for (day, user), t in sorted(tally.totals.items())]


def report(db: Database, by: str, tz: ZoneInfo, now: datetime, first_day: str | None = None,
           last_day: str | None = None) -> list[dict[str, Any]]:
    """The report grouped *by* one of :data:`GROUPINGS` for the local days in the range."""
    if by == "staff":
        return staff_time(db, tz, now, first_day, last_day)
    return summarize(ticket_rows(db, first_day, last_day), by, tz)


def render(rows: list[dict[str, Any]], fmt: str, lang: str = "vi") -> str:
    """The summary as an aligned text table (headers in *lang*), or CSV and JSON (stable English column
    names, for spreadsheets and programs)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if not rows:
        return ""
    names = list(rows[0])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    # per counter or officer, "issued" counts the tickets handled there: counters do not issue
    handled = names[0] in ("counter", "officer")
    headers = [tr("report.issued_at_counter" if n == "issued" and handled else f"report.{n}", lang) for n in names]
    cells = [headers] + [["" if r[n] is None else str(r[n]) for n in names] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(names))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
