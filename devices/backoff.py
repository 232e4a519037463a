"""How long to wait before opening a lost port or stream again: from 0.25 s, doubling, at most 5 s.

(The client's own schedule lives in ``client/``, which ``devices`` may not import: the layers keep the
devices free of the Qt client, so a headless bridge needs none of it.)
"""

from __future__ import annotations


class Backoff:
    """Successive delays in seconds; ``reset()`` after a connection that worked."""

    def __init__(self, base: float = 0.25, cap: float = 5.0) -> None:
        if not 0 < base <= cap:
            raise ValueError("backoff needs 0 < base <= cap")
        self.base, self.cap, self.attempts = base, cap, 0

    def next_delay(self) -> float:
        """The delay before the next attempt; each call counts one attempt."""
        delay = min(self.cap, self.base * 2 ** min(self.attempts, 32))
        self.attempts += 1
        return delay

    def reset(self) -> None:
        self.attempts = 0
