"""Durable write transactions and the event log they append to.

Every change goes through :meth:`EventLog._write`, which takes SQLite's write lock up front
(``BEGIN IMMEDIATE``) — or a savepoint inside a group commit (:meth:`EventLog.batch`) — so changes from
this process or another are applied one at a time. An error raised inside undoes the change: the database
is exactly as before. Listeners hear about events only after the commit is durable, in sequence order.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from core.clock import Clock, iso, service_day
from core.config import Centre
from core.event import Event
from core.storage import immediate
from core.tickets import Ticket

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]


class EventLog:
    """Durable write transactions that append events to the log, and the listeners that hear of them
    once committed. The queue engine is built on it."""

    def __init__(self, db: Database, centre: Centre, clock: Clock) -> None:
        self.db = db
        self.centre = centre
        self.clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._pending: list[Event] = []
        self._batching = False


    def subscribe(self, listener: Listener) -> None:
        """Call *listener* with every event, in order, after its transaction has committed."""
        self._listeners.append(listener)

    def service_day(self) -> str:
        """Today's local date in the centre's time zone (the key of the daily number series)."""
        return service_day(self.clock.now(), self.centre.timezone)

    @contextmanager
    def _write(self, now: datetime | None = None) -> Iterator[str]:
        """One write transaction (a savepoint inside :meth:`batch`); yields the time stamp every row
        written in it shares: *now*, the clock's reading the caller already made, or a new one."""
        with self._lock:
            mark = len(self._pending)
            try:
                with immediate(self.db):
                    yield iso(now or self.clock.now())
            except BaseException:
                del self._pending[mark:]
                raise
            if self._batching:
                return  # published when the batch commits
            events, self._pending = self._pending, []
        self._publish(events)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group commit: the changes made inside share one transaction and one fsync.

        Each change is still all-or-nothing on its own (a savepoint): one that raises is undone while the
        others stand. Nothing inside is durable, and no listener hears of it, until the block ends and
        the COMMIT returns; a caller answers its clients only then. The server uses this to serve many
        kiosks and counters at once at the cost of one disk flush.
        """
        with self._lock:
            if self._batching:
                raise RuntimeError("batches do not nest")
            self._batching, self._pending = True, []
            try:
                with immediate(self.db):
                    yield
            except BaseException:
                self._pending = []
                raise
            finally:
                self._batching = False
            events, self._pending = self._pending, []
        self._publish(events)

    def _publish(self, events: list[Event]) -> None:
        for event in events:
            for listener in self._listeners:
                try:
                    listener(event)
                except Exception:  # a broken listener must not undo or block a committed change
                    log.exception("event listener failed")

    def _event(self, at: str, kind: str, *, ticket: Ticket | None = None, counter: int | None = None,
               username: str | None = None, data: dict[str, Any] | None = None,
               field_code: str | None = None) -> None:
        if ticket is not None and ticket.priority is not None:
            # Every event of a priority ticket says so: a display shows the mark on the call and at the counter.
            data = {**(data or {}), "priority": ticket.priority.value}
        values = (at, kind, ticket.service_day if ticket else self.service_day(), ticket.id if ticket else None,
                  ticket.field_code if ticket else field_code, ticket.label if ticket else None, counter, username)
        cur = self.db.conn.execute(
            "INSERT INTO events (at, kind, service_day, ticket_id, field_code, label, counter, username, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, json.dumps(data, ensure_ascii=False) if data else None),
        )
        self._pending.append(Event(cur.lastrowid or 0, *values, data=data or {}))  # (an INSERT has a rowid)
