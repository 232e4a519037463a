"""The live queue as the apps draw it: waiting per field, counters, recent calls — kept current by events.

``QueueState`` is pure Python (no Qt): it starts from a server snapshot (``GET /api/v1/snapshot`` or a
stream ``reload``) and applies events one by one, so it is tested with recorded events. Where an event
alone does not tell the previous state of a ticket (a ``cancelled`` ticket issued before the snapshot could
have been waiting or held), it makes its best guess and sets ``stale``: the owner then fetches a fresh
snapshot, which ``apply_snapshot`` lays under the events already applied after it.
"""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

RECENT_CALLS = 10  # the server's snapshot holds the ten latest calls of the day
JOURNAL = 1000  # events kept to replay on top of a snapshot older than what was applied

FIELDS, COUNTERS, RECENT = "fields", "counters", "recent_calls"


def priority_of(event: dict[str, Any]) -> str | None:
    """The priority kind an event's ticket carries (the server adds it to every event of such a ticket)."""
    return (event.get("data") or {}).get("priority")


class QueueState:
    """Waiting counts, counters and recent calls of one centre, and the event ``seq`` they reflect."""

    def __init__(self, recent_limit: int = RECENT_CALLS) -> None:
        self.recent_limit = recent_limit
        self.seq = 0
        self.service_day: str | None = None
        self.fields: dict[str, dict[str, Any]] = {}
        self.counters: dict[int, dict[str, Any]] = {}
        self.recent_calls: list[dict[str, Any]] = []
        self.loaded = False
        self.stale = False  # an event was applied on a guess: ask the server for a snapshot
        self._tickets: dict[int, dict[str, Any]] = {}  # id -> {"state", "field", "counter"} seen so far
        self._names: dict[str, str] = {}  # officer username -> full name, from snapshots
        self._journal: deque[dict[str, Any]] = deque(maxlen=JOURNAL)

    # ----------------------------------------------------------------- snapshots

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Replace the state with *snapshot*, then re-apply journalled events newer than it.

        A snapshot fetched while events kept flowing is often older than the state; laying it under
        the newer events keeps both its corrections and those events."""
        newer = [e for e in self._journal if e["seq"] > snapshot["seq"]]
        self.seq = snapshot["seq"]
        self.service_day = snapshot.get("service_day")
        self.fields = {f["code"]: dict(f) for f in snapshot.get("fields", [])}
        self.counters = {c["number"]: copy.deepcopy(c) for c in snapshot.get("counters", [])}
        self.recent_calls = [dict(c) for c in snapshot.get("recent_calls", [])][: self.recent_limit]
        self._tickets = {}
        for c in self.counters.values():
            if c.get("officer") and c.get("officer_name"):
                self._names[c["officer"]] = c["officer_name"]
            t = c.get("ticket")
            if t:
                self._tickets[t["id"]] = {"state": t["state"], "field": t["field"], "counter": c["number"]}
        self.loaded, self.stale = True, False
        self._journal.clear()
        continuous = all(e["seq"] == snapshot["seq"] + i + 1 for i, e in enumerate(newer))
        for event in newer:
            self.apply_event(event)
        if not continuous:
            self.stale = True

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
        """Apply one stream event; returns the parts that changed (``fields``, ``counters``,
        ``recent_calls``). Events at or below ``seq`` were seen already and change nothing."""
        seq = event["seq"]
        if seq <= self.seq:
            return set()
        if self.loaded and seq != self.seq + 1:
            self.stale = True  # a gap: something happened that this state never saw
        self.seq = seq
        self._journal.append(event)
        changed: set[str] = set()
        day = event.get("service_day")
        if day and self.service_day and day != self.service_day:
            # A new local day: the server counts only today's waiting tickets and calls.
            self.service_day = day
            for f in self.fields.values():
                f["waiting"] = 0
            self.recent_calls = []
            self.stale = True
            changed |= {FIELDS, RECENT}
        handler = getattr(self, "_on_" + event["kind"], None)
        if handler is not None:
            changed |= handler(event)
        return changed

    def _previous(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """What this state knows about the event's ticket before the event; ``None`` for a ticket last
        seen in the snapshot away from any counter (waiting, or held)."""
        tid = event.get("ticket_id")
        if tid in self._tickets:
            return self._tickets[tid]
        for c in self.counters.values():
            if c.get("ticket") and c["ticket"]["id"] == tid:
                return {"state": c["ticket"]["state"], "field": c["ticket"]["field"], "counter": c["number"]}
        return None

    def _add_waiting(self, code: str | None, n: int) -> set[str]:
        f = self.fields.get(code or "")
        if f is None:
            self.stale = True  # a field this state does not know: the configuration changed
            return set()
        if f["waiting"] + n < 0:
            self.stale = True  # more left the queue than this state saw join it
        f["waiting"] = max(0, f["waiting"] + n)
        return {FIELDS}

    def _set_counter_ticket(self, event: dict[str, Any], state: str) -> set[str]:
        counter = self.counters.get(event.get("counter"))
        self._tickets[event["ticket_id"]] = {"state": state, "field": event["field_code"],
                                             "counter": event.get("counter")}
        if counter is None:
            self.stale = True
            return set()
        counter["ticket"] = {"id": event["ticket_id"], "label": event["label"], "state": state,
                             "field": event["field_code"], "priority": priority_of(event)}
        return {COUNTERS}

    def _clear_counter_ticket(self, ticket_id: int) -> set[str]:
        for c in self.counters.values():
            if c.get("ticket") and c["ticket"]["id"] == ticket_id:
                c["ticket"] = None
                return {COUNTERS}
        return set()

    def _add_call(self, event: dict[str, Any]) -> set[str]:
        self.recent_calls.insert(0, {"seq": event["seq"], "at": event["at"], "kind": event["kind"],
                                     "label": event["label"], "field": event["field_code"],
                                     "counter": event["counter"], "ticket_id": event["ticket_id"],
                                     "priority": priority_of(event)})
        del self.recent_calls[self.recent_limit:]
        return {RECENT}

    def _on_issued(self, event: dict[str, Any]) -> set[str]:
        self._tickets[event["ticket_id"]] = {"state": "waiting", "field": event["field_code"], "counter": None}
        return self._add_waiting(event["field_code"], +1)

    def _on_called(self, event: dict[str, Any]) -> set[str]:
        # Only a waiting ticket can be called, so an unknown one was waiting.
        before = self._previous(event)
        changed = set()
        if before is None or before["state"] == "waiting":
            changed |= self._add_waiting(event["field_code"], -1)
        return changed | self._set_counter_ticket(event, "called") | self._add_call(event)

    def _on_recalled(self, event: dict[str, Any]) -> set[str]:
        return self._set_counter_ticket(event, "called") | self._add_call(event)

    def _on_started(self, event: dict[str, Any]) -> set[str]:
        return self._set_counter_ticket(event, "serving")

    _on_resumed = _on_started

    def _leave(self, event: dict[str, Any], state: str | None, unknown_was_waiting: bool) -> set[str]:
        """The ticket left its counter or the queue for *state* (``None``: forget it)."""
        tid = event["ticket_id"]
        before = self._previous(event)
        changed = self._clear_counter_ticket(tid)
        if before is None:
            if unknown_was_waiting:
                changed |= self._add_waiting(event["field_code"], -1)
            else:
                self.stale = True  # waiting or held before: the snapshot will tell
                changed |= self._add_waiting(event["field_code"], -1)
        elif before["state"] == "waiting":
            changed |= self._add_waiting(before["field"], -1)
        if state is None:
            self._tickets.pop(tid, None)
        else:
            self._tickets[tid] = {"state": state, "field": event["field_code"], "counter": None}
        return changed

    def _on_finished(self, event: dict[str, Any]) -> set[str]:
        return self._leave(event, None, unknown_was_waiting=False)

    _on_no_show = _on_finished
    # left unserved when its day closed (the server's own event after midnight)
    _on_expired = _on_finished

    def _on_held(self, event: dict[str, Any]) -> set[str]:
        return self._leave(event, "held", unknown_was_waiting=False)

    def _on_transferred(self, event: dict[str, Any]) -> set[str]:
        # Transfer starts from waiting, called or serving; an unknown ticket was waiting.
        return self._leave(event, None, unknown_was_waiting=True)

    def _on_cancelled(self, event: dict[str, Any]) -> set[str]:
        return self._leave(event, None, unknown_was_waiting=False)

    def _on_returned(self, event: dict[str, Any]) -> set[str]:
        changed = self._clear_counter_ticket(event["ticket_id"])
        self._tickets[event["ticket_id"]] = {"state": "waiting", "field": event["field_code"], "counter": None}
        return changed | self._add_waiting(event["field_code"], +1)

    def _on_transferred_in(self, event: dict[str, Any]) -> set[str]:
        return self._on_issued(event)

    def _counter_status(self, event: dict[str, Any], **values: Any) -> set[str]:
        counter = self.counters.get(event.get("counter"))
        if counter is None:
            self.stale = True
            return set()
        counter.update(values)
        return {COUNTERS}

    def _on_login(self, event: dict[str, Any]) -> set[str]:
        name = self._names.get(event.get("username") or "")
        if name is None:
            self.stale = True  # the officer's full name comes only with a snapshot
        return self._counter_status(event, status="open", officer=event.get("username"), officer_name=name,
                                    pause_reason=None)

    def _on_logout(self, event: dict[str, Any]) -> set[str]:
        return self._counter_status(event, status="closed", officer=None, officer_name=None, pause_reason=None)

    def _on_paused(self, event: dict[str, Any]) -> set[str]:
        return self._counter_status(event, status="paused", pause_reason=(event.get("data") or {}).get("reason"))

    def _on_unpaused(self, event: dict[str, Any]) -> set[str]:
        return self._counter_status(event, status="open", pause_reason=None)

    def _on_field_state(self, event: dict[str, Any]) -> set[str]:
        # A field began or stopped issuing numbers (ticket hours, daily cap): the server decides.
        f = self.fields.get(event.get("field_code") or "")
        if f is None:
            self.stale = True
            return set()
        data = event.get("data") or {}
        f["state"], f["opens_at"] = data.get("state", "issuing"), data.get("opens_at")
        return {FIELDS}
