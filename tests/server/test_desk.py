"""The server parts of the officers' counter app: counters for the login screen without a credential,
the counter's own view (its role check, its waiting list), calls out of turn in the event log and the
staff report, tickets issued by a guidance desk's officer, and officer tokens that outlive a restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from core.clock import ManualClock
from core.storage import connect
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import PINS, Centre, make_centre
from tests.fakes.http import bearer, in_process, login


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def issue(client, centre: Centre, field: str = "DD", **extra: object) -> dict:
    return ok(client.post("/api/v1/tickets", json={"field": field, **extra}, headers=bearer(centre.kiosk)), 201)


def events(centre: Centre, kind: str) -> list[dict]:
    db = connect(centre.data.database, migrate=False)
    rows = db.conn.execute("SELECT kind, label, counter, username, data FROM events WHERE kind = ? ORDER BY seq",
                           (kind,)).fetchall()
    db.conn.close()
    return [{"label": r[1], "counter": r[2], "username": r[3], "data": json.loads(r[4] or "{}")} for r in rows]


def test_login_screen_lists_counters_without_a_credential(client) -> None:
    body = ok(client.get("/api/v1/public/counters"))
    assert [c["number"] for c in body["counters"]][:3] == [1, 2, 3]
    assert set(body["counters"][0]) == {"number", "name", "location", "fields"} and body["counters"][0]["name"]
    assert {"code", "name_vi", "name_en"} == set(body["fields"][0])
    assert "officer" not in json.dumps(body) and body["centre"]


def test_counter_view_lists_its_fields_only_with_times_and_figures(client, centre: Centre) -> None:
    config = ok(client.get("/api/v1/public/counters"))
    fields_of_1 = next(c["fields"] for c in config["counters"] if c["number"] == 1)
    other = next(f["code"] for f in config["fields"] if f["code"] not in fields_of_1)
    mine = [issue(client, centre, fields_of_1[0]), issue(client, centre, fields_of_1[0], priority="elderly")]
    issue(client, centre, other)
    officer = bearer(login(client, "nguyenvanan", 1))
    view = ok(client.get("/api/v1/counters/1/queue", headers=officer))
    assert [t["label"] for t in view["waiting"]] == [mine[1]["ticket"]["label"], mine[0]["ticket"]["label"]]
    assert view["fields"][0] == {"field": fields_of_1[0], "waiting": 2, "priority": 1,
                                 "oldest_queue_at": view["fields"][0]["oldest_queue_at"]}
    assert view["current"] is None and view["counter"]["status"] == "open"

    called = ok(client.post("/api/v1/counters/1/call-next", headers=officer))["ticket"]
    ok(client.post(f"/api/v1/counters/1/tickets/{called['id']}/recall", headers=officer))
    ok(client.post(f"/api/v1/counters/1/tickets/{called['id']}/start", headers=officer))
    view = ok(client.get("/api/v1/counters/1/queue", headers=officer))
    current = view["current"]
    assert current["label"] == called["label"] and current["calls"] == 2 and current["state"] == "serving"
    assert current["issued_at"] <= current["first_called_at"] <= current["called_at"] <= current["started_at"]
    ok(client.post(f"/api/v1/counters/1/tickets/{called['id']}/hold", headers=officer))
    view = ok(client.get("/api/v1/counters/1/queue", headers=officer))
    assert view["current"] is None and [t["label"] for t in view["held"]] == [called["label"]]
    ok(client.post(f"/api/v1/counters/1/tickets/{called['id']}/resume", headers=officer))
    ok(client.post(f"/api/v1/counters/1/tickets/{called['id']}/finish", headers=officer))
    view = ok(client.get("/api/v1/counters/1/queue", headers=officer))
    assert view["today"]["served"] == 1 and view["today"]["serve_avg_seconds"] is not None
    assert [t["label"] for t in view["waiting"]] == [mine[0]["ticket"]["label"]]


def test_a_ticket_sent_to_another_counter_is_not_in_this_counters_list(client, centre: Centre) -> None:
    fields_of_1 = next(c["fields"] for c in ok(client.get("/api/v1/public/counters"))["counters"]
                       if c["number"] == 1)
    issue(client, centre, fields_of_1[0])
    first = bearer(login(client, "nguyenvanan", 1))
    tid = ok(client.post("/api/v1/counters/1/call-next", headers=first))["ticket"]["id"]
    counters = ok(client.get("/api/v1/public/counters"))["counters"]
    target = next(c["number"] for c in counters if c["number"] != 1 and fields_of_1[0] in c["fields"])
    ok(client.post(f"/api/v1/counters/1/tickets/{tid}/transfer", json={"counter": target}, headers=first))
    assert ok(client.get("/api/v1/counters/1/queue", headers=first))["waiting"] == []
    there = bearer(login(client, "tranthibinh", target))
    assert len(ok(client.get(f"/api/v1/counters/{target}/queue", headers=there))["waiting"]) == 1


def test_calls_out_of_turn_are_marked_with_the_reason(client, centre: Centre) -> None:
    fields_of_1 = next(c["fields"] for c in ok(client.get("/api/v1/public/counters"))["counters"]
                       if c["number"] == 1)
    first, second = (issue(client, centre, fields_of_1[0])["ticket"] for _ in range(2))
    officer = bearer(login(client, "nguyenvanan", 1))
    late = ok(client.post("/api/v1/counters/1/call", json={"label": second["label"], "reason": "Quay lại bổ sung"},
                          headers=officer))["ticket"]
    ok(client.post(f"/api/v1/counters/1/tickets/{late['id']}/no-show", headers=officer))
    ok(client.post("/api/v1/counters/1/call", json={"label": first["label"]}, headers=officer))  # its turn
    calls = events(centre, "called")
    assert calls[0]["data"] == {"out_of_turn": True, "reason": "Quay lại bổ sung"}
    assert calls[1]["data"] == {}
    moved = ok(client.post(f"/api/v1/counters/1/tickets/{first['id']}/transfer", json={"counter": 2},
                           headers=officer))
    assert moved["ticket"]["target_counter"] == 2
    assert events(centre, "transferred")[0]["data"]["out_of_turn"] is True
    admin = bearer(login(client, "admin", None))
    staff = ok(client.get("/api/v1/reports?by=staff", headers=admin))
    assert next(r for r in staff if r["officer"] == "nguyenvanan")["out_of_turn"] == 2


def test_a_guidance_desk_officer_issues_priority_tickets_recorded_as_such(client, centre: Centre) -> None:
    officer = bearer(login(client, "nguyenvanan", 1))
    body = ok(client.post("/api/v1/tickets", json={"field": "DD", "priority": "disability"}, headers=officer), 201)
    assert body["ticket"]["priority"] == "disability" and body["ticket"]["state"] == "waiting"
    issued = events(centre, "issued")[-1]
    assert issued["username"] == "nguyenvanan" and issued["counter"] == 1
    assert issued["data"]["issued_by"] == "officer" and issued["data"]["kiosk"] is None
    display = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.display))
    assert display.status_code == 403


def test_an_officer_token_survives_a_restart_and_ends_at_logout(server_factory) -> None:
    server, centre = server_factory()
    token = ok(httpx.post(f"{server.url}/api/v1/auth/login",
                          json={"username": "nguyenvanan", "pin": PINS["nguyenvanan"], "counter": 1}))["token"]
    ok(httpx.post(f"{server.url}/api/v1/counters/1/pause", headers=bearer(token)))
    server.restart()
    assert httpx.post(f"{server.url}/api/v1/counters/1/unpause", headers=bearer(token)).status_code == 200
    ok(httpx.post(f"{server.url}/api/v1/auth/logout", headers=bearer(token)))
    server.restart()
    assert httpx.post(f"{server.url}/api/v1/counters/1/pause", headers=bearer(token)).status_code == 401
    db = connect(centre.data.database, migrate=False)
    rows = db.conn.execute("SELECT token_hash, end_reason FROM staff_tokens").fetchall()
    assert len(rows) == 1 and rows[0][1] == "logout" and token not in rows[0][0]


def test_tokens_end_at_take_over_disabling_and_the_end_of_the_service_day(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    clock = ManualClock(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # 9:00 in Hà Nội
    settings = Settings(issue_interval_seconds=0, device_cache_seconds=0)
    with in_process(create_app(settings, centre.data, clock)) as client:
        taken = bearer(login(client, "nguyenvanan", 1))
        login(client, "tranthibinh", 1)
        assert client.get("/api/v1/counters/1/queue", headers=taken).status_code == 401
        disabled = bearer(login(client, "lehoangcuong", 3))
        admin = bearer(login(client, "admin", None))
        ok(client.post("/api/v1/admin/staff/lehoangcuong/disable", headers=admin))
        assert client.get("/api/v1/counters/3/queue", headers=disabled).status_code == 401
        late = bearer(login(client, "nguyenvanan", 2))
        assert client.get("/api/v1/counters/2/queue", headers=late).status_code == 200
        clock.advance(hours=16)  # 1:00 the next morning
        assert client.get("/api/v1/counters/2/queue", headers=late).status_code == 401
        assert client.get("/api/v1/snapshot", headers=admin).status_code == 401
    db = connect(centre.data.database, migrate=False)
    reasons = dict(db.conn.execute("SELECT username, end_reason FROM staff_tokens WHERE ended_at IS NOT NULL"))
    assert reasons == {"nguyenvanan": "taken_over", "lehoangcuong": "disabled"}
