"""Clocks. Core code never reads the system time itself: it is given a clock, so tests and the
simulator can move time (across lunch, across local midnight) without waiting."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from time import monotonic as system_monotonic
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved; used by the simulator and tests."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """The time the clock was last set to."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to *moment* (forwards only: the event log never goes back in time)."""
        moment = moment.astimezone(UTC)
        if moment < self._now:
            raise ValueError("time cannot go backwards")
        self._now = moment

    def advance(self, **delta: float) -> None:
        """Move forward by ``timedelta(**delta)``."""
        self.set(self._now + timedelta(**delta))


def iso(moment: datetime) -> str:
    """The stored form of a time: UTC, millisecond precision, ``Z`` suffix (readable by SQLite's
    date functions and by people)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Inverse of :func:`iso`."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The centre's local date at *moment*: the day of the number series, the reports and the sessions."""
    return moment.astimezone(zone).date()


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """The start of *day* in the centre's time zone (an aware datetime)."""
    return datetime.combine(day, time(0), tzinfo=zone)


def service_day(moment: datetime, zone: tzinfo) -> str:
    """The service day at *moment* in the centre's time zone, stored form (``YYYY-MM-DD``)."""
    return local_day(moment, zone).isoformat()


def midnight_before(moment: datetime, zone: tzinfo) -> str:
    """The local midnight that began *moment*'s day, stored form: what opened before it belongs to an
    earlier day (a counter session never closed, a ticket left over)."""
    return iso(local_midnight(local_day(moment, zone), zone))


@dataclass(frozen=True)
class ClockStep:
    """The system clock jumped by *seconds* (negative: set back) against the time kept."""

    seconds: float
    wall: datetime
    kept: datetime


class SteadyClock:
    """The system time, made safe for the event log: it never goes backwards.

    The wall clock can be set back (by hand, by a bad time server, by a PC whose battery died); then
    waiting and serving times would come out negative and the service day could go back to yesterday,
    starting yesterday's number series again. This clock follows *source* while it moves forward; when it
    goes back, it keeps counting from the last time it gave with the monotonic clock until the wall clock
    catches up. *not_before* (the newest time already in the database) carries this across restarts.
    A jump of more than *tolerance* seconds either way is reported to *on_step* once.
    """

    def __init__(self, source: Clock | None = None, monotonic: Callable[[], float] = system_monotonic,
                 tolerance: float = 2.0) -> None:
        self.source = source or SystemClock()
        self.monotonic = monotonic
        self.tolerance = tolerance
        self.on_step: Callable[[ClockStep], None] | None = None
        self.last_step: ClockStep | None = None
        self._last: datetime | None = None
        self._last_wall: datetime | None = None
        self._last_mono = 0.0
        self._lock = threading.Lock()

    def not_before(self, moment: datetime | None) -> None:
        """Never tell a time earlier than *moment* (the newest event already written)."""
        if moment is None:
            return
        with self._lock:
            if self._last is None or moment > self._last:
                self._last, self._last_mono = moment.astimezone(UTC), self.monotonic()

    def now(self) -> datetime:
        """The wall time, or — while the wall clock is behind what was already told — the last time told
        plus the monotonic time since."""
        step = None
        with self._lock:
            wall, mono = self.source.now(), self.monotonic()
            if self._last is None:
                kept = wall
            else:
                elapsed = timedelta(seconds=mono - self._last_mono)
                kept = wall if wall >= self._last else self._last + elapsed
                # A step: the wall clock moved other than the time that passed since it was last read
                # (the first reading after a restart is held against the newest time in the database).
                expected = self._last_wall + elapsed if self._last_wall is not None else max(wall, self._last)
                drift = (wall - expected).total_seconds()
                if abs(drift) > self.tolerance:
                    step = self.last_step = ClockStep(seconds=round(drift, 3), wall=wall, kept=kept)
            self._last, self._last_mono, self._last_wall = kept, mono, wall
        if step is not None and self.on_step is not None:
            self.on_step(step)
        return kept
