"""The administrator's message on every wall display ("Hệ thống tạm dừng 10 phút").

A message is an event in the log like any other change (``message``, ``message_cleared``): every display
receives it live, a display that was away gets it replayed, and a restarted server still knows it. It
lasts until it is cleared, until its expiry, or until the end of the service day it was posted on.
This module holds the rules; the server posts and reads, the display shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.actions import Kind
from core.clock import iso, parse_iso
from core.event import Event
from core.storage import dict_rows

MAX_TEXT = 200  # characters: two lines on a TV, readable from the back of the hall
MAX_MINUTES = 24 * 60
POSTED, CLEARED = Kind.MESSAGE, Kind.MESSAGE_CLEARED
KINDS = (POSTED, CLEARED)


@dataclass(frozen=True)
class Message:
    """A message as the displays show it."""

    seq: int
    text: str
    at: str
    until: str | None
    service_day: str
    by: str | None

    def active(self, now: datetime, service_day: str) -> bool:
        """Still to be shown at *now* (a day's message ends with the day)."""
        if service_day != self.service_day:
            return False
        return self.until is None or now < parse_iso(self.until)

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "text": self.text, "at": self.at, "until": self.until,
                "service_day": self.service_day, "by": self.by}


def message_data(text: str, now: datetime, minutes: int | None) -> dict[str, Any]:
    """The event data of a new message (text trimmed; expiry *minutes* from *now*, or none)."""
    return {"text": " ".join(text.split()), "until": iso(now + timedelta(minutes=minutes)) if minutes else None}


def from_event(event: Event) -> Message | None:
    """The message an event puts up (``None`` for one that clears it or is about something else)."""
    if event.kind != POSTED:
        return None
    data = event.data
    return Message(seq=event.seq, text=str(data.get("text", "")), at=event.at, until=data.get("until"),
                   service_day=event.service_day, by=event.username)


def latest(conn: Any) -> Message | None:
    """The newest message event in the log, if its last word was not a clearing (read once at start-up:
    the server then follows the events it commits)."""
    rows = dict_rows(conn.execute("SELECT * FROM events WHERE kind IN (?, ?) ORDER BY seq DESC LIMIT 1", KINDS))
    return from_event(Event.from_row(rows[0])) if rows else None
