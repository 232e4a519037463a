"""The one vocabulary of ticket actions: what an officer (or the centre's rules) does to a ticket, the URL
slug a client posts it to, and the kind of event the log records for it (docs/server.md, "Ticket actions").

An action is a verb (``call``); its event is what happened (``called``); its URL slug is the verb as a
path segment (``no-show``). Event kinds are stored in every centre's database and slugs are what existing
clients send, so neither may change: they are written here once, and everything else reads them from here.
The client mirrors the slugs and kinds in ``client/wire.py`` (it may not import ``core``); a test keeps the
two equal.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """A move of a ticket from one state to another (``core.tickets.TRANSITIONS``)."""

    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    RETURN = "return"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME = "resume"
    CANCEL = "cancel"
    CALL_AGAIN = "call_again"  # a citizen marked absent who came back is called (no-show policy ``recall``)
    REQUEUE = "requeue"  # ... or waits again at their place (no-show policy ``requeue``)


class Kind(StrEnum):
    """The ``kind`` of an event row (docs/schema.md): what happened. The values are stored; never change
    one."""

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


# action -> the event it records. The one place where a verb meets its past participle.
EVENT_OF: dict[Action, Kind] = {
    Action.CALL: Kind.CALLED,
    Action.RECALL: Kind.RECALLED,
    Action.START: Kind.STARTED,
    Action.FINISH: Kind.FINISHED,
    Action.NO_SHOW: Kind.NO_SHOW,
    Action.RETURN: Kind.RETURNED,
    Action.TRANSFER: Kind.TRANSFERRED,  # and Kind.TRANSFERRED_IN for the new row
    Action.HOLD: Kind.HELD,
    Action.RESUME: Kind.RESUMED,
    Action.CANCEL: Kind.CANCELLED,
    Action.CALL_AGAIN: Kind.CALLED,  # with data.again: a display calls the number like any other
    Action.REQUEUE: Kind.REQUEUED,
}


class TicketSlug(StrEnum):
    """The URL slug of an action on one ticket: ``POST /api/v1/counters/{number}/tickets/{id}/{slug}``.

    Named as its :class:`Action` (:data:`ACTION_OF`), spelled as a path segment (``no-show``). The other
    actions have their own paths: ``call-next`` and ``call`` (CALL, or CALL_AGAIN for an absent citizen),
    ``requeue`` (REQUEUE, by number), ``tickets/{id}/transfer`` (TRANSFER, with a body)."""

    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no-show"
    RETURN = "return"
    HOLD = "hold"
    RESUME = "resume"
    CANCEL = "cancel"


# URL slug -> action
ACTION_OF: dict[TicketSlug, Action] = {slug: Action[slug.name] for slug in TicketSlug}

# The events that put a number on the wall (a display shows and speaks them).
CALL_KINDS = (Kind.CALLED, Kind.RECALLED)
