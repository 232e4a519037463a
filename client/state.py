"""The live queue as the apps draw it: field rows, counter rows, recent calls — kept current by the stream.

``QueueState`` is pure Python (no Qt). It starts from a server snapshot (``GET /api/v1/snapshot`` or a
stream ``reload``) and then takes the stream's messages: a live event comes with the field and counter
rows its commit changed (``event["rows"]``, put there by ``EventStream``), which replace the rows of the
same key. Nothing is derived from the events but the list of recent calls (a call event is that call),
so waiting counts and estimates are always the server's own. Replayed events carry no rows; the server
ends every replay with a snapshot.
"""

from __future__ import annotations

import copy
from typing import Any

from client.wire import CALL_KINDS

RECENT_CALLS = 10  # the server's snapshot holds the ten latest calls of the day

FIELDS, COUNTERS, RECENT = "fields", "counters", "recent_calls"


def priority_of(event: dict[str, Any]) -> str | None:
    """The priority kind an event's ticket carries (the server adds it to every event of such a ticket)."""
    return (event.get("data") or {}).get("priority")


class QueueState:
    """Field rows, counter rows and recent calls of one centre, and the event ``seq`` they reflect."""

    def __init__(self, recent_limit: int = RECENT_CALLS) -> None:
        self.recent_limit = recent_limit
        self.seq = 0
        self.service_day: str | None = None
        self.fields: dict[str, dict[str, Any]] = {}
        self.counters: dict[int, dict[str, Any]] = {}
        self.recent_calls: list[dict[str, Any]] = []
        self.loaded = False

    # ----------------------------------------------------------------- snapshots

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Replace the whole state with *snapshot*."""
        self.seq = snapshot["seq"]
        self.service_day = snapshot.get("service_day")
        self.fields = {f["code"]: dict(f) for f in snapshot.get("fields", [])}
        self.counters = {c["number"]: copy.deepcopy(c) for c in snapshot.get("counters", [])}
        self.recent_calls = [dict(c) for c in snapshot.get("recent_calls", [])][: self.recent_limit]
        self.loaded = True

    def snapshot(self) -> dict[str, Any]:
        """The state in the shape of ``GET /api/v1/snapshot``, for comparison and for tests."""
        return {"seq": self.seq, "service_day": self.service_day,
                "fields": [dict(f) for f in self.fields.values()],
                "counters": [copy.deepcopy(c) for c in self.counters.values()],
                "recent_calls": [dict(c) for c in self.recent_calls]}

    def waiting(self) -> dict[str, int]:
        """Waiting tickets per field code."""
        return {code: f["waiting"] for code, f in self.fields.items()}

    # ----------------------------------------------------------------- events

    def apply_event(self, event: dict[str, Any]) -> set[str]:
        """Apply one stream event and the rows it carries; returns the parts that changed (``fields``,
        ``counters``, ``recent_calls``). Events at or below ``seq`` were seen already and change nothing."""
        seq = event["seq"]
        if seq <= self.seq:
            return set()
        self.seq = seq
        changed: set[str] = set()
        day = event.get("service_day")
        if day and self.service_day and day > self.service_day:
            # A new local day: the server's recent calls are today's only. (Tickets that expired overnight
            # keep their own, earlier day: dates only move forward here.)
            self.service_day = day
            self.recent_calls = []
            changed.add(RECENT)
        rows = event.get("rows") or {}
        for row in rows.get(FIELDS, ()):
            self.fields[row["code"]] = dict(row)
            changed.add(FIELDS)
        for row in rows.get(COUNTERS, ()):
            self.counters[row["number"]] = copy.deepcopy(row)
            changed.add(COUNTERS)
        if event["kind"] in CALL_KINDS:
            self.recent_calls.insert(0, {"seq": seq, "at": event["at"], "kind": event["kind"],
                                         "label": event["label"], "field": event["field_code"],
                                         "counter": event["counter"], "ticket_id": event["ticket_id"],
                                         "priority": priority_of(event)})
            del self.recent_calls[self.recent_limit:]
            changed.add(RECENT)
        return changed
