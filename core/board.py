"""Reads of the live queue: waiting counts, people ahead, estimated waits, counters, recent calls and the
event log. Nothing here writes; the server may give it its own read connection (WAL lets reads run
beside the writer)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from core.availability import field_availability
from core.clock import Clock, iso, midnight_before, service_day
from core.config import Centre, Field
from core.estimate import Placement, WaitEstimator
from core.event import Event
from core.storage import dict_rows
from core.tickets import State, Ticket


class QueueBoard:
    """Answers "how many wait, how long, who is where" for one centre."""

    def __init__(self, db: Database, centre: Centre, clock: Clock) -> None:
        self.db = db
        self.centre = centre
        self.clock = clock
        self.estimator = WaitEstimator(db.conn, centre, clock)

    def _rows(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[dict[str, Any]]:
        return dict_rows(self.db.conn.execute(sql, params))

    def _midnight(self) -> str:
        """Today's local midnight, stored form: a session opened before it and never closed is over."""
        return midnight_before(self.clock.now(), self.centre.timezone)

    def service_day(self) -> str:
        """Today's local date."""
        return service_day(self.clock.now(), self.centre.timezone)

    def ticket(self, ticket_id: int) -> Ticket | None:
        """A ticket by id."""
        rows = self._rows("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return Ticket.from_row(rows[0]) if rows else None

    def ticket_by_token(self, token: str) -> Ticket | None:
        """The citizen's ticket by its secret token: the newest row of its chain (after transfers)."""
        rows = self._rows("SELECT * FROM tickets WHERE token = ? ORDER BY id DESC LIMIT 1", (token,))
        return Ticket.from_row(rows[0]) if rows else None

    def issued_by(self, ticket_id: int) -> int | None:
        """The device id of the kiosk that issued the ticket (from its ``issued`` event), if recorded."""
        row = self.db.conn.execute("SELECT json_extract(data, '$.kiosk_id') FROM events WHERE ticket_id = ?"
                                   " AND kind = 'issued'", (ticket_id,)).fetchone()
        return row[0] if row else None

    def day_closed(self, ticket: Ticket) -> bool:
        """Whether *ticket* ended (or is about to end) unserved because its day is over."""
        if ticket.state in (State.WAITING, State.CALLED, State.SERVING, State.HELD):
            return ticket.service_day < self.service_day()
        return ticket.state == State.CANCELLED and self.db.conn.execute(
            "SELECT 1 FROM events WHERE ticket_id = ? AND kind = 'expired'", (ticket.id,)).fetchone() is not None

    # ----------------------------------------------------------------- waiting and estimates

    def waiting_counts(self) -> dict[str, int]:
        """Tickets waiting today per field code (every configured field present)."""
        return {code: n for code, (n, _) in self.estimator.waiting_counts(self.service_day()).items()}

    def estimate(self, field: Field, ahead: int, priority: bool = False) -> Placement:
        """Where a citizen of *field* with *ahead* people before them stands (:mod:`core.estimate`)."""
        return self.estimator.place(field, ahead, priority)

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

    def position(self, ticket: Ticket) -> Placement:
        """People ahead of *ticket* and the estimated minutes of waiting left (none once it is called)."""
        ahead = self.people_ahead(ticket)
        field = self.centre.field(ticket.field_code)
        if field is None or ticket.state != State.WAITING:
            return Placement(ahead, None)
        return self.estimate(field, ahead, ticket.priority is not None and field.priority_rule == "first")

    def fields(self, states: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Every field's row as the apps show it: waiting, the estimate for the next citizen, and whether
        it issues numbers now (``state``: issuing, closed until ``opens_at``, full). *states* (code →
        ``Availability.to_dict()``) when the caller already knows them; read from today's series if not."""
        placements = self.estimator.place_waiting(self.service_day())
        if states is None:
            states = {code: state.to_dict() for code, state in
                      field_availability(self.db, self.centre, self.clock.now()).items()}
        return [{"code": f.code, "name_vi": f.name_vi, "name_en": f.name_en,
                 "waiting": placements[f.code].ahead, "estimated_minutes": placements[f.code].minutes,
                 "overloaded": placements[f.code].overloaded, **states[f.code]}
                for f in self.centre.fields]

    # ----------------------------------------------------------------- counters and calls

    def counters(self) -> list[dict[str, Any]]:
        """Every counter with its officer, pause state (and reason) and current ticket (priority or not)."""
        sessions = {r["counter"]: r for r in self._rows(
            "SELECT s.counter, s.username, s.paused_since, s.pause_reason, st.full_name FROM counter_sessions s"
            " JOIN staff st ON st.username = s.username WHERE s.logout_at IS NULL AND s.login_at >= ?",
            (self._midnight(),))}
        # By the configured counters, so each is a seek in the counter index: "any counter" read every
        # ticket ever served (tens of milliseconds after a year, after every call a display hears of).
        numbers = [c.number for c in self.centre.counters]
        current = {r["counter"]: r for r in self._rows(
            "SELECT counter, id, label, state, field_code, priority FROM tickets WHERE counter IN"
            f" ({', '.join('?' * len(numbers))}) AND state IN ('called', 'serving') ORDER BY id", tuple(numbers))}
        out = []
        for c in self.centre.counters:
            s, t = sessions.get(c.number), current.get(c.number)
            out.append({
                "number": c.number, "name": c.name, "location": c.location, "fields": list(c.fields),
                "priority_only": c.priority_only,
                "status": "closed" if s is None else "paused" if s["paused_since"] else "open",
                "officer": s["username"] if s else None, "officer_name": s["full_name"] if s else None,
                "pause_reason": s["pause_reason"] if s and s["paused_since"] else None,
                "ticket": {"id": t["id"], "label": t["label"], "state": t["state"], "field": t["field_code"],
                           "priority": t["priority"]} if t else None,
            })
        return out

    def recent_calls(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest calls and recalls of today, newest first."""
        # Newest first, but never before the issue of today's first ticket (every call of today is of a
        # ticket issued today): with fewer calls than *limit* so far, the search would otherwise go on
        # through the whole history (0.13 s after a year, at every snapshot of the morning).
        return self._rows(
            "SELECT seq, at, kind, label, field_code AS field, counter, ticket_id,"
            " (SELECT t.priority FROM tickets t WHERE t.id = events.ticket_id) AS priority FROM events"
            " WHERE seq >= (SELECT MIN(seq) FROM events WHERE ticket_id ="
            " (SELECT MIN(id) FROM tickets WHERE service_day = :day))"
            " AND service_day = :day AND kind IN ('called', 'recalled') ORDER BY seq DESC LIMIT :limit",
            {"day": self.service_day(), "limit": limit})

    # ----------------------------------------------------------------- event log

    def last_seq(self) -> int:
        """The sequence number of the newest event (0 when the log is empty)."""
        return self.db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]

    def events_since(self, seq: int, limit: int = 1000) -> list[Event]:
        """Events after *seq*, oldest first, at most *limit*."""
        return [Event.from_row(r) for r in self._rows("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                                                         (seq, limit))]

    def snapshot(self) -> dict[str, Any]:
        """Everything an app needs to draw the queue now, with the event sequence it reflects.

        Read inside one transaction so the parts agree with each other and with ``seq``: a client that
        then asks for events after ``seq`` misses nothing and sees nothing twice."""
        own = not self.db.conn.in_transaction
        if own:
            self.db.conn.execute("BEGIN")
        try:
            return {"seq": self.last_seq(), "service_day": self.service_day(), "fields": self.fields(),
                    "counters": self.counters(), "recent_calls": self.recent_calls()}
        finally:
            if own:
                self.db.conn.execute("COMMIT")
