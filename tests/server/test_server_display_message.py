"""The administrator's message on the displays: put, read, clear, expiry, bad input, a restart; and the
priority and pause reason the displays show, in the snapshot and the events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from core.clock import ManualClock
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process, login

MORNING = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội


@pytest.fixture
def centre(tmp_path: Path) -> Centre:
    return make_centre(tmp_path, "issue_interval_seconds = 0\n")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def client(centre: Centre, clock: ManualClock) -> Iterator[Any]:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as c:
        yield c


def current(client: Any, centre: Centre) -> dict[str, Any] | None:
    r = client.get("/api/v1/display/message", headers=bearer(centre.display))
    assert r.status_code == 200, r.text
    return r.json()["message"]


def put(client: Any, admin: str, body: dict[str, Any]) -> Any:
    return client.put("/api/v1/display/message", json=body, headers=bearer(admin))


def test_a_message_reaches_every_display_as_an_event_and_stays_until_cleared(client, centre):
    admin = login(client, "admin", None)
    with client.websocket_connect(f"/api/v1/events?since=0&token={centre.display}") as ws:
        r = put(client, admin, {"text": "  Hệ thống   tạm dừng 10 phút "})
        assert r.status_code == 200, r.text
        while (message := ws.receive_json())["type"] != "event" or message["event"]["kind"] != "message":
            pass  # the replay from 0 (ending with a snapshot) comes first
    assert message["event"]["data"] == {"text": "Hệ thống tạm dừng 10 phút", "until": None}
    assert message["event"]["username"] == "admin"
    assert current(client, centre)["text"] == "Hệ thống tạm dừng 10 phút"
    assert client.delete("/api/v1/display/message", headers=bearer(admin)).status_code == 200
    assert current(client, centre) is None


def test_a_message_with_minutes_is_gone_when_they_are_over(client, centre, clock):
    admin = login(client, "admin", None)
    assert put(client, admin, {"text": "Tạm dừng", "minutes": 10}).json()["until"] == "2026-11-30T02:10:00.000Z"
    clock.advance(minutes=9)
    assert current(client, centre)["text"] == "Tạm dừng"
    clock.advance(minutes=1)
    assert current(client, centre) is None


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   "}, {"text": "x" * 201}, {"text": "Tạm", "minutes": 0},
                                  {"text": "Tạm", "minutes": 1441}, {"minutes": 5}])
def test_a_bad_message_is_refused_in_both_languages_and_changes_nothing(client, centre, body):
    admin = login(client, "admin", None)
    before = client.get("/api/v1/health").json()["seq"]
    r = put(client, admin, body)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "validation" and error["message_vi"] and error["message_en"]
    assert client.get("/api/v1/health").json()["seq"] == before
    assert current(client, centre) is None


def test_a_restarted_server_still_knows_the_message(centre, clock):
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        put(client, login(client, "admin", None), {"text": "Bảo trì máy in"})
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        assert current(client, centre)["text"] == "Bảo trì máy in"


def test_priority_and_pause_reason_reach_the_snapshot_and_the_events(client, centre):
    client.post("/api/v1/tickets", json={"field": "DD", "priority": "elderly"}, headers=bearer(centre.kiosk))
    officer = login(client, "nguyenvanan", 1)
    called = client.post("/api/v1/counters/1/call-next", headers=bearer(officer)).json()["ticket"]
    other = login(client, "tranthibinh", 2)
    client.post("/api/v1/counters/2/pause", json={"reason": "Họp giao ban"}, headers=bearer(other))
    snap = client.get("/api/v1/snapshot", headers=bearer(centre.display)).json()
    counters = {c["number"]: c for c in snap["counters"]}
    assert counters[1]["ticket"]["priority"] == "elderly"
    assert counters[2]["status"] == "paused" and counters[2]["pause_reason"] == "Họp giao ban"
    assert snap["recent_calls"][0]["priority"] == "elderly"
    with client.websocket_connect(f"/api/v1/events?since=0&token={centre.display}") as ws:
        kinds = {}
        while "paused" not in kinds:
            event = ws.receive_json()["event"]
            kinds[event["kind"]] = event
    assert kinds["called"]["data"]["priority"] == "elderly" and kinds["called"]["ticket_id"] == called["id"]
    assert kinds["paused"]["data"]["reason"] == "Họp giao ban"
