"""A realistic day at a centre, run through the real engine on a real database with a moved clock.

Citizens arrive with a morning peak (around 8:45) and a smaller afternoon one (around 14:00), pick fields
with uneven popularity, some are priority citizens; officers log in, call, serve for a random time that
depends on the field, recall and mark no-shows, transfer a few citizens to another field, and pause for
lunch once nobody they serve is left waiting. Every step is
a real, durable engine transaction, so the day's report comes from the event log like any other day.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from core.clock import ManualClock, iso
from core.config import Centre, Counter
from core.engine import QueueEngine
from core.errors import FieldClosed, FieldFull
from core.storage import immediate
from core.tickets import Priority

# The kiosk name on every simulated ticket: how a database tells simulated activity from a centre's own.
SIMULATED_KIOSK = "qms-simulate"
NO_SHOW_RATE = 0.05
TRANSFER_RATE = 0.03
PRIORITY_RATE = 0.08
MORNING_SHARE = 0.7


@dataclass
class DayOutcome:
    """What happened to the citizens of the simulated day, counted by the simulator itself."""

    arrived: int = 0
    issued: int = 0
    refused: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0


def with_counters(centre: Centre, count: int | None) -> Centre:
    """The centre with exactly *count* counters: the first ones of the configuration, and, beyond those,
    copies serving the same fields as the configured ones in turn."""
    if count is None or count == len(centre.counters):
        return centre
    counters = list(centre.counters[:count])
    top = max(c.number for c in centre.counters)
    for i in range(len(counters), count):
        model = centre.counters[i % len(centre.counters)]
        top += 1
        counters.append(Counter(number=top, name=f"Quầy {top}", location=model.location, fields=model.fields,
                                priority_only=model.priority_only))
    return replace(centre, counters=tuple(counters))


def default_day(today: date) -> date:
    """The day to simulate when none is given: *today* if it is a weekday, else the next Monday."""
    return today if today.weekday() < 5 else today + timedelta(days=7 - today.weekday())


def _arrival(rng: random.Random, day: date, tz: tzinfo) -> datetime:
    if rng.random() < MORNING_SHARE:
        minutes = min(max(rng.gauss(8 * 60 + 45, 60), 7 * 60), 11 * 60 + 25)
    else:
        minutes = min(max(rng.gauss(14 * 60, 50), 13 * 60), 16 * 60 + 25)
    return datetime.combine(day, time(0, 0), tzinfo=tz) + timedelta(minutes=minutes)


def simulate_day(engine: QueueEngine, clock: ManualClock, day: date, citizens: int, seed: int) -> DayOutcome:
    """Run one day with *citizens* arrivals through *engine*; *clock* must be the engine's clock."""
    return _SimulatedDay(engine, clock, day, seed).run(citizens)


# One moment on the day's agenda: when, a tie-breaker keeping the order events were planned in, what
# happens (a method of _SimulatedDay) and to whom (a counter number, a ticket id, a field code).
_Event = tuple[datetime, int, str, tuple[Any, ...]]


class _SimulatedDay:
    """The day's agenda of timed events, and what happens at each one.

    Citizens' arrivals are planned first; every event then plans the next ones (a counter that calls a
    citizen plans their walk to it, a start plans the finish, ...), and the clock jumps from one to the
    next. Events at the same moment happen in the order they were planned, so a seed gives one day.
    """

    def __init__(self, engine: QueueEngine, clock: ManualClock, day: date, seed: int) -> None:
        self.engine, self.clock, self.day = engine, clock, day
        self.centre = engine.centre
        self.rng = random.Random(seed)
        self.out = DayOutcome()
        # Fields further down the configuration are chosen less often, as in a real centre.
        self.field_weights = [1 / (i + 1) ** 0.6 for i in range(len(self.centre.fields))]
        self.mean_minutes = {f.code: f.avg_service_minutes for f in self.centre.fields}
        tz = self.centre.timezone
        self.opening = datetime.combine(day, time(7, 0), tzinfo=tz)
        self.lunch_start = datetime.combine(day, time(11, 30), tzinfo=tz)
        self.lunch_end = datetime.combine(day, time(13, 0), tzinfo=tz)
        self.midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        self.idle: set[int] = set()  # counters with nobody to call, waiting for a citizen they serve
        self._agenda: list[_Event] = []
        self._order = itertools.count()

    def run(self, citizens: int) -> DayOutcome:
        """Plan the arrivals, open the counters, play every event in time order, close the counters."""
        for _ in range(citizens):
            self.plan(_arrival(self.rng, self.day, self.centre.timezone), "arrive")
        self.open_counters()
        while self._agenda:
            moment, _, kind, payload = heapq.heappop(self._agenda)
            if moment >= self.midnight:
                # More citizens than the counters could serve today: as in a real centre, the day ends at
                # midnight, and what is left (citizens waiting or at a counter, the officers' sessions)
                # is closed with it by the next day's first change.
                return self.out
            self.clock.set(moment)
            getattr(self, kind)(moment, *payload)
        for c in self.centre.counters:
            self.engine.logout(c.number)
        return self.out

    def plan(self, moment: datetime, kind: str, *payload: object) -> None:
        """Put the event *kind* (a method's name) on the agenda at *moment*."""
        heapq.heappush(self._agenda, (moment, next(self._order), kind, payload))

    def open_counters(self) -> None:
        """Every counter's officer logs in before opening and is free to call at 7:00."""
        self.clock.set(self.opening - timedelta(minutes=5))
        _ensure_officers(self.engine, self.clock)
        for c in self.centre.counters:
            self.engine.login(c.number, _officer_name(c.number))
            self.plan(self.opening, "free", c.number)

    def arrive(self, moment: datetime) -> None:
        """A citizen takes a ticket (some for priority); an idle counter serving the field wakes up."""
        self.out.arrived += 1
        field = self.rng.choices(self.centre.fields, self.field_weights)[0]
        priority = self.rng.choice(list(Priority)[:4]) if self.rng.random() < PRIORITY_RATE else None
        try:
            ticket = self.engine.issue(field.code, priority, kiosk=SIMULATED_KIOSK)
        except (FieldClosed, FieldFull):
            self.out.refused += 1
            return
        self.out.issued += 1
        self.wake_idle_counter(ticket.field_code, moment + timedelta(seconds=10))

    def free(self, moment: datetime, number: int) -> None:
        """The counter calls the next citizen; with nobody to call it pauses for lunch or waits idle."""
        ticket = self.engine.call_next(number)
        if ticket is None and self.lunch_start <= moment < self.lunch_end:
            # nobody left before lunch: the officer pauses (tạm nghỉ) until the afternoon session
            self.engine.pause(number, "nghỉ trưa")
            self.plan(self.lunch_end, "back", number)
            return
        if ticket is None:
            self.idle.add(number)
            return
        walk = timedelta(seconds=self.rng.uniform(20, 90))
        if self.rng.random() < NO_SHOW_RATE:
            self.plan(moment + timedelta(minutes=1), "recall", number, ticket.id)
            self.plan(moment + timedelta(minutes=2), "no_show", number, ticket.id)
        else:
            self.plan(moment + walk, "start", number, ticket.id)

    def back(self, moment: datetime, number: int) -> None:
        """The officer is back from lunch and calls at once."""
        self.engine.unpause(number)
        self.plan(moment, "free", number)

    def recall(self, moment: datetime, number: int, ticket_id: int) -> None:
        """The called citizen has not come: the number is called again."""
        self.engine.recall(number, ticket_id)

    def no_show(self, moment: datetime, number: int, ticket_id: int) -> None:
        """Still nobody: marked absent, and the counter calls the next one."""
        self.engine.no_show(number, ticket_id)
        self.out.no_show += 1
        self.plan(moment + timedelta(seconds=5), "free", number)

    def start(self, moment: datetime, number: int, ticket_id: int) -> None:
        """The citizen reaches the counter; serving ends in a finish or, for a few, a transfer halfway."""
        ticket = self.engine.start(number, ticket_id)
        minutes = self.service_minutes(ticket.field_code)
        if self.rng.random() < TRANSFER_RATE and len(self.centre.fields) > 1:
            self.plan(moment + timedelta(minutes=minutes / 2), "transfer", number, ticket_id, ticket.field_code)
        else:
            self.plan(moment + timedelta(minutes=minutes), "finish", number, ticket_id)

    def finish(self, moment: datetime, number: int, ticket_id: int) -> None:
        """Served; the officer tidies up for a moment before calling again."""
        self.engine.finish(number, ticket_id)
        self.out.served += 1
        self.plan(moment + timedelta(seconds=self.rng.uniform(10, 40)), "free", number)

    def transfer(self, moment: datetime, number: int, ticket_id: int, current: str) -> None:
        """The citizen is sent to another field, where an idle counter may take them."""
        target = self.rng.choice([f for f in self.centre.fields if f.code != current])
        new = self.engine.transfer(number, ticket_id, to_field=target.code)
        self.out.transferred += 1
        self.plan(moment + timedelta(seconds=20), "free", number)
        self.wake_idle_counter(new.field_code, moment + timedelta(seconds=30))

    def wake_idle_counter(self, field_code: str, when: datetime) -> None:
        """The first idle counter serving *field_code* calls at *when*."""
        for number in sorted(self.idle):
            counter = self.centre.counter(number)
            if counter is not None and field_code in counter.fields:
                self.idle.discard(number)
                self.plan(when, "free", number)
                return

    def service_minutes(self, field_code: str) -> float:
        """A serving time around the field's average, with the long tail real dossiers have."""
        sigma = 0.5
        return self.rng.lognormvariate(math.log(self.mean_minutes[field_code]) - sigma**2 / 2, sigma)


def real_activity(db: Database) -> int:
    """Tickets in *db* that no simulation issued: a centre's own record, which a simulation must not mix
    invented citizens and officers into (the log is append-only and cannot be cleaned)."""
    return db.conn.execute("SELECT COUNT(*) FROM tickets WHERE transferred_from IS NULL AND kiosk IS NOT ?",
                           (SIMULATED_KIOSK,)).fetchone()[0]


def _officer_name(counter: int) -> str:
    return f"canbo{counter:02d}"


def _ensure_officers(engine: QueueEngine, clock: ManualClock) -> None:
    """One simulated officer per counter (no PIN: they never log in through the server)."""
    with immediate(engine.db):
        for c in engine.centre.counters:
            engine.db.conn.execute(
                "INSERT OR IGNORE INTO staff (username, full_name, role, active, created_at)"
                " VALUES (?, ?, 'officer', 1, ?)", (_officer_name(c.number), f"Cán bộ quầy {c.number}",
                                                     iso(clock.now())))
