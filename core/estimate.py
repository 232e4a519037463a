"""How long a citizen will wait: the estimate printed on the ticket and shown on the displays.

Each open counter's capacity is counted once, shared among the fields it serves the way it calls them
(the centre's call policy), and measured as a cycle: from the call of a citizen to letting them go (walk-up
and service, or the wait for a no-show) plus the counter's turnaround before its next call. Cycles are
running means, not medians: a few long land dossiers are exactly what makes a queue slow.

Everything read here is kept up to date by triggers as tickets and events are written (migration
``m003_queue_pace``): an estimate reads a handful of small rows whatever the length of the queue or of the
history, so it can run inside the writer's transaction at every issue.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from core.clock import Clock, midnight_before
from core.config import Centre, Counter, Field

WALK_UP_S = 45.0  # until measured: the configured service time plus a citizen's walk to the counter
TURNAROUND_S = 20.0  # until measured: a counter's pause between letting one citizen go and the next call
# Where the ticket stands among the counters' current citizens: with every counter busy, the first one
# frees on average after about half a cycle (a bit more, as service times are skewed).
RESIDUAL = 0.6
MAX_PRIORITY_SHARE = 0.5


@dataclass(frozen=True)
class Placement:
    """What a citizen is told on taking a number: people ahead and the estimated wait in minutes.

    ``minutes`` is 0 when a free counter will call at once, ``None`` when no counter serves the field or
    when the field is overloaded (the wait would run past the end of the field's hours today): then the
    ticket says so rather than print a number that cannot hold."""

    ahead: int
    minutes: int | None
    overloaded: bool = False

    def to_dict(self) -> dict[str, int | bool | None]:
        """The form stored in the ``issued`` event and sent to the kiosk."""
        return {"ahead": self.ahead, "estimated_minutes": self.minutes, "overloaded": self.overloaded}


@dataclass(frozen=True)
class _Desk:
    counter: Counter
    cycle_extra_s: float  # the counter's turnaround
    busy: bool


@dataclass
class _Inputs:
    """What an estimate reads, once per look: local time, counts, paces and the working counters."""

    local: datetime
    counts: dict[str, tuple[int, int]]
    occupancy: dict[str, float]
    priority_share: dict[str, float]
    desks: list[_Desk]

    @cached_property
    def waiting(self) -> dict[str, int]:
        """Tickets waiting per field code (made once, then read by the estimate of every field)."""
        return {code: n for code, (n, _) in self.counts.items()}

    @cached_property
    def work(self) -> dict[str, float]:
        """Seconds of counter time the citizens waiting in each field need (every code a counter serves)."""
        waiting, occupancy = self.waiting, self.occupancy
        codes = {*waiting, *occupancy, *(code for d in self.desks for code in d.counter.fields)}
        return {code: waiting.get(code, 0) * occupancy.get(code, WALK_UP_S) for code in codes}


class WaitEstimator:
    """Estimates waits from the live counts and paces; reads only small, bounded tables."""

    def __init__(self, conn: sqlite3.Connection, centre: Centre, clock: Clock) -> None:
        self.conn = conn
        self.centre = centre
        self.clock = clock
        self._midnight: tuple[date | None, str] = (None, "")  # (local day, its midnight stored form)
        self._closings: dict[tuple[str, date], datetime | None] = {}
        self._sharings: dict[tuple[int, ...], dict[str, int]] = {}

    def _local_now(self) -> datetime:
        return self.clock.now().astimezone(self.centre.timezone)

    def waiting_counts(self, day: str) -> dict[str, tuple[int, int]]:
        """(waiting, waiting with priority) per field code on *day*; every configured field present."""
        counts = dict.fromkeys((f.code for f in self.centre.fields), (0, 0))
        for code, waiting, priority in self.conn.execute(
                "SELECT field_code, waiting, priority_waiting FROM queue_counts WHERE service_day = ?", (day,)):
            counts[code] = (waiting, priority)
        return counts

    def _occupancy(self) -> tuple[dict[str, float], dict[str, float]]:
        """Measured seconds a counter spends per citizen of each field, and each field's priority share."""
        occupancy = {f.code: f.avg_service_minutes * 60 + WALK_UP_S for f in self.centre.fields}
        priority: dict[str, float] = {}
        for code, seconds, share in self.conn.execute(
                "SELECT field_code, occupancy_s, priority_share FROM field_pace"):
            if seconds is not None and code in occupancy:
                occupancy[code] = max(seconds, 1.0)
            if share is not None:
                priority[code] = min(share, MAX_PRIORITY_SHARE)
        return occupancy, priority

    def _desks(self, local: datetime) -> list[_Desk]:
        """The counters working at *local* (an officer logged in today, not paused), with their turnaround."""
        if self._midnight[0] != local.date():  # once a day, not per ticket
            self._midnight = (local.date(), midnight_before(local, self.centre.timezone))
        midnight = self._midnight[1]
        open_numbers = {r[0] for r in self.conn.execute(
            "SELECT counter FROM counter_sessions WHERE logout_at IS NULL AND paused_since IS NULL"
            " AND login_at >= ?", (midnight,))}
        # busy only while its ticket is still at the counter: a ticket ended another way (the day closed
        # overnight) leaves no release behind
        pace = {r[0]: (r[1], r[2] or None) for r in self.conn.execute(
            "SELECT p.counter, p.turnaround_s, t.state IN ('called', 'serving') FROM counter_pace p"
            " LEFT JOIN tickets t ON t.id = p.busy_with")}
        measured = [p[0] for p in pace.values() if p[0] is not None]
        usual = sum(measured) / len(measured) if measured else TURNAROUND_S
        desks = []
        for c in self.centre.counters:
            if c.number in open_numbers:
                turnaround, busy = pace.get(c.number, (None, None))
                desks.append(_Desk(c, turnaround if turnaround is not None else usual, busy is not None))
        return desks

    def _sharing(self, desks: list[_Desk]) -> dict[str, int]:
        """How many of *desks* serve each field: a field's load is shared among its counters (kept per set
        of counters, which changes only when one opens, pauses or closes)."""
        key = tuple(d.counter.number for d in desks)
        sharing = self._sharings.get(key)
        if sharing is None:
            if len(self._sharings) > 8 * len(self.centre.fields):
                self._sharings.clear()
            sharing = self._sharings[key] = {}
            for d in desks:
                for code in d.counter.fields:
                    sharing[code] = sharing.get(code, 0) + 1
        return sharing

    def place(self, field: Field, ahead: int, priority: bool = False, day: str | None = None) -> Placement:
        """The estimate for a citizen of *field* with *ahead* people before them (a new ticket, or one
        already waiting); *priority* when the ticket is a priority one."""
        return self._place(field, ahead, priority, self._inputs(day))

    def place_newest(self, field: Field, priority: bool, day: str, local: datetime | None = None) -> Placement:
        """The estimate for a ticket of *field* just added to today's queue: everyone waiting is ahead of
        it (only the priority ones when *priority*: a priority ticket of a field that calls them first).
        The counts come from the same read as the rest of the estimate's inputs. *local*: the time of the
        issue in the centre's zone, when the caller has read the clock already."""
        inputs = self._inputs(day, local)
        waiting, waiting_priority = inputs.counts[field.code]
        return self._place(field, (waiting_priority if priority else waiting) - 1, priority, inputs)

    def place_waiting(self, day: str | None = None) -> dict[str, Placement]:
        """The estimate for the next citizen to join each field's queue (every field; the pace, the
        counters and the counts read once for all of them: the server does this after every commit)."""
        inputs = self._inputs(day)
        return {f.code: self._place(f, inputs.counts[f.code][0], False, inputs) for f in self.centre.fields}

    def _inputs(self, day: str | None, local: datetime | None = None) -> _Inputs:
        local = local or self._local_now()
        occupancy, priority_share = self._occupancy()
        return _Inputs(local, self.waiting_counts(day or local.date().isoformat()), occupancy, priority_share,
                       self._desks(local))

    def _place(self, field: Field, ahead: int, priority: bool, inputs: _Inputs) -> Placement:
        # The server runs this for every field after every commit a display hears of: the same
        # arithmetic as ever, in the same order, with the per-field work kept to plain loops.
        code, occupancy = field.code, inputs.occupancy
        desks = [d for d in inputs.desks if code in d.counter.fields]
        if not desks:
            # Nobody serves the field right now (before opening, at lunch): count on the counters that
            # serve it by the configuration, as they will when they open.
            desks = [_Desk(c, TURNAROUND_S, False) for c in self.centre.counters if code in c.fields]
            if not desks:
                return Placement(ahead, None)
        sharing = self._sharing(desks)
        waiting = inputs.waiting
        own = max(waiting.get(code, 0), ahead + 1)  # this citizen is in the queue

        # Each served field's load, once (not once per counter and field): its waiting work shared by
        # the working counters that serve it.
        work = inputs.work
        load = {c: work[c] / n for c, n in sharing.items()}
        mine = load[code] = own * occupancy.get(code, WALK_UP_S) / sharing[code]

        if self.centre.call_policy == "field_order":
            shares = [(d, 0.0 if any(waiting.get(c, 0) for c in d.counter.fields[:d.counter.fields.index(code)])
                       else 1.0) for d in desks]
        else:
            shares = [(d, mine / (sum([load[c] for c in d.counter.fields]) or 1.0)) for d in desks]
        if not any(share for _, share in shares):  # every counter is taken by earlier fields for now
            shares = [(d, mine / (sum([load[c] for c in d.counter.fields]) or 1.0)) for d, _ in shares]
        rate = idle = 0.0  # citizens of this field served per second; idle capacity ready for one
        own_occupancy = occupancy[code]
        for d, share in shares:
            rate += share / (own_occupancy + d.cycle_extra_s)
            idle += 0 if d.busy else share
        seconds = max(0.0, ahead + RESIDUAL - idle) / rate if rate else 0.0
        if not priority and field.priority_rule == "first":
            # priority citizens who arrive meanwhile are called first
            seconds /= 1 - inputs.priority_share.get(code, 0.0)
        minutes = math.ceil(seconds / 60)  # 0: a free counter calls at once ("sắp đến lượt")
        if self._past_closing(field, inputs.local, seconds):
            return Placement(ahead, None, overloaded=True)
        return Placement(ahead, minutes)

    def _past_closing(self, field: Field, local: datetime, seconds: float) -> bool:
        """Whether a call *seconds* from *local* falls after the field's last ticket hour today."""
        key = (field.code, local.date())
        if key not in self._closings:  # once per field and day, not per estimate
            if len(self._closings) > 4 * len(self.centre.fields):
                self._closings.clear()
            self._closings[key] = self._closing(field, local)
        closing = self._closings[key]
        return closing is not None and local <= closing < local + timedelta(seconds=seconds)

    @staticmethod
    def _closing(field: Field, local: datetime) -> datetime | None:
        """The end of the field's last ticket hour on *local*'s day; ``None`` on a closed day or when it
        issues until midnight."""
        sessions = field.hours.days[local.weekday()]
        if not sessions:
            return None
        last = max(r.end for r in sessions)
        if last == time.max:
            return None
        return datetime.combine(local.date(), last, tzinfo=local.tzinfo)
