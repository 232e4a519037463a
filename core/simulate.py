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
from datetime import date, datetime, time, timedelta

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


def _arrival(rng: random.Random, day: date, tz: object) -> datetime:
    if rng.random() < MORNING_SHARE:
        minutes = min(max(rng.gauss(8 * 60 + 45, 60), 7 * 60), 11 * 60 + 25)
    else:
        minutes = min(max(rng.gauss(14 * 60, 50), 13 * 60), 16 * 60 + 25)
    return datetime.combine(day, time(0, 0), tzinfo=tz) + timedelta(minutes=minutes)  # type: ignore[arg-type]


def simulate_day(engine: QueueEngine, clock: ManualClock, day: date, citizens: int, seed: int) -> DayOutcome:
    """Run one day with *citizens* arrivals through *engine*; *clock* must be the engine's clock."""
    centre, rng, out = engine.centre, random.Random(seed), DayOutcome()
    tz = centre.timezone
    weights = [1 / (i + 1) ** 0.6 for i in range(len(centre.fields))]
    order = itertools.count()
    heap: list[tuple[datetime, int, str, tuple]] = []

    def at(moment: datetime, kind: str, *payload: object) -> None:
        heapq.heappush(heap, (moment, next(order), kind, payload))

    for _ in range(citizens):
        at(_arrival(rng, day, tz), "arrive")
    opening = datetime.combine(day, time(7, 0), tzinfo=tz)
    lunch_start = datetime.combine(day, time(11, 30), tzinfo=tz)
    lunch_end = datetime.combine(day, time(13, 0), tzinfo=tz)
    clock.set(opening - timedelta(minutes=5))
    _ensure_officers(engine, clock)
    idle: set[int] = set()
    for c in centre.counters:
        engine.login(c.number, _officer_name(c.number))
        at(opening, "free", c.number)

    def service_minutes(field_code: str) -> float:
        mean = centre.field(field_code).avg_service_minutes  # type: ignore[union-attr]
        sigma = 0.5
        return rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)

    while heap:
        moment, _, kind, payload = heapq.heappop(heap)
        clock.set(moment)
        if kind == "arrive":
            out.arrived += 1
            field = rng.choices(centre.fields, weights)[0]
            priority = rng.choice(list(Priority)[:4]) if rng.random() < PRIORITY_RATE else None
            try:
                ticket = engine.issue(field.code, priority, kiosk=SIMULATED_KIOSK)
            except (FieldClosed, FieldFull):
                out.refused += 1
                continue
            out.issued += 1
            for number in sorted(idle):
                if ticket.field_code in centre.counter(number).fields:  # type: ignore[union-attr]
                    idle.discard(number)
                    at(moment + timedelta(seconds=10), "free", number)
                    break
        elif kind == "free":
            (number,) = payload
            ticket = engine.call_next(number)
            if ticket is None and lunch_start <= moment < lunch_end:
                # nobody left before lunch: the officer pauses (tạm nghỉ) until the afternoon session
                engine.pause(number, "nghỉ trưa")
                at(lunch_end, "back", number)
                continue
            if ticket is None:
                idle.add(number)
                continue
            walk = timedelta(seconds=rng.uniform(20, 90))
            if rng.random() < NO_SHOW_RATE:
                at(moment + timedelta(minutes=1), "recall", number, ticket.id)
                at(moment + timedelta(minutes=2), "no_show", number, ticket.id)
            else:
                at(moment + walk, "start", number, ticket.id)
        elif kind == "back":
            engine.unpause(*payload)
            at(moment, "free", *payload)
        elif kind == "recall":
            engine.recall(*payload)
        elif kind == "no_show":
            engine.no_show(*payload)
            out.no_show += 1
            at(moment + timedelta(seconds=5), "free", payload[0])
        elif kind == "start":
            number, ticket_id = payload
            ticket = engine.start(number, ticket_id)
            minutes = service_minutes(ticket.field_code)
            if rng.random() < TRANSFER_RATE and len(centre.fields) > 1:
                at(moment + timedelta(minutes=minutes / 2), "transfer", number, ticket_id, ticket.field_code)
            else:
                at(moment + timedelta(minutes=minutes), "finish", number, ticket_id)
        elif kind == "finish":
            engine.finish(*payload)
            out.served += 1
            at(moment + timedelta(seconds=rng.uniform(10, 40)), "free", payload[0])
        elif kind == "transfer":
            number, ticket_id, current = payload
            target = rng.choice([f for f in centre.fields if f.code != current])
            new = engine.transfer(number, ticket_id, to_field=target.code)
            out.transferred += 1
            at(moment + timedelta(seconds=20), "free", number)
            for other in sorted(idle):
                if new.field_code in centre.counter(other).fields:  # type: ignore[union-attr]
                    idle.discard(other)
                    at(moment + timedelta(seconds=30), "free", other)
                    break
    for c in centre.counters:
        engine.logout(c.number)
    return out


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
