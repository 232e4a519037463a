"""Which call is on top of the wall display, and whether it flashes: first in, first out, none skipped.

Five counters may call within one second. Every call is listed at once (the recent-calls list), but the
big line on top shows them one after the other, in the order they came, each for at least
``call_seconds`` and never while the voice is still speaking it, so a citizen who reads or hears "1005 →
Quầy 3" has time for both. A new call flashes for ``highlight_seconds`` (1 Hz: well under the 3 Hz where
flashing starts to hurt, and under the 2 Hz the issue allows) and then stays steady. A recall of a number
still waiting its turn is not queued twice (it takes the newer counter); a recall of the number on top
now comes round again after it, as the officer meant. Calls that are too old when they arrive (a backlog
replayed after a reconnect) are listed but neither flash nor go through the queue: the newest of them
simply stands on top, steady.

Pure Python with an injected clock (seconds, monotonic), so tests step it; the window drives it with one
named timer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from client.state import priority_of


@dataclass(frozen=True)
class ShownCall:
    """A call as the display shows it."""

    seq: int
    ticket: str
    counter: int
    field: str | None
    kind: str  # "called" or "recalled"
    at: str  # when the server recorded it (ISO)
    priority: str | None = None

    @classmethod
    def from_event(cls, event: dict) -> ShownCall:
        return cls(seq=event["seq"], ticket=event["label"], counter=event["counter"], field=event.get("field_code"),
                   kind=event["kind"], at=event["at"], priority=priority_of(event))

    @classmethod
    def from_row(cls, row: dict) -> ShownCall:
        """From a ``recent_calls`` row of the snapshot."""
        return cls(seq=row["seq"], ticket=row["label"], counter=row["counter"], field=row.get("field"),
                   kind=row["kind"], at=row["at"], priority=row.get("priority"))


def ticket_key(ticket: str) -> str:
    """"a-005" and "A005" are one ticket (the voice queue compares them the same way)."""
    return ticket.upper().replace(" ", "").replace("-", "")


def age_seconds(call: ShownCall, now: datetime) -> float:
    """How long ago the server recorded *call*."""
    return (now - datetime.fromisoformat(call.at)).total_seconds()


class CallSequencer:
    """The call on top and the ones waiting their turn; tells when the top one flashes."""

    def __init__(self, clock: Callable[[], float], call_seconds: float = 4.0, highlight_seconds: float = 6.0) -> None:
        self._clock = clock
        self.call_seconds = call_seconds
        self.highlight_seconds = highlight_seconds
        self.current: ShownCall | None = None
        self.pending: deque[ShownCall] = deque()
        self._since = 0.0  # when the current call came on top
        self._flash = False  # the current call is a fresh one (flashes for highlight_seconds)
        self._speaking = 0  # seq of the call the voice is speaking (0: none)

    def add(self, call: ShownCall, fresh: bool = True) -> None:
        """A call arrived: queue it (fresh), or stand it on top steady if it is old news and nothing waits."""
        if not fresh:
            if not self.pending and (self.current is None or call.seq > self.current.seq) and not self._busy():
                self.current, self._flash, self._since = call, False, self._clock()
            return
        key = ticket_key(call.ticket)
        for i, waiting in enumerate(self.pending):
            if ticket_key(waiting.ticket) == key:
                self.pending[i] = ShownCall(waiting.seq, waiting.ticket, call.counter, call.field or waiting.field,
                                            waiting.kind, waiting.at, waiting.priority or call.priority)
                return
        self.pending.append(call)
        self.advance()

    def load(self, calls: list[ShownCall]) -> None:
        """After a snapshot: the newest call stands on top (steady) unless the queue is busy; with no call
        today (a new day has begun), yesterday's last call leaves the top."""
        if not calls and not self.pending and not self._busy():
            self.current = None
        if calls and not self.pending and not self._busy():
            newest = max(calls, key=lambda c: c.seq)
            if self.current is None or newest.seq >= self.current.seq:
                self.current, self._flash = newest, False

    def _busy(self) -> bool:
        """The current call still has its turn: flashing, within its minimum time, or being spoken."""
        if self.current is None or not self._flash:
            return False
        return (self._clock() - self._since < self.call_seconds
                or self._speaking == self.current.seq)

    def advance(self) -> bool:
        """Bring the next waiting call on top if the current one has had its turn; True if it changed."""
        if not self.pending or self._busy():
            return False
        self.current, self._flash, self._since = self.pending.popleft(), True, self._clock()
        return True

    def flashing(self) -> bool:
        """True while the call on top is a fresh one within its highlight time."""
        return self._flash and self._clock() - self._since < self.highlight_seconds

    def next_deadline(self) -> float | None:
        """Seconds until something changes by itself (the flash ends, the next call may come on top)."""
        if self.current is None or not self._flash:
            return None
        elapsed = self._clock() - self._since
        times = [t - elapsed for t in (self.call_seconds, self.highlight_seconds) if t > elapsed]
        return min(times) if times else None

    def speaking(self, seq: int) -> None:
        """The voice started the call *seq* (0: it fell silent); the call on top waits for its voice."""
        self._speaking = seq
        if not seq:
            self.advance()
