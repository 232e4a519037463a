"""One event of the log: a row of the ``events`` table (docs/schema.md), as the engine appends it and as
the board reads it back.

The same frozen value goes to the listeners after a commit, to the live stream and to a replay, so what a
client receives does not depend on where the event came from: :meth:`Event.to_dict` is its one wire form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, in sequence order (``seq``): a ticket's move, a login, a print result.

    ``kind`` is one of :mod:`core.actions`' event kinds; ``data`` holds what is particular to the kind
    (``{}`` when nothing is)."""

    seq: int
    at: str
    kind: str
    service_day: str
    ticket_id: int | None = None
    field_code: str | None = None
    label: str | None = None
    counter: int | None = None
    username: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Event:
        """Build from a row of the ``events`` table (``data`` stored as JSON text, or NULL)."""
        return cls(seq=row["seq"], at=row["at"], kind=row["kind"], service_day=row["service_day"],
                   ticket_id=row["ticket_id"], field_code=row["field_code"], label=row["label"],
                   counter=row["counter"], username=row["username"],
                   data=json.loads(row["data"]) if row["data"] else {})

    def to_dict(self) -> dict[str, Any]:
        """The wire form (docs/server.md, "Live events"): every column, keys in this fixed order."""
        return {"seq": self.seq, "at": self.at, "kind": self.kind, "service_day": self.service_day,
                "ticket_id": self.ticket_id, "field_code": self.field_code, "label": self.label,
                "counter": self.counter, "username": self.username, "data": self.data}
