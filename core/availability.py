"""Whether a field issues numbers now: ``issuing``, ``closed`` until its next ticket session, or ``full``.

The kiosk shows this on each field's button ("Ngoài giờ cấp số — mở lại lúc 13:00", "Đã hết số hôm
nay"); the rules are the ones :meth:`core.engine.QueueEngine.issue` applies, kept here in one place so
the kiosk never recomputes them. A field that reached its daily limit is ``full`` for the rest of the
day, whatever its hours; otherwise a field outside its hours is ``closed`` and says when it opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.config import Centre, Field, Hours

ISSUING, CLOSED, FULL = "issuing", "closed", "full"
LOOKAHEAD_DAYS = 8  # a week of hours, and the same weekday once more


@dataclass(frozen=True)
class Availability:
    """A field's state now; ``opens_at`` (local time) only when ``closed`` and it opens within a week."""

    state: str
    opens_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"state", "opens_at"}`` with ``opens_at`` as local ISO time or ``None``."""
        return {"state": self.state,
                "opens_at": self.opens_at.isoformat(timespec="minutes") if self.opens_at else None}


def next_opening(hours: Hours, local: datetime) -> datetime | None:
    """The start of the first ticket session after *local* (an aware local time), or ``None``."""
    for offset in range(LOOKAHEAD_DAYS):
        day = (local + timedelta(days=offset)).date()
        for session in hours.days[day.weekday()]:
            start = datetime.combine(day, session.start, tzinfo=local.tzinfo)
            if start > local:
                return start
    return None


def availability(field: Field, local: datetime, issued_today: int) -> Availability:
    """The state of *field* at *local* after *issued_today* numbers of its daily series."""
    if issued_today >= field.daily_limit:
        return Availability(FULL)
    if not field.hours.is_open(local):
        return Availability(CLOSED, next_opening(field.hours, local))
    return Availability(ISSUING)


def field_availability(db: Database, centre: Centre, now: datetime,
                       codes: tuple[str, ...] | None = None) -> dict[str, Availability]:
    """Every field's state at *now* (UTC), or only those in *codes*; one read of today's series."""
    local = now.astimezone(centre.timezone)
    issued = dict(db.conn.execute("SELECT field_code, last_seq FROM series WHERE service_day = ?",
                                  (local.date().isoformat(),)).fetchall())
    return {f.code: availability(f, local, issued.get(f.code, 0)) for f in centre.fields
            if codes is None or f.code in codes}
