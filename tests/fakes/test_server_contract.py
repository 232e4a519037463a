"""The fake server speaks the real server's contract: each of its answers and stream messages is an
instance of the server's own response model, with no key more and no value coerced."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from websockets.sync.client import connect

from server.models import ErrorOut, EventOut, HealthOut, IssueOut, LoginOut, RowsOut, SnapshotOut
from tests.fakes.recorded import SNAPSHOT, event
from tests.fakes.server import OFFICER_TOKEN, TOKEN, FakeServer


def conforms(model: type[BaseModel], body: Any) -> None:
    """*body* validates as *model* and dumps back to itself: no extra key, no string standing for a number."""
    assert model.model_validate(body).model_dump(mode="json") == body


def test_recorded_snapshot_and_events_are_the_servers_shapes():
    conforms(SnapshotOut, SNAPSHOT)
    conforms(EventOut, event(11, "called", ticket_id=8, field="DD", label="1003", counter=2, username="hung"))


def test_health_login_and_snapshot_answer_in_the_servers_shapes(fake_server: FakeServer):
    with httpx.Client(base_url=fake_server.url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        conforms(HealthOut, http.get("/api/v1/health").json())
        conforms(SnapshotOut, http.get("/api/v1/snapshot").json())
        login = http.post("/api/v1/auth/login", json={"username": "lan", "pin": "123456", "counter": 1})
        conforms(LoginOut, login.json())
        assert login.json()["token"] == OFFICER_TOKEN


def test_issued_ticket_answers_in_the_servers_shape(fake_server: FakeServer):
    with httpx.Client(base_url=fake_server.url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        r = http.post("/api/v1/tickets", json={"field": "DD"})
    assert r.status_code == 201
    conforms(IssueOut, r.json())


@pytest.mark.parametrize(("path", "body", "token", "status"), [
    ("/api/v1/tickets", {"field": "XX"}, TOKEN, 404),
    ("/api/v1/auth/login", {"username": "lan", "pin": "0000", "counter": 1}, TOKEN, 401),
    ("/api/v1/tickets", {"field": "DD"}, "wrong", 401),
])
def test_refusals_carry_the_servers_error_body(fake_server: FakeServer, path, body, token, status):
    r = httpx.post(fake_server.url + path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == status
    conforms(ErrorOut, r.json())


def test_stream_messages_are_the_servers_snapshot_and_events(fake_server: FakeServer):
    fake_server.record("issued", ticket_id=101, field_code="DD", label="1101")
    url = fake_server.url.replace("http", "ws") + "/api/v1/events"
    with connect(f"{url}?token={TOKEN}", open_timeout=5) as ws:
        reload = json.loads(ws.recv(timeout=5))
    assert reload["type"] == "reload"
    conforms(SnapshotOut, reload["snapshot"])
    with connect(f"{url}?token={TOKEN}&since=0", open_timeout=5) as ws:
        replayed = json.loads(ws.recv(timeout=5))
        after_replay = json.loads(ws.recv(timeout=5))
        fake_server.record("called", ticket_id=101, field_code="DD", label="1101", counter=2, username="hung")
        live = json.loads(ws.recv(timeout=5))
    for message in (replayed, live):
        assert message["type"] == "event"
        conforms(EventOut, message["event"])
    assert [replayed["event"]["seq"], live["event"]["seq"]] == [1, 2]
    assert "rows" not in replayed and after_replay["type"] == "reload"
    conforms(SnapshotOut, after_replay["snapshot"])
    assert live["rows"]["fields"]
    conforms(RowsOut, {"fields": [], "counters": [], **live["rows"]})
