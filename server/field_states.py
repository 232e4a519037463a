"""Each field's state now (issuing / closed until HH:MM / full), kept current and pushed as events.

The server reads the states at start-up, then again on every minute (ticket hours are set in minutes)
and after each ticket. When a field's state changes, a ``field_state`` event goes into the log, so every
kiosk and display hears it on the live stream, and one that was away gets it replayed. The rules are
:mod:`core.availability`'s; this module only decides when to look.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from core.actions import Kind
from core.availability import ISSUING, Availability, field_availability
from core.config import Field
from core.engine import QueueEngine

log = logging.getLogger(__name__)


class FieldStates:
    """The last state of every field the log was told about; :meth:`check` and :meth:`issued` are writer
    jobs (they are handed the writing engine)."""

    def __init__(self) -> None:
        self.known: dict[str, dict[str, Any]] = {}

    def check(self, engine: QueueEngine, codes: tuple[str, ...] | None = None) -> list[str]:
        """Compare the fields' states now with the last ones; record a ``field_state`` event for each
        field that changed (none at the first look). Returns the codes that changed."""
        now = field_availability(engine.db, engine.centre, engine.clock.now(), codes)
        changed = []
        for code, state in now.items():
            value = state.to_dict()
            previous = self.known.get(code)
            self.known[code] = value
            if previous is not None and previous != value:
                engine.record(Kind.FIELD_STATE, value, field_code=code)
                changed.append(code)
        return changed

    def issued(self, engine: QueueEngine, field: Field, seq: int) -> None:
        """After number *seq* of *field* was issued: look again only when that can change its state (the
        last number of the day, or a field not yet known as issuing), not on every ticket."""
        if seq < field.daily_limit and self.known.get(field.code) == _ISSUING:
            return
        self.check(engine, (field.code,))


_ISSUING = Availability(ISSUING).to_dict()


def seconds_to_next_minute(now: datetime) -> float:
    """Seconds until the next minute starts, plus a little, so the check falls just after it."""
    return 60.0 - now.second - now.microsecond / 1e6 + 0.2


async def watch(run_on_writer: Callable[[Callable[[QueueEngine], object]], Awaitable[object]],
                states: FieldStates, now: Callable[[], datetime]) -> None:
    """Check the fields every minute until cancelled (the server's lifespan runs this)."""
    while True:
        await asyncio.sleep(seconds_to_next_minute(now()))
        with contextlib.suppress(Exception):  # a failed look is retried at the next minute
            await run_on_writer(states.check)
