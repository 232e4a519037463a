"""A recorded snapshot and event builder in the server's wire format, shared by the client tests."""

from __future__ import annotations

import copy
from typing import Any

SNAPSHOT: dict[str, Any] = {
    "seq": 10, "service_day": "2025-03-03",
    "fields": [
        {"code": "DD", "name_vi": "Đất đai", "name_en": "Land", "waiting": 3, "estimated_minutes": 24,
         "overloaded": False, "state": "issuing", "opens_at": None},
        {"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status", "waiting": 1, "estimated_minutes": 5,
         "overloaded": False, "state": "issuing", "opens_at": None},
    ],
    "counters": [
        {"number": 1, "name": "Quầy 1", "location": "Tầng 1", "fields": ["DD"], "priority_only": False,
         "status": "open", "officer": "lan", "officer_name": "Nguyễn Thị Lan", "pause_reason": None,
         "ticket": {"id": 7, "label": "1002", "state": "serving", "field": "DD", "priority": None}},
        {"number": 2, "name": "Quầy 2", "location": "Tầng 1", "fields": ["DD", "HT"], "priority_only": False,
         "status": "open", "officer": "hung", "officer_name": "Trần Văn Hùng", "pause_reason": None,
         "ticket": None},
        {"number": 3, "name": "Quầy 3", "location": "Tầng 1", "fields": ["HT"], "priority_only": False,
         "status": "closed", "officer": None, "officer_name": None, "pause_reason": None, "ticket": None},
    ],
    "recent_calls": [
        {"seq": 9, "at": "2025-03-03T08:01:00+07:00", "kind": "called", "label": "1002", "field": "DD",
         "counter": 1, "ticket_id": 7, "priority": None},
    ],
}


def snapshot(**changes: Any) -> dict[str, Any]:
    """A deep copy of the recorded snapshot with top-level *changes*."""
    snap = copy.deepcopy(SNAPSHOT)
    snap.update(changes)
    return snap


def event(seq: int, kind: str, ticket_id: int | None = None, field: str | None = None, label: str | None = None,
          counter: int | None = None, username: str | None = None, day: str = "2025-03-03",
          rows: dict[str, list[dict[str, Any]]] | None = None, **data: Any) -> dict[str, Any]:
    """One event as the stream sends it inside ``{"type": "event", "event": ...}``; with *rows* (the
    message's ``rows``) as ``EventStream`` hands a live event on."""
    body = {"seq": seq, "at": f"2025-03-03T08:{seq % 60:02d}:00+07:00", "kind": kind, "service_day": day,
            "ticket_id": ticket_id, "field_code": field, "label": label, "counter": counter,
            "username": username, "data": data}
    if rows is not None:
        body["rows"] = rows
    return body


def field_row(code: str, **changes: Any) -> dict[str, Any]:
    """The recorded snapshot's row of field *code* with *changes*, as a live message carries it."""
    row = next(f for f in SNAPSHOT["fields"] if f["code"] == code)
    return {**copy.deepcopy(row), **changes}


def counter_row(number: int, **changes: Any) -> dict[str, Any]:
    """The recorded snapshot's row of counter *number* with *changes*, as a live message carries it."""
    row = next(c for c in SNAPSHOT["counters"] if c["number"] == number)
    return {**copy.deepcopy(row), **changes}
