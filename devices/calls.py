"""What each counter is doing and what the signs and the hall board should show, from the server's snapshot
and event stream (and from the answers to the bridge's own requests, which arrive before their events).

Pure: events in, texts out. The bridge pushes the texts to the buses; a counter PC can use the same class
for its own sign.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

ENDING = frozenset({"finished", "no_show", "returned", "transferred", "cancelled", "held"})


@dataclass
class CounterState:
    """One counter as the bridge sees it."""

    number: int
    officer: str | None = None
    paused: bool = False
    ticket_id: int | None = None
    label: str = ""
    state: str | None = None  # "called" or "serving" while a ticket is in hand
    shown: str = ""  # what its sign shows: the last number called there (kept after it is served)


@dataclass(frozen=True)
class Call:
    """A call on the hall board."""

    label: str
    counter: int


class CallBoard:
    """Counters and the latest calls, newest first."""

    def __init__(self, counters: list[int], rows: int = 16) -> None:
        self.counters = {n: CounterState(n) for n in counters}
        self.calls: deque[Call] = deque(maxlen=rows)
        self.seq = 0

    def load(self, snapshot: dict[str, Any]) -> None:
        """Start again from a snapshot (``{"type": "reload"}``)."""
        self.seq = int(snapshot.get("seq", 0))
        for c in self.counters.values():
            c.officer, c.paused, c.ticket_id, c.label, c.state, c.shown = None, False, None, "", None, ""
        recent = list(snapshot.get("recent_calls", []))
        self.calls.clear()
        for call in reversed(recent[: self.calls.maxlen]):
            self.calls.appendleft(Call(call["label"], call["counter"]))
        last_at: dict[int, str] = {}
        for call in recent:  # newest first: the first one seen is the counter's last call
            last_at.setdefault(call["counter"], call["label"])
        for row in snapshot.get("counters", []):
            known = self.counters.get(row["number"])
            if known is None:
                continue
            c = known
            c.officer, c.paused = row.get("officer"), row.get("status") == "paused"
            ticket = row.get("ticket")
            if ticket:
                c.ticket_id, c.label, c.state = ticket["id"], ticket["label"], ticket["state"]
            c.shown = (ticket["label"] if ticket else last_at.get(c.number, "")) if c.officer else ""

    def apply(self, event: dict[str, Any]) -> bool:
        """Take one event; ``True`` when a sign or the board changed."""
        self.seq = max(self.seq, int(event.get("seq", 0)))
        kind, number = event.get("kind"), event.get("counter")
        c = self.counters.get(number) if number is not None else None
        if kind in ("called", "recalled") and number is not None:
            label = event.get("label") or ""
            self.calls.appendleft(Call(label, int(number)))
            if c is not None:
                c.ticket_id, c.label, c.state, c.shown = event.get("ticket_id"), label, "called", label
            return True
        if c is None:
            return False
        if kind == "login":
            c.officer, c.paused = event.get("username"), False
        elif kind == "logout":
            c.officer, c.paused, c.ticket_id, c.label, c.state, c.shown = None, False, None, "", None, ""
            return True
        elif kind == "paused":
            c.paused = True
        elif kind == "unpaused":
            c.paused = False
        elif event.get("ticket_id") == c.ticket_id and c.ticket_id is not None:
            if kind in ("started", "resumed"):
                c.state = "serving"
            elif kind in ENDING:
                c.ticket_id, c.label, c.state = None, "", None
        elif kind == "resumed":
            c.ticket_id, c.label, c.state = event.get("ticket_id"), event.get("label") or "", "serving"
        return False

    def answered(self, number: int, step: str, ticket: dict[str, Any] | None) -> None:
        """What the server answered to one of the bridge's own steps at counter *number*: the next key
        press is planned from it without waiting for the event."""
        c = self.counters[number]
        if step in ("pause", "unpause"):
            c.paused = step == "pause"
        elif step == "logout":
            c.officer, c.ticket_id, c.label, c.state = None, None, "", None
        elif step == "transfer":
            c.ticket_id, c.label, c.state = None, "", None
        elif ticket is not None:
            if ticket.get("state") in ("called", "serving") and ticket.get("counter") == number:
                c.ticket_id, c.label, c.state = ticket["id"], ticket["label"], ticket["state"]
            elif ticket.get("id") == c.ticket_id:
                c.ticket_id, c.label, c.state = None, "", None

    def sign_text(self, number: int) -> str:
        """What the signs of counter *number* show."""
        c = self.counters.get(number)
        return c.shown if c else ""

    def board_rows(self, rows: int, width: int) -> list[str]:
        """The board's rows, newest call first: the number on the left, the counter on the right."""
        out = []
        for call in list(self.calls)[:rows]:
            counter = str(call.counter)
            out.append(call.label[: width - len(counter) - 1].ljust(width - len(counter)) + counter)
        return out + [""] * (rows - len(out))
