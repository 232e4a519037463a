"""What the display tests feed the display: the centre's configuration and call events, in the wire format."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from tests.fakes.recorded import SNAPSHOT

START = datetime.fromisoformat("2025-03-03T08:30:00+07:00")

CONFIG: dict[str, Any] = {
    "centre": {"name": "Trung tâm Phục vụ hành chính công thử", "address": "", "timezone": "Asia/Ho_Chi_Minh"},
    "fields": [{"code": "DD", "name_vi": "Đất đai", "name_en": "Land", "numbers": "1001-1999"},
               {"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status", "numbers": "2001-2999"}],
    "counters": [{"number": n, "name": f"Quầy {n}", "location": "Tầng 1", "fields": ["DD", "HT"],
                  "priority_only": False} for n in (1, 2, 3, 4, 5)],
    "tables": {"display": {"ticker": ["Giờ làm việc 7:00–17:00"]}, "voice": {}},
}


def snapshot() -> dict[str, Any]:
    """The recorded snapshot with five counters, all open (a burst needs five)."""
    snap = copy.deepcopy(SNAPSHOT)
    snap["fields"][0]["waiting"] = 40
    snap["fields"][1]["waiting"] = 40
    snap["counters"] = [{"number": n, "name": f"Quầy {n}", "location": "Tầng 1", "fields": ["DD", "HT"],
                         "priority_only": False, "status": "open", "officer": f"o{n}", "officer_name": f"Cán bộ {n}",
                         "pause_reason": None, "ticket": None} for n in (1, 2, 3, 4, 5)]
    snap["recent_calls"] = []
    return snap


class Events:
    """Numbers events from the snapshot's seq on, stamped with a time the test controls, each with the
    field and counter rows it changed, as the server's live stream sends them."""

    def __init__(self, seq: int = 10, at: datetime = START) -> None:
        self.seq = seq
        self.at = at
        self.ticket_id = 100
        snap = snapshot()
        self.fields = {f["code"]: f for f in snap["fields"]}
        self.counters = {c["number"]: c for c in snap["counters"]}

    def make(self, kind: str, **values: Any) -> dict[str, Any]:
        self.seq += 1
        data = values.pop("data", {})
        event = {"seq": self.seq, "at": self.at.isoformat(), "kind": kind, "service_day": "2025-03-03",
                 "ticket_id": None, "field_code": None, "label": None, "counter": None, "username": None,
                 "data": data}
        event.update(values)
        rows = self._rows(event)
        if rows:
            event["rows"] = rows
        return event

    def _rows(self, event: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """What the server would read after *event*: the rows it changed (copies)."""
        kind, field, counter = event["kind"], self.fields.get(event["field_code"] or ""), self.counters.get(
            event["counter"] or 0)
        fields, counters = [], []
        if field and kind in ("issued", "called"):
            field["waiting"] += 1 if kind == "issued" else -1
            fields.append(field)
        if counter and kind in ("called", "recalled", "started"):
            counter["ticket"] = {"id": event["ticket_id"], "label": event["label"],
                                 "state": "serving" if kind == "started" else "called", "field": event["field_code"],
                                 "priority": event["data"].get("priority")}
            counters.append(counter)
        elif counter and kind in ("finished", "no_show", "held", "transferred", "cancelled"):
            counter["ticket"] = None
            counters.append(counter)
        elif counter and kind in ("paused", "unpaused", "login", "logout"):
            counter["status"] = {"paused": "paused", "logout": "closed"}.get(kind, "open")
            counter["pause_reason"] = event["data"].get("reason") if kind == "paused" else None
            if kind == "logout":
                counter["officer"] = counter["officer_name"] = None
            counters.append(counter)
        rows = {"fields": copy.deepcopy(fields), "counters": copy.deepcopy(counters)}
        return {key: value for key, value in rows.items() if value}

    def call(self, label: str, counter: int, field: str = "DD", kind: str = "called", ticket_id: int | None = None,
             priority: str | None = None) -> dict[str, Any]:
        if ticket_id is None:
            self.ticket_id += 1
            ticket_id = self.ticket_id
        return self.make(kind, ticket_id=ticket_id, field_code=field, label=label, counter=counter,
                         username=f"o{counter}", data={"priority": priority} if priority else {})

    def later(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
