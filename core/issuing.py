"""Issuing numbers: the next number of a field for today, where the citizen stands, and the refusals a
closed or full field gives.

Part of the queue engine (:class:`core.engine.QueueEngine` inherits it); an issue is one durable
transaction with its ``issued`` event, like every other change of the engine.
"""

from __future__ import annotations

import secrets
from functools import cached_property

from core.actions import Kind
from core.clock import parse_iso
from core.config import Field
from core.errors import FieldClosed, FieldFull, FieldUnknown
from core.estimate import Placement, WaitEstimator
from core.event_log import EventLog
from core.tickets import Priority, State, Ticket


class Issuing(EventLog):
    """Takes numbers from each field's daily series and records what the citizen was told."""

    def _field(self, code: str) -> Field:
        field = self.centre.field(code.upper()) if isinstance(code, str) else None
        if field is None:
            raise FieldUnknown(field=str(code))
        return field

    @cached_property
    def estimator(self) -> WaitEstimator:
        """The wait estimate, read on the engine's own connection inside its transactions."""
        return WaitEstimator(self.db.conn, self.centre, self.clock)

    def issue(self, field_code: str, priority: Priority | str | None = None, note: str | None = None,
              kiosk: str | None = None, kiosk_id: int | None = None) -> Ticket:
        """Issue the next number of *field_code* for today; raise if the field is closed or full."""
        return self.issue_placed(field_code, priority, note, kiosk, kiosk_id)[0]

    def issue_for(self, officer: str, desk: int, field_code: str, priority: Priority | str | None = None,
                  note: str | None = None) -> tuple[Ticket, Placement]:
        """A guidance desk's officer issues a ticket on a citizen's behalf: recorded as such (the
        ``issued`` event names the officer and their counter, ``data.issued_by`` = ``officer``)."""
        return self.issue_placed(field_code, priority, note, issued_by=(officer, desk))

    def _refused(self, field: Field, error: FieldClosed | FieldFull, priority: Priority | None,
                 kiosk: str | None) -> None:
        """Log a citizen refused a number, after the refused issue was undone: reports count them."""
        with self._write() as at:
            self._event(at, Kind.REFUSED, field_code=field.code,
                        data={"reason": error.code, "priority": priority.value if priority else None,
                              "kiosk": kiosk})

    def issue_placed(self, field_code: str, priority: Priority | str | None = None, note: str | None = None,
                     kiosk: str | None = None, kiosk_id: int | None = None,
                     issued_by: tuple[str, int] | None = None) -> tuple[Ticket, Placement]:
        """Issue a ticket and tell the citizen where they stand: people ahead and the estimated wait, as
        recorded in the ``issued`` event (so what was promised can be checked against the real wait).
        *kiosk_id* (the issuing device) goes into the event: names of kiosks need not be unique."""
        field = self._field(field_code)
        kind = Priority(priority) if priority else None
        try:
            return self._issue(field, kind, note, kiosk, kiosk_id, issued_by)
        except (FieldClosed, FieldFull) as error:
            self._refused(field, error, kind, kiosk)
            raise

    def _issue(self, field: Field, kind: Priority | None, note: str | None,
               kiosk: str | None, kiosk_id: int | None = None,
               issued_by: tuple[str, int] | None = None) -> tuple[Ticket, Placement]:
        with self._write() as at:
            moment = parse_iso(at)
            now_local = moment.astimezone(self.centre.timezone)
            if not field.hours.is_open(now_local):
                raise FieldClosed(name=field.name_vi, field=field.code)
            day = now_local.date().isoformat()
            seq = self.db.conn.execute(
                "INSERT INTO series (service_day, field_code, last_seq) VALUES (?, ?, 1)"
                " ON CONFLICT DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
                (day, field.code)).fetchone()[0]
            if seq > field.daily_limit:
                raise FieldFull(name=field.name_vi, field=field.code)
            token, label = secrets.token_urlsafe(18), field.numbers.label(seq)
            cur = self.db.conn.execute(
                "INSERT INTO tickets (token, service_day, field_code, seq, label, priority, priority_note, state,"
                " issued_at, queue_at, calls, kiosk, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, 0,"
                " ?, ?)",
                (token, day, field.code, seq, label, kind.value if kind else None, note, at, at, kiosk, at))
            # Built from what was just written rather than read back: issuing is the hot path.
            assert cur.lastrowid is not None  # an INSERT's rowid
            ticket = Ticket(id=cur.lastrowid, token=token, service_day=day, field_code=field.code, seq=seq,
                            label=label, priority=kind, priority_note=note, state=State.WAITING, issued_at=moment,
                            queue_at=moment, counter=None, target_counter=None, calls=0, kiosk=kiosk,
                            transferred_from=None)
            # The newest ticket of the queue: everyone waiting is ahead (only priority ones, for a priority
            # ticket of a field that calls them first). The counts are kept by triggers, not counted here.
            placement = self.estimator.place_newest(field, kind is not None and field.priority_rule == "first", day,
                                                     now_local)
            officer, desk = issued_by or (None, None)
            self._event(at, Kind.ISSUED, ticket=ticket, counter=desk, username=officer,
                        data={"priority": ticket.priority.value if ticket.priority else None, "kiosk": kiosk,
                              **({"kiosk_id": kiosk_id} if kiosk_id is not None else {}),
                              **placement.to_dict(), **({"issued_by": "officer"} if officer else {})})
        return ticket, placement
