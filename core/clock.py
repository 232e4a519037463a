"""Clocks. Core code never reads the system time itself: it is given a clock, so tests and the
simulator can move time (across lunch, across local midnight) without waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
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
