"""Reads of the live queue: waiting counts, people ahead, estimated waits, counters, recent calls and the
event log. Nothing here writes; the server may give it its own read connection (WAL lets reads run
beside the writer)."""

from __future__ import annotations

import json
import math
import statistics
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.clock import Clock, iso, local_day, local_midnight
from core.config import Centre, Field
from core.storage import dict_rows
from core.tickets import State, Ticket

RECENT_SERVICES = 30  # finished tickets the service-time estimate looks at
RECENT_DAYS = 14
SERVICE_CACHE_SECONDS = 30


class QueueBoard:
    """Answers "how many wait, how long, who is where" for one centre."""

    def __init__(self, db: Database, centre: Centre, clock: Clock) -> None:
        self.db = db
        self.centre = centre
        self.clock = clock
        self._service_cache: dict[str, tuple[datetime, float]] = {}

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[dict[str, Any]]:
        return dict_rows(self.db.conn.execute(sql, params))

    def _midnight(self) -> str:
        """Today's local midnight, stored form: a session opened before it and never closed is over."""
        zone = self.centre.timezone
        return iso(local_midnight(local_day(self.clock.now(), zone), zone))

    def service_day(self) -> str:
        """Today's local date."""
        return local_day(self.clock.now(), self.centre.timezone).isoformat()

    def ticket(self, ticket_id: int) -> Ticket | None:
        """A ticket by id."""
        rows = self._rows("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return Ticket.from_row(rows[0]) if rows else None

    def ticket_by_token(self, token: str) -> Ticket | None:
        """The citizen's ticket by its secret token: the newest row of its chain (after transfers)."""
        rows = self._rows("SELECT * FROM tickets WHERE token = ? ORDER BY id DESC LIMIT 1", (token,))
        return Ticket.from_row(rows[0]) if rows else None

    # ----------------------------------------------------------------- waiting and estimates

    def waiting_counts(self) -> dict[str, int]:
        """Tickets waiting today per field code (every configured field present)."""
        counts = dict.fromkeys((f.code for f in self.centre.fields), 0)
        for code, n in self.db.conn.execute(
                "SELECT field_code, COUNT(*) FROM tickets WHERE service_day = ? AND state = 'waiting'"
                " GROUP BY field_code", (self.service_day(),)):
            counts[code] = n
        return counts

    def service_minutes(self, field: Field) -> float:
        """Typical serving time of *field*: the median of its recent services, else the configured one.

        Kept for :data:`SERVICE_CACHE_SECONDS`: it moves slowly, and reading it from the event log costs
        more than the rest of a kiosk's request."""
        now = self.clock.now()
        cached = self._service_cache.get(field.code)
        if cached and (now - cached[0]).total_seconds() < SERVICE_CACHE_SECONDS:
            return cached[1]
        since = (now.astimezone(self.centre.timezone).date() - timedelta(days=RECENT_DAYS))
        # The newest 'finished' events of the field, walking the log back from its end (the view would
        # compute every ticket of the last two weeks first).
        values = [r[0] for r in self.db.conn.execute(
            "SELECT ROUND((julianday(f.at) - julianday((SELECT MIN(s.at) FROM events s WHERE s.ticket_id = f.ticket_id"
            " AND s.kind IN ('started', 'resumed')))) * 86400.0, 3) AS seconds FROM events f"
            " WHERE f.kind = 'finished' AND f.field_code = ? AND f.service_day >= ? ORDER BY f.seq DESC LIMIT ?",
            (field.code, since.isoformat(), RECENT_SERVICES)) if r[0] is not None]
        minutes = statistics.median(values) / 60 if values else field.avg_service_minutes
        self._service_cache[field.code] = (now, minutes)
        return minutes

    def open_counters(self, field: Field) -> int:
        """Counters serving *field* that have an officer and are not paused."""
        open_numbers = {r[0] for r in self.db.conn.execute(
            "SELECT counter FROM counter_sessions WHERE logout_at IS NULL AND paused_since IS NULL"
            " AND login_at >= ?", (self._midnight(),))}
        return sum(1 for c in self.centre.counters if c.number in open_numbers and field.code in c.fields)

    def estimate(self, field: Field, ahead: int) -> int | None:
        """Estimated minutes until a citizen with *ahead* people before them is called; ``None`` if no
        counter serves the field at all."""
        counters = self.open_counters(field) or sum(1 for c in self.centre.counters if field.code in c.fields)
        if not counters:
            return None
        return math.ceil(ahead / counters * self.service_minutes(field))

    def people_ahead(self, ticket: Ticket) -> int:
        """Waiting tickets of the same field that will be called before *ticket*."""
        if ticket.state != State.WAITING:
            return 0
        field = self.centre.field(ticket.field_code)
        # Every count below is answered from an index alone (the queue index, or the partial index of
        # waiting priority tickets): the kiosk asks this for every ticket it prints.
        key = {"day": ticket.service_day, "field": ticket.field_code, "at": iso(ticket.queue_at), "id": ticket.id}

        def count(where: str) -> int:
            # without statistics the planner would take the wider queue index for priority counts
            index = "INDEXED BY tickets_priority_queue" if "priority IS NOT NULL" in where else ""
            return self.db.conn.execute(
                f"SELECT COUNT(*) FROM tickets {index} WHERE service_day = :day AND state = 'waiting'"
                f" AND field_code = :field AND {where}", key).fetchone()[0]

        earlier = "(queue_at, id) < (:at, :id)"
        if field is None or field.priority_rule != "first":
            return count(earlier)
        priority_earlier = count(f"priority IS NOT NULL AND {earlier}")
        if ticket.priority:
            return priority_earlier
        # every waiting priority ticket, and the ordinary ones that came earlier
        return count("priority IS NOT NULL") + count(earlier) - priority_earlier

    def position(self, ticket: Ticket) -> dict[str, int | None]:
        """People ahead of *ticket* and the estimated minutes of waiting left."""
        ahead = self.people_ahead(ticket)
        field = self.centre.field(ticket.field_code)
        return {"ahead": ahead, "minutes": self.estimate(field, ahead) if field else None}

    # ----------------------------------------------------------------- counters and calls

    def counters(self) -> list[dict[str, Any]]:
        """Every counter with its officer, pause state and current ticket."""
        sessions = {r["counter"]: r for r in self._rows(
            "SELECT s.counter, s.username, s.paused_since, st.full_name FROM counter_sessions s"
            " JOIN staff st ON st.username = s.username WHERE s.logout_at IS NULL AND s.login_at >= ?",
            (self._midnight(),))}
        current = {r["counter"]: r for r in self._rows(
            "SELECT counter, id, label, state, field_code FROM tickets WHERE counter IS NOT NULL"
            " AND state IN ('called', 'serving') ORDER BY id")}
        out = []
        for c in self.centre.counters:
            s, t = sessions.get(c.number), current.get(c.number)
            out.append({
                "number": c.number, "name": c.name, "location": c.location, "fields": list(c.fields),
                "priority_only": c.priority_only,
                "status": "closed" if s is None else "paused" if s["paused_since"] else "open",
                "officer": s["username"] if s else None, "officer_name": s["full_name"] if s else None,
                "ticket": {"id": t["id"], "label": t["label"], "state": t["state"], "field": t["field_code"]}
                if t else None,
            })
        return out

    def recent_calls(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest calls and recalls of today, newest first."""
        return self._rows(
            "SELECT seq, at, kind, label, field_code AS field, counter, ticket_id FROM events"
            " WHERE service_day = ? AND kind IN ('called', 'recalled') ORDER BY seq DESC LIMIT ?",
            (self.service_day(), limit))

    # ----------------------------------------------------------------- event log

    def last_seq(self) -> int:
        """The sequence number of the newest event (0 when the log is empty)."""
        return self.db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]

    def events_since(self, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
        """Events after *seq*, oldest first, at most *limit*."""
        rows = self._rows("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
        for r in rows:
            r["data"] = json.loads(r["data"]) if r["data"] else {}
        return rows

    def snapshot(self) -> dict[str, Any]:
        """Everything an app needs to draw the queue now, with the event sequence it reflects.

        Read inside one transaction so the parts agree with each other and with ``seq``: a client that
        then asks for events after ``seq`` misses nothing and sees nothing twice."""
        own = not self.db.conn.in_transaction
        if own:
            self.db.conn.execute("BEGIN")
        try:
            seq = self.last_seq()
            counts = self.waiting_counts()
            fields = [{"code": f.code, "name_vi": f.name_vi, "name_en": f.name_en, "waiting": counts[f.code],
                       "estimated_minutes": self.estimate(f, counts[f.code])} for f in self.centre.fields]
            return {"seq": seq, "service_day": self.service_day(), "fields": fields,
                    "counters": self.counters(), "recent_calls": self.recent_calls()}
        finally:
            if own:
                self.db.conn.execute("COMMIT")
