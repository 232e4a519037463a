"""The queue engine: every change of a ticket or a counter, each in one durable transaction that also
appends its event to the log (:mod:`core.event_log`).

Writes take SQLite's write lock up front, so two counters — in this process or another — never get the
same ticket and two kiosks never get the same number. A refused action raises a domain error before or
inside its transaction: the database is exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.actions import EVENT_OF, Action, Kind
from core.clock import iso, service_day
from core.config import Counter
from core.counter_sessions import CounterSessions
from core.day_close import close_earlier_days
from core.errors import (
    CounterBusy,
    CounterIdle,
    CounterPaused,
    CounterUnknown,
    FieldNotServed,
    NoShowFinal,
    TicketAtOtherCounter,
    TicketExpired,
    TicketForOtherCounter,
    TicketNotWaiting,
    TicketUnknown,
    TransferNowhere,
)
from core.issuing import Issuing
from core.queue_order import next_ticket_row, ticket_by_number
from core.ratings import Ratings
from core.storage import dict_rows
from core.tickets import NO_SHOW_POLICY, TRANSITIONS, State, Ticket


class QueueEngine(Issuing, CounterSessions, Ratings):
    """Issues (:mod:`core.issuing`), calls and moves tickets for one centre, and records their ratings
    (:mod:`core.ratings`); the only code that writes queue data."""

    _open_day: str | None = None

    @contextmanager
    def _write(self) -> Iterator[str]:
        """A write transaction, after the earlier days are closed (core/day_close.py) if this is the
        first change of a new service day."""
        now = self.clock.now()  # read once: the day and the time stamp of one change come from one reading
        day = service_day(now, self.centre.timezone)
        if day != self._open_day:
            with super()._write(now) as at:
                close_earlier_days(self, at)
            self._open_day = day
        with super()._write(now) as at:
            yield at

    def close_earlier_days(self) -> int:
        """End yesterday's leftover tickets and sessions now (the server calls this at start-up and at
        local midnight); return how many tickets ended."""
        with super()._write() as at:
            ended = close_earlier_days(self, at)
        self._open_day = self.service_day()
        return ended

    def _ticket(self, ticket_id: int) -> Ticket:
        rows = dict_rows(self.db.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)))
        if not rows:
            raise TicketUnknown(ticket=str(ticket_id))
        return Ticket.from_row(rows[0])

    def _update(self, ticket: Ticket, at: str, **cols: Any) -> Ticket:
        cols["updated_at"] = at
        sets = ", ".join(f"{k} = :{k}" for k in cols)
        self.db.conn.execute(f"UPDATE tickets SET {sets} WHERE id = :id", {**cols, "id": ticket.id})
        return self._ticket(ticket.id)

    def _counter(self, number: int) -> Counter:
        counter = self.centre.counter(number)
        if counter is None:
            raise CounterUnknown(counter=number)
        return counter

    def _busy_with(self, counter: int) -> Ticket | None:
        row = self.db.conn.execute(
            "SELECT id FROM tickets WHERE counter = ? AND state IN ('called', 'serving') ORDER BY id LIMIT 1",
            (counter,)).fetchone()
        return self._ticket(row[0]) if row else None

    def _at_counter(self, counter: int, ticket_id: int | None, states: tuple[str, ...]) -> Ticket:
        """The ticket the officer acts on: the given one (which must be at this counter), or the
        counter's current one."""
        if ticket_id is None:
            # The counter's ticket in the state the action needs; else its current one, so that the
            # action's own error names the state it is really in.
            for wanted in (states, ("called", "serving")):
                marks = ", ".join("?" for _ in wanted)
                row = self.db.conn.execute(
                    f"SELECT id FROM tickets WHERE counter = ? AND state IN ({marks}) ORDER BY updated_at DESC,"
                    " id DESC LIMIT 1", (counter, *wanted)).fetchone()
                if row:
                    return self._ticket(row[0])
            raise CounterIdle(counter=counter)
        ticket = self._ticket(ticket_id)
        if ticket.state in (State.CALLED, State.SERVING, State.HELD) and ticket.counter != counter:
            raise TicketAtOtherCounter(label=ticket.label, counter=ticket.counter)
        if ticket.state == State.WAITING:
            # a waiting ticket belongs to the queues of the counters that serve its field, today
            spec = self._counter(counter)
            if ticket.field_code not in spec.fields or ticket.target_counter not in (None, counter):
                raise FieldNotServed(counter=counter, field=self._field(ticket.field_code).name_vi)
            if ticket.service_day != self.service_day():
                raise TicketExpired(label=ticket.label, day=ticket.service_day)
        return ticket

    # ----------------------------------------------------------------- calling

    def _ready_to_call(self, counter: int) -> str:
        username = self._officer(counter)
        if self._session(counter)["paused_since"]:
            raise CounterPaused(counter=counter)
        busy = self._busy_with(counter)
        if busy:
            raise CounterBusy(counter=counter, label=busy.label)
        return username

    def _call(self, ticket: Ticket, counter: int, username: str, at: str,
              data: dict[str, Any] | None = None) -> Ticket:
        ticket.check(Action.CALL)
        ticket = self._update(ticket, at, state=State.CALLED.value, counter=counter, calls=ticket.calls + 1)
        self._event(at, EVENT_OF[Action.CALL], ticket=ticket, counter=counter, username=username, data=data)
        return ticket

    def call_next(self, counter: int) -> Ticket | None:
        """Call the next ticket for *counter* by the centre's policy; ``None`` when nobody waits."""
        spec = self._counter(counter)
        with self._write() as at:
            username = self._ready_to_call(counter)
            row_id = next_ticket_row(self.db.conn, self.centre, spec, self.service_day())
            if row_id is None:
                return None
            return self._call(self._ticket(row_id), counter, username, at)

    def call_number(self, counter: int, label: str, field: str | None = None, reason: str | None = None) -> Ticket:
        """Call a number of today at *counter*: a waiting one, or one marked absent who came back when the
        centre's no-show policy is ``recall``. *field* says which when two fields share numbers.

        A waiting ticket other than the one call-next would have taken is called out of turn: its event
        says so (``data.out_of_turn``), with the officer's *reason*, for auditors and reports."""
        spec = self._counter(counter)
        with self._write() as at:
            username = self._ready_to_call(counter)
            ticket = self._ticket(ticket_by_number(self.db.conn, self.centre, spec, self.service_day(), label,
                                                   field))
            if ticket.state == State.NO_SHOW:
                return self._come_back(ticket, Action.CALL_AGAIN, spec, username, at)
            if ticket.state != State.WAITING:
                raise TicketNotWaiting(label=ticket.label, state=ticket.state.value, action=Action.CALL.value)
            if ticket.field_code not in spec.fields:
                raise FieldNotServed(counter=counter, field=self._field(ticket.field_code).name_vi)
            if ticket.target_counter not in (None, counter):
                raise TicketForOtherCounter(label=ticket.label, counter=ticket.target_counter)
            in_turn = next_ticket_row(self.db.conn, self.centre, spec, self.service_day()) == ticket.id
            return self._call(ticket, counter, username, at,
                              None if in_turn else {"out_of_turn": True, "reason": reason or None})

    def requeue(self, counter: int, label: str, field: str | None = None) -> Ticket:
        """Put a citizen marked absent today back in the queue at their original place (no-show policy
        ``requeue``): they came back and wait to be called like the others."""
        spec = self._counter(counter)
        with self._write() as at:
            username = self._officer(counter)
            ticket = self._ticket(ticket_by_number(self.db.conn, self.centre, spec, self.service_day(), label,
                                                   field))
            return self._come_back(ticket, Action.REQUEUE, spec, username, at)

    def _come_back(self, ticket: Ticket, action: Action, spec: Counter, username: str, at: str) -> Ticket:
        target = ticket.check(action)
        if NO_SHOW_POLICY[self.centre.no_show] != action:
            raise NoShowFinal(label=ticket.label, policy=self.centre.no_show)
        if ticket.service_day != self.service_day():
            raise TicketExpired(label=ticket.label, day=ticket.service_day)
        if ticket.field_code not in spec.fields:
            raise FieldNotServed(counter=spec.number, field=self._field(ticket.field_code).name_vi)
        if action == Action.REQUEUE:
            ticket = self._update(ticket, at, state=target.value, counter=None)
            self._event(at, EVENT_OF[action], ticket=ticket, counter=spec.number, username=username)
            return ticket
        ticket = self._update(ticket, at, state=target.value, counter=spec.number, calls=ticket.calls + 1)
        self._event(at, EVENT_OF[action], ticket=ticket, counter=spec.number, username=username,
                    data={"again": True})
        return ticket

    # ----------------------------------------------------------------- at the counter

    def _move(self, action: Action, counter: int, ticket_id: int | None, current: tuple[str, ...]) -> Ticket:
        with self._write() as at:
            username = self._officer(counter)
            ticket = self._at_counter(counter, ticket_id, current)
            target = ticket.check(action)
            if action == Action.RETURN and ticket.service_day != self.service_day():
                raise TicketExpired(label=ticket.label, day=ticket.service_day)
            if action == Action.RESUME:
                busy = self._busy_with(counter)
                if busy:
                    raise CounterBusy(counter=counter, label=busy.label)
            cols: dict[str, Any] = {"state": target.value}
            limit = self.centre.no_show_after_calls
            if action == Action.RECALL and limit and ticket.calls >= limit:
                # called this many times and never came: absent, as the centre decided ("gọi 3 lần")
                ticket = self._update(ticket, at, state=State.NO_SHOW.value)
                self._event(at, EVENT_OF[Action.NO_SHOW], ticket=ticket, counter=counter, username=username,
                            data={"reason": "calls", "calls": ticket.calls})
                return ticket
            if action == Action.RECALL:
                cols["calls"] = ticket.calls + 1
            if action == Action.RETURN:
                cols["counter"] = None
            ticket = self._update(ticket, at, **cols)
            self._event(at, EVENT_OF[action], ticket=ticket, counter=counter, username=username)
            return ticket

    def act(self, action: Action, counter: int, ticket_id: int | None = None) -> Ticket:
        """Apply *action* to a ticket at *counter* (the one named, or the counter's own): one of the
        actions an officer takes on the ticket in hand (``core.actions.TicketSlug``)."""
        if action == Action.CANCEL:
            if ticket_id is None:
                raise ValueError("cancel needs a ticket")
            return self.cancel(ticket_id, counter)
        # without a ticket named, the counter's ticket in a state the action may start from
        return self._move(action, counter, ticket_id, tuple(s.value for s in TRANSITIONS[action][0]))

    def recall(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """Call the counter's called ticket again (counts the call)."""
        return self.act(Action.RECALL, counter, ticket_id)

    def start(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """The citizen has arrived: start serving."""
        return self.act(Action.START, counter, ticket_id)

    def finish(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """Serving is finished."""
        return self.act(Action.FINISH, counter, ticket_id)

    def no_show(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """The called citizen did not come (vắng mặt)."""
        return self.act(Action.NO_SHOW, counter, ticket_id)

    def return_to_queue(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """Put a called ticket back in the queue, keeping its place."""
        return self.act(Action.RETURN, counter, ticket_id)

    def hold(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """Park the ticket (e.g. the citizen fetches a paper); the counter may call others meanwhile."""
        return self.act(Action.HOLD, counter, ticket_id)

    def resume(self, counter: int, ticket_id: int | None = None) -> Ticket:
        """Take a held ticket back into service at this counter."""
        return self.act(Action.RESUME, counter, ticket_id)

    def transfer(self, counter: int, ticket_id: int | None = None, to_field: str | None = None,
                 to_counter: int | None = None, reason: str | None = None) -> Ticket:
        """Send the citizen to another field and/or counter; they keep their place by original issue
        time. The old row ends as ``transferred``; the returned new row waits in the target queue.

        A transfer to a named counter goes ahead of that counter's queue: out of turn, so its event says
        so (``data.out_of_turn``) with the officer's *reason*."""
        with self._write() as at:
            username = self._officer(counter)
            ticket = self._at_counter(counter, ticket_id, ("serving", "called"))
            ticket.check(Action.TRANSFER)
            if ticket.service_day != self.service_day():
                raise TicketExpired(label=ticket.label, day=ticket.service_day)
            field = self._field(to_field) if to_field else self._field(ticket.field_code)
            if to_counter is not None and field.code not in self._counter(to_counter).fields:
                # never change the citizen's field behind the officer's back: they name it, or choose
                # a counter that serves it
                raise FieldNotServed(counter=to_counter, field=field.name_vi)
            if field.code == ticket.field_code and to_counter is None:
                raise TransferNowhere(label=ticket.label)
            self._update(ticket, at, state=State.TRANSFERRED.value)
            cur = self.db.conn.execute(
                "INSERT INTO tickets (token, service_day, field_code, seq, label, priority, priority_note, state,"
                " issued_at, queue_at, target_counter, calls, kiosk, transferred_from, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, 0, ?, ?, ?)",
                (ticket.token, ticket.service_day, field.code, ticket.seq, ticket.label,
                 ticket.priority.value if ticket.priority else None, ticket.priority_note, at,
                 iso(ticket.queue_at), to_counter, ticket.kiosk, ticket.id, at))
            new = self._ticket(cur.lastrowid)
            marks: dict[str, Any] = {"out_of_turn": True, "reason": reason or None} if to_counter is not None else {}
            self._event(at, EVENT_OF[Action.TRANSFER], ticket=ticket, counter=counter, username=username,
                        data={"to_ticket": new.id, "to_field": field.code, "to_counter": to_counter, **marks})
            self._event(at, Kind.TRANSFERRED_IN, ticket=new, counter=to_counter, username=username,
                        data={"from_ticket": ticket.id, "from_field": ticket.field_code})
            return new

    def cancel(self, ticket_id: int, counter: int | None = None, username: str | None = None) -> Ticket:
        """Cancel a ticket that is waiting, called or held (the citizen left)."""
        with self._write() as at:
            if counter is not None:
                username = self._officer(counter)
                ticket = self._at_counter(counter, ticket_id, ())
            else:
                ticket = self._ticket(ticket_id)
            target = ticket.check(Action.CANCEL)
            ticket = self._update(ticket, at, state=target.value)
            self._event(at, EVENT_OF[Action.CANCEL], ticket=ticket, counter=counter, username=username)
            return ticket

    def record(self, kind: str, data: dict[str, Any], ticket_id: int | None = None,
               username: str | None = None, field_code: str | None = None) -> None:
        """Append a non-transition event (a kiosk's print result, a field's new state, an administrator's
        message) to the log."""
        with self._write() as at:
            ticket = self._ticket(ticket_id) if ticket_id is not None else None
            self._event(at, kind, ticket=ticket, username=username, data=data, field_code=field_code)
