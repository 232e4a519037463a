"""A system clock a test can set anywhere, backwards too, with a monotonic clock beside it: what
``core.clock.SteadyClock`` reads. Its behaviour is checked in ``tests/core/test_clock_and_midnight.py``."""

from __future__ import annotations

from datetime import datetime, timedelta


class SteppingClock:
    """A system clock that a test can set anywhere, backwards too, and a monotonic clock beside it."""

    def __init__(self, start: datetime) -> None:
        self.wall = start
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds

    def step(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
