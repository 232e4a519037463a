"""The rows a committed group of events changed: what the live stream sends beside the events.

After every commit the writer reads, on its own connection and in the same job, the field rows (waiting,
estimate, state) and counter rows (officer, status, ticket in hand) the events may have touched, and keeps
those that differ from what it sent before. A client replaces its rows by key: it never re-derives the
queue from the events, and the estimates it shows are the server's, fresh after every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.actions import Kind
from core.board import QueueBoard
from core.event import Event

# Kinds that change no field row and no counter row. A recall calls the same citizen again: the ticket stays
# at the counter in the same state, and no count or pace moves.
QUIET = frozenset({Kind.PRINT_RESULT, Kind.PRINTER_STATUS, Kind.MESSAGE, Kind.MESSAGE_CLEARED, Kind.CLOCK_STEP,
                   Kind.RATED, Kind.REFUSED, Kind.RECALLED})
# Kinds that change field rows only (the officer of a guidance desk issuing leaves the counter as it was).
FIELDS_ONLY = frozenset({Kind.ISSUED, Kind.TRANSFERRED_IN, Kind.FIELD_STATE})
# Kinds that change counter rows only: the citizen called has reached the counter (its ticket goes from
# called to serving); the queues, the paces and which counters are busy are as the call left them, so
# every field's estimate is too.
COUNTERS_ONLY = frozenset({Kind.STARTED})
# The keys of a field row that ``Availability.to_dict()`` gives (the field's state).
STATE_KEYS = ("state", "opens_at")


class LiveRows:
    """The last field and counter rows sent, and the ones a group of events changed since."""

    def __init__(self, board: QueueBoard) -> None:
        self.board = board
        self.day = board.service_day()
        self.fields = {row["code"]: row for row in board.fields()}
        self.counters = {row["number"]: row for row in board.counters()}

    def forget(self) -> None:
        """Forget the rows sent: while nobody listens they are not read after each commit, so the next
        look sends every row (a client that connected meanwhile holds a fresher snapshot than these)."""
        self.fields.clear()
        self.counters.clear()

    def changed(self, events: Sequence[Event]) -> dict[str, list[dict[str, Any]]]:
        """``{"fields": [...], "counters": [...]}``: the rows that differ after *events* were committed
        (each key only when it has rows). Reads on the writer's connection, after its commit."""
        kinds = {e.kind for e in events}
        day = self.board.service_day()
        new_day, self.day = day != self.day, day
        out: dict[str, list[dict[str, Any]]] = {}
        # Estimates of every field move together: counters share fields, and a counter opening, pausing
        # or finishing a citizen changes the pace of each field it serves.
        if new_day or kinds - QUIET - COUNTERS_ONLY:
            # A field's state (issuing / closed / full) changes only with a ``field_state`` event or a new
            # day: otherwise the states last sent stand, and today's series is not read again per ticket.
            look = new_day or Kind.FIELD_STATE in kinds or len(self.fields) < len(self.board.centre.fields)
            states = None if look else {code: {k: row[k] for k in STATE_KEYS if k in row}
                                        for code, row in self.fields.items()}
            out["fields"] = _differ(self.fields, self.board.fields(states), "code")
        if new_day or kinds - QUIET - FIELDS_ONLY:
            out["counters"] = _differ(self.counters, self.board.counters(), "number")
        return {key: rows for key, rows in out.items() if rows}


def _differ(known: dict[Any, dict[str, Any]], rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The rows of *rows* not equal to those in *known* (which it then updates)."""
    changed = []
    for row in rows:
        if known.get(row[key]) != row:
            known[row[key]] = row
            changed.append(row)
    return changed
