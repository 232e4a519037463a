"""The stream's one encoding of an event (server/events.py): the event type's fields are the wire model's."""

from __future__ import annotations

import dataclasses
import json

from core.actions import Kind
from core.event import Event
from server.events import event_message
from server.models import EventOut


def test_the_event_type_has_the_wire_models_keys_in_order():
    event = Event(seq=1, at="2026-11-30T01:00:00Z", kind=Kind.ISSUED, service_day="2026-11-30")
    assert [f.name for f in dataclasses.fields(Event)] == list(EventOut.model_fields) == list(event.to_dict())


def test_a_stored_event_and_a_live_one_encode_alike():
    live = Event(seq=7, at="2026-11-30T01:00:00Z", kind=Kind.CALLED, service_day="2026-11-30", ticket_id=3,
                 field_code="DD", label="1001", counter=1, username="an", data={"priority": "elderly"})
    stored = Event.from_row({**live.to_dict(), "data": json.dumps(live.data)})
    assert event_message(stored) == event_message(live) == (
        '{"type":"event","event":{"seq":7,"at":"2026-11-30T01:00:00Z","kind":"called","service_day":"2026-11-30",'
        '"ticket_id":3,"field_code":"DD","label":"1001","counter":1,"username":"an","data":{"priority":"elderly"}}}')
