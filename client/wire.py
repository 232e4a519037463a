"""The server's JSON as the client receives it, typed: what a snapshot, an event and a ticket hold.

These are ``TypedDict``s, so the values stay the plain dicts the server sent (``json.loads``), and a type
checker knows their keys. They mirror the server's response models key for key
(``tests/client/test_wire.py`` keeps them equal) without importing the server's code. So do the event
kinds and the URL slugs of ticket actions (the server's ``core/actions.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal, NotRequired, TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


class Kind(StrEnum):
    """The ``kind`` of an event: the server's vocabulary (``core/actions.py``, docs/server.md "Ticket
    actions"), mirrored because the client may not import ``core``; ``tests/client/test_wire.py`` keeps the
    two equal."""

    ISSUED = "issued"
    REFUSED = "refused"
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    RETURNED = "returned"
    TRANSFERRED = "transferred"
    TRANSFERRED_IN = "transferred_in"
    HELD = "held"
    RESUMED = "resumed"
    CANCELLED = "cancelled"
    REQUEUED = "requeued"
    EXPIRED = "expired"
    LOGIN = "login"
    LOGOUT = "logout"
    PAUSED = "paused"
    UNPAUSED = "unpaused"
    RATED = "rated"
    PRINT_RESULT = "print_result"
    PRINTER_STATUS = "printer_status"
    DEVICE_HEALTH = "device_health"
    FIELD_STATE = "field_state"
    MESSAGE = "message"
    MESSAGE_CLEARED = "message_cleared"
    CLOCK_STEP = "clock_step"


# The events that put a number on the wall (a display shows and speaks them).
CALL_KINDS = (Kind.CALLED, Kind.RECALLED)
# The URL slugs of the actions on one ticket (``POST /counters/{number}/tickets/{id}/{slug}``), as the
# server's ``core.actions.TicketSlug``.
TICKET_ACTIONS = ("recall", "start", "finish", "no-show", "return", "hold", "resume", "cancel")


class FieldRow(TypedDict):
    """A field and how many wait for it (a row of ``LiveQueue.fields``)."""

    code: str
    name_vi: str
    name_en: str
    waiting: int
    estimated_minutes: int | None
    overloaded: bool  # the wait would run past the field's hours today: say so rather than a number
    state: NotRequired[str]  # "issuing", "closed" (until opens_at) or "full"; from the snapshot and field_state
    opens_at: NotRequired[str | None]


class CounterTicket(TypedDict):
    """The ticket a counter is handling."""

    id: int
    label: str
    state: str
    field: str
    priority: str | None


class CounterRow(TypedDict):
    """A counter, its officer and its current ticket (a row of ``LiveQueue.counters``)."""

    number: int
    name: str
    location: str
    fields: list[str]
    priority_only: bool
    status: Literal["closed", "open", "paused"]
    officer: str | None
    officer_name: str | None
    pause_reason: str | None
    ticket: CounterTicket | None


class RecentCall(TypedDict):
    """A call or recall of today (a row of ``LiveQueue.recent_calls``)."""

    seq: int
    at: str
    kind: Literal["called", "recalled"]
    label: str
    field: str
    counter: int
    ticket_id: int
    priority: str | None


class Snapshot(TypedDict):
    """The whole live queue, consistent with event number ``seq`` (``GET /api/v1/snapshot``)."""

    seq: int
    service_day: str
    fields: list[FieldRow]
    counters: list[CounterRow]
    recent_calls: list[RecentCall]


class Event(TypedDict):
    """One entry of the event log, as the stream sends it in ``{"type": "event", "event": ...}``."""

    seq: int
    at: str
    kind: str
    service_day: str
    ticket_id: int | None
    field_code: str | None
    label: str | None
    counter: int | None
    username: str | None
    data: dict[str, Any]


class Rows(TypedDict, total=False):
    """The field and counter rows a live event's commit changed (each key only when it has rows)."""

    fields: list[FieldRow]
    counters: list[CounterRow]


class LiveEvent(Event):
    """An event as ``EventStream`` hands it on: a live one with the ``rows`` its message carried."""

    rows: NotRequired[Rows]


class Ticket(TypedDict):
    """A ticket as staff and kiosks see it (``ticket`` of an action's answer)."""

    id: int
    service_day: str
    field: str
    seq: int
    label: str
    priority: str | None
    priority_note: str | None
    state: str
    issued_at: str
    queue_at: str
    counter: int | None
    target_counter: int | None
    calls: int
    transferred_from: int | None


class Issued(TypedDict):
    """The answer to ``POST /api/v1/tickets``: the ticket and what to print on it."""

    ticket: Ticket
    ahead: int
    estimated_minutes: int | None  # 0: "sắp đến lượt"; None when no counter serves it, or overloaded
    overloaded: bool
    status_url: str
    centre: str
    field_name_vi: str
    field_name_en: str


def centre_zone(config: Mapping[str, Any] | None) -> ZoneInfo:
    """The centre's time zone from ``GET /api/v1/config`` (``centre.timezone``): the apps' clocks and the
    times printed on tickets are the centre's, whatever the PC's own zone. Vietnam's when the answer has
    none, or names one this PC's zone database does not know (logged)."""
    name = ((config or {}).get("centre") or {}).get("timezone") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r from the server; using %s", name, DEFAULT_TIMEZONE)
        return ZoneInfo(DEFAULT_TIMEZONE)
