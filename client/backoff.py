"""The reconnect schedule: exponential backoff from 0.25 s, doubling, capped at 5 s, with jitter.

Pure Python so it is tested without Qt. Jitter only shortens a delay (by up to ``jitter`` of it): after a
server restart seventy counters and the wall TVs then come back spread out, and no wait exceeds the cap.
"""

from __future__ import annotations

import random


class Backoff:
    """Successive reconnect delays in seconds; ``reset()`` after a connection that worked."""

    def __init__(self, base: float = 0.25, cap: float = 5.0, factor: float = 2.0, jitter: float = 0.1,
                 rng: random.Random | None = None) -> None:
        if base <= 0 or cap < base or factor < 1 or not 0 <= jitter < 1:
            raise ValueError("backoff needs 0 < base <= cap, factor >= 1 and 0 <= jitter < 1")
        self.base, self.cap, self.factor, self.jitter = base, cap, factor, jitter
        self.rng = rng or random.Random()
        self.attempts = 0

    def peek(self) -> float:
        """The un-jittered delay the next ``next_delay()`` is based on."""
        return min(self.cap, self.base * self.factor ** min(self.attempts, 64))

    def next_delay(self) -> float:
        """The delay before the next attempt; each call counts one attempt."""
        delay = self.peek() * (1 - self.jitter * self.rng.random())
        self.attempts += 1
        return delay

    def reset(self) -> None:
        """Start again from the base delay."""
        self.attempts = 0
