"""Closing the service day.

Nobody is served overnight. Tickets of an earlier local day still waiting, called, in service or held
when a new day begins end as ``cancelled`` with an event of their own, ``expired`` (``data.reason =
"day_closed"``, ``data.state`` = the state it was left in), dated on the ticket's own service day so
the day's report counts them (column ``expired``) apart from citizens who cancelled. Counter sessions
opened before today end with a ``logout`` (``reason = "day_end"``), so an officer's token from
yesterday stops acting and the snapshot and the engine agree that the counter is closed.

The engine does this before the first change of a new day, and the server at start-up and at each
local midnight, so a citizen's page tells the truth even when nothing else happens overnight.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from core.actions import Kind
from core.clock import parse_iso, service_day

if TYPE_CHECKING:
    from core.engine import QueueEngine

LIVE_STATES = ("waiting", "called", "serving", "held")


def close_earlier_days(engine: QueueEngine, at: str) -> int:
    """End every live ticket of a day before *at*'s local day and the sessions opened before it;
    return how many tickets ended. Runs inside the caller's write transaction."""
    today = service_day(parse_iso(at), engine.centre.timezone)
    marks = ", ".join("?" for _ in LIVE_STATES)
    rows = engine.db.conn.execute(
        f"SELECT id FROM tickets WHERE state IN ({marks}) AND service_day < ? ORDER BY id",
        (*LIVE_STATES, today)).fetchall()
    for (ticket_id,) in rows:
        ticket = engine._ticket(ticket_id)
        ended = engine._update(ticket, at, state="cancelled")
        engine._event(at, Kind.EXPIRED, ticket=ended, counter=ticket.counter,
                      data={"reason": "day_closed", "state": ticket.state.value})
    engine._close_stale_sessions(at)
    return len(rows)


def next_midnight(now: datetime, engine: QueueEngine) -> datetime:
    """The next local midnight after *now*."""
    local = now.astimezone(engine.centre.timezone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=engine.centre.timezone)
