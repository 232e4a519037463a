"""Tickets, their states and the legal moves between them (DESIGN.md, "The ticket")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from core.actions import Action
from core.clock import parse_iso
from core.errors import (
    IllegalTransition,
    TicketNotAbsent,
    TicketNotCalled,
    TicketNotHeld,
    TicketNotServing,
    TicketNotWaiting,
)


class State(StrEnum):
    """Where a ticket is in its life."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    HELD = "held"
    CANCELLED = "cancelled"


class Priority(StrEnum):
    """Why a citizen is served first."""

    ELDERLY = "elderly"
    DISABILITY = "disability"
    PREGNANCY = "pregnancy"
    APPOINTMENT = "appointment"
    OTHER = "other"


W, C, S, H = State.WAITING, State.CALLED, State.SERVING, State.HELD
A = Action

# action -> (states it may start from, state it leads to, error raised otherwise)
TRANSITIONS: dict[Action, tuple[frozenset[State], State, type[IllegalTransition]]] = {
    A.CALL: (frozenset({W}), C, TicketNotWaiting),
    A.RECALL: (frozenset({C}), C, TicketNotCalled),
    A.START: (frozenset({C}), S, TicketNotCalled),
    A.FINISH: (frozenset({S}), State.DONE, TicketNotServing),
    A.NO_SHOW: (frozenset({C}), State.NO_SHOW, TicketNotCalled),
    A.RETURN: (frozenset({C}), W, TicketNotCalled),
    A.TRANSFER: (frozenset({W, C, S}), State.TRANSFERRED, IllegalTransition),
    A.HOLD: (frozenset({C, S}), H, IllegalTransition),
    A.RESUME: (frozenset({H}), S, TicketNotHeld),
    A.CANCEL: (frozenset({W, C, H}), State.CANCELLED, IllegalTransition),
    # a citizen marked absent who comes back, as the centre's no-show policy allows (NO_SHOW_POLICY)
    A.CALL_AGAIN: (frozenset({State.NO_SHOW}), C, TicketNotAbsent),
    A.REQUEUE: (frozenset({State.NO_SHOW}), W, TicketNotAbsent),
}

# no-show policy ([centre] no_show) -> the action it allows on a no-show of today
NO_SHOW_POLICY: dict[str, Action | None] = {"recall": A.CALL_AGAIN, "requeue": A.REQUEUE, "final": None}


@dataclass(frozen=True)
class Ticket:
    """One row of the ``tickets`` table: the current state of a ticket."""

    id: int
    token: str
    service_day: str
    field_code: str
    seq: int
    label: str
    priority: Priority | None
    priority_note: str | None
    state: State
    issued_at: datetime
    queue_at: datetime
    counter: int | None
    target_counter: int | None
    calls: int
    kiosk: str | None
    transferred_from: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Ticket:
        """Build from a database row."""
        return cls(
            id=row["id"], token=row["token"], service_day=row["service_day"], field_code=row["field_code"],
            seq=row["seq"], label=row["label"],
            priority=Priority(row["priority"]) if row["priority"] else None,
            priority_note=row["priority_note"], state=State(row["state"]),
            issued_at=parse_iso(row["issued_at"]), queue_at=parse_iso(row["queue_at"]),
            counter=row["counter"], target_counter=row["target_counter"], calls=row["calls"],
            kiosk=row["kiosk"], transferred_from=row["transferred_from"],
        )

    def check(self, action: Action) -> State:
        """The state *action* leads to; raise the action's :class:`IllegalTransition` if not allowed."""
        allowed, target, error = TRANSITIONS[action]
        if self.state not in allowed:
            raise error(label=self.label, state=self.state.value, action=str(action))
        return target

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (times in ISO 8601)."""
        return {
            "id": self.id, "service_day": self.service_day, "field": self.field_code, "seq": self.seq,
            "label": self.label, "priority": self.priority.value if self.priority else None,
            "priority_note": self.priority_note, "state": self.state.value,
            "issued_at": self.issued_at.isoformat(), "queue_at": self.queue_at.isoformat(),
            "counter": self.counter, "target_counter": self.target_counter, "calls": self.calls,
            "transferred_from": self.transferred_from,
        }
