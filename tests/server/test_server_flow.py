"""The API end to end in-process: a citizen's ticket from kiosk to counter, sessions and tokens, limits,
the public page, admin work, event replay, settings and the OpenAPI document."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from assets.settings import ConfigError
from server.app import create_app
from server.settings import Settings, parse_settings
from tests.fakes.centre import PINS, Centre, make_centre
from tests.fakes.http import bearer, in_process, login
from tests.fakes.waiting import wait_until


def issue(client, centre: Centre, field: str = "DD", **extra: object) -> dict:
    r = client.post("/api/v1/tickets", json={"field": field, **extra}, headers=bearer(centre.kiosk))
    assert r.status_code == 201, r.text
    return r.json()


def test_ticket_from_kiosk_to_done(client, centre: Centre) -> None:
    first = issue(client, centre)
    second = issue(client, centre, priority="elderly")
    assert first["ticket"]["label"] == "1001" and second["ticket"]["priority"] == "elderly"
    assert "token" not in first["ticket"] and first["status_url"].startswith("http://testserver/t/")
    officer = bearer(login(client, "nguyenvanan", 1))
    called = client.post("/api/v1/counters/1/call-next", headers=officer).json()["ticket"]
    assert called["label"] == "1002"  # priority first
    tid = called["id"]
    for action, state in (("recall", "called"), ("start", "serving"), ("finish", "done")):
        r = client.post(f"/api/v1/counters/1/tickets/{tid}/{action}", headers=officer)
        assert r.status_code == 200 and r.json()["ticket"]["state"] == state
    r = client.post(f"/api/v1/counters/1/tickets/{tid}/finish", headers=officer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "ticket_not_serving"
    snap = client.get("/api/v1/snapshot", headers=bearer(centre.display)).json()
    assert snap["fields"][0]["waiting"] == 1 and snap["recent_calls"][0]["label"] == "1002"


def test_transfer_answers_new_ticket_and_public_status_follows(client, centre: Centre) -> None:
    ticket = issue(client, centre)
    token = ticket["status_url"].rsplit("/", 1)[1]
    officer = bearer(login(client, "nguyenvanan", 1))
    tid = client.post("/api/v1/counters/1/call-next", headers=officer).json()["ticket"]["id"]
    new = client.post(f"/api/v1/counters/1/tickets/{tid}/transfer", json={"field": "HT", "counter": 4},
                      headers=officer).json()["ticket"]
    assert new["field"] == "HT" and new["state"] == "waiting" and new["transferred_from"] == tid
    public = client.get(f"/api/v1/public/tickets/{token}").json()
    assert public.pop("day_closed") is False and public.pop("service_day")
    assert public == {"label": "1001", "field_name_vi": "Hộ tịch", "field_name_en": "Civil status",
                      "state": "waiting", "ahead": 0, "estimated_minutes": 0, "overloaded": False,
                      "counter": 4}
    page = client.get(f"/t/{token}")
    assert "1001" in page.text and "Hộ tịch" in page.text and 'http-equiv=\'refresh\'' in page.text
    assert client.get("/t/" + "x" * 24).status_code == 404


def test_officer_token_acts_only_while_its_session_lasts(client, centre: Centre) -> None:
    first = bearer(login(client, "nguyenvanan", 1))
    other = bearer(login(client, "tranthibinh", 1))  # takes over counter 1 (a PC left logged in)
    assert client.post("/api/v1/counters/1/pause", headers=first).status_code == 401
    assert client.post("/api/v1/counters/1/pause", headers=other).status_code == 200
    first = bearer(login(client, "nguyenvanan", 1))
    assert client.post("/api/v1/counters/1/unpause", headers=other).status_code == 401
    moved = bearer(login(client, "nguyenvanan", 2))  # the engine closes the session at counter 1
    assert client.post("/api/v1/counters/1/pause", headers=first).status_code == 401
    assert client.post("/api/v1/counters/2/pause", headers=moved).status_code == 200
    issue(client, centre, "NN")
    client.post("/api/v1/counters/2/unpause", headers=moved)
    client.post("/api/v1/counters/2/call-next", headers=moved)
    busy = client.post("/api/v1/auth/logout", headers=moved)
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "counter_busy"
    client.post("/api/v1/counters/2/tickets/1/no-show", headers=moved)
    assert client.post("/api/v1/auth/logout", headers=moved).status_code == 200
    assert client.get("/api/v1/snapshot", headers=moved).status_code == 401


def test_officer_must_name_a_counter(client) -> None:
    r = client.post("/api/v1/auth/login", json={"username": "nguyenvanan", "pin": PINS["nguyenvanan"]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "counter_required"


def test_repeated_wrong_pins_lock_the_username(client) -> None:
    for _ in range(5):
        r = client.post("/api/v1/auth/login", json={"username": "lehoangcuong", "pin": "9999", "counter": 3})
        assert r.json()["error"]["code"] == "login_failed"
    r = client.post("/api/v1/auth/login", json={"username": "lehoangcuong", "pin": PINS["lehoangcuong"],
                                                 "counter": 3})
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"


def test_issue_rate_limit_per_kiosk(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    with in_process(create_app(Settings(issue_interval_seconds=60), centre.data)) as client:
        assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201
        r = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        assert r.status_code == 429 and r.json()["error"]["details"]["seconds"] > 0
        # another kiosk is not held back
        assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk2)).status_code == 201


def test_a_refused_issue_does_not_count_against_the_kiosk_and_is_logged(tmp_path: Path) -> None:
    import json
    import sqlite3

    centre = make_centre(tmp_path)
    config = centre.data.config
    text = config.read_text("utf-8")
    config.write_text(text.replace('numbers = "2001-2999"\n', 'numbers = "2001-2999"\ndaily_cap = 1\n'))
    with in_process(create_app(Settings(issue_interval_seconds=60), centre.data)) as client:
        assert client.post("/api/v1/tickets", json={"field": "HT"}, headers=bearer(centre.kiosk2)).status_code == 201
        full = client.post("/api/v1/tickets", json={"field": "HT"}, headers=bearer(centre.kiosk))
        assert full.status_code == 409 and full.json()["error"]["code"] == "field_full"
        # the citizen turned away picks another field at once: no ticket was printed, no wait is owed
        assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201
    db = sqlite3.connect(centre.data.database)
    refused = db.execute("SELECT field_code, data FROM events WHERE kind = 'refused'").fetchall()
    assert [(code, json.loads(data)) for code, data in refused] == [
        ("HT", {"reason": "field_full", "priority": None, "kiosk": "Ki-ốt 0"})]


def test_daily_cap_is_enforced(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    config = centre.data.config
    config.write_text(config.read_text("utf-8").replace("daily_cap = 400", "daily_cap = 2"), "utf-8")
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        for _ in range(2):
            issue(client, centre)
        r = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        assert r.status_code == 409 and r.json()["error"]["code"] == "field_full"


def test_print_result_is_an_event_and_only_for_own_tickets(client, centre: Centre) -> None:
    tid = issue(client, centre)["ticket"]["id"]
    body = {"ok": False, "status": "paper_out", "reason": "hết giấy"}
    other = client.post(f"/api/v1/tickets/{tid}/print-result", json=body, headers=bearer(centre.kiosk2))
    assert other.status_code == 403
    assert client.post(f"/api/v1/tickets/{tid}/print-result", json=body,
                       headers=bearer(centre.kiosk)).status_code == 204
    with client.websocket_connect(f"/api/v1/events?since=1&token={centre.display}") as ws:
        event = ws.receive_json()["event"]
    assert event["kind"] == "print_result" and event["data"]["status"] == "paper_out"


def test_admin_devices_staff_and_reports(client, centre: Centre) -> None:
    admin = bearer(login(client, "admin", None))
    created = client.post("/api/v1/admin/devices", json={"kind": "kiosk", "name": "Sảnh B"}, headers=admin).json()
    key = created["key"]
    assert client.post("/api/v1/tickets", json={"field": "CT"}, headers=bearer(key)).status_code == 201
    names = [d["name"] for d in client.get("/api/v1/admin/devices", headers=admin).json()]
    assert "Sảnh B" in names and all("key" not in d for d in client.get("/api/v1/admin/devices", headers=admin).json())
    client.delete(f"/api/v1/admin/devices/{created['device']['id']}", headers=admin)
    assert client.post("/api/v1/tickets", json={"field": "CT"}, headers=bearer(key)).status_code == 401

    r = client.post("/api/v1/admin/staff", json={"username": "vuthie", "full_name": "Vũ Thị E", "pin": "5678"},
                    headers=admin)
    assert r.status_code == 201 and "pin" not in r.json() and r.json()["has_pin"]
    token = bearer(login_pin(client, "vuthie", "5678", 7))
    assert client.post("/api/v1/admin/staff/vuthie/disable", headers=admin).status_code == 200
    assert client.get("/api/v1/snapshot", headers=token).status_code == 401
    csv = client.get("/api/v1/reports?by=field&format=csv", headers=admin)
    assert csv.headers["content-type"].startswith("text/csv") and "Lĩnh vực,Cấp số" in csv.text
    around = [(date.today() + timedelta(days=d)).isoformat() for d in (-1, 1)]  # today, in any time zone
    rows = client.get(f"/api/v1/reports?by=field&from={around[0]}&to={around[1]}", headers=admin).json()["rows"]
    assert rows[0]["field"] == "CT" and rows[0]["issued"] == 1


def login_pin(client, username: str, pin: str, counter: int) -> str:
    r = client.post("/api/v1/auth/login", json={"username": username, "pin": pin, "counter": counter})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def waiting(rows: list[dict]) -> dict[str, int]:
    return {row["code"]: row["waiting"] for row in rows}


def test_replay_then_live_then_reload(client, centre: Centre) -> None:
    for _ in range(3):
        issue(client, centre)
    with client.websocket_connect(f"/api/v1/events?since=1&token={centre.display}") as ws:
        assert [ws.receive_json()["event"]["seq"] for _ in range(2)] == [2, 3]
        # the replay ends with the state it led to
        message = ws.receive_json()
        assert message["type"] == "reload" and message["snapshot"]["seq"] == 3
        assert waiting(message["snapshot"]["fields"])["DD"] == 3
        issue(client, centre)
        assert ws.receive_json()["event"]["seq"] == 4
    with client.websocket_connect(f"/api/v1/events?since=99&token={centre.display}") as ws:
        message = ws.receive_json()
        assert message["type"] == "reload" and message["snapshot"]["seq"] == 4
        issue(client, centre)
        assert ws.receive_json()["event"]["seq"] == 5
    with client.websocket_connect("/api/v1/events?since=0", headers=bearer(centre.kiosk)) as ws:
        assert ws.receive_json()["event"]["seq"] == 1


def test_too_far_behind_gets_a_snapshot(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    with in_process(create_app(Settings(issue_interval_seconds=0, replay_limit=2), centre.data)) as client:
        for _ in range(4):
            issue(client, centre)
        with client.websocket_connect(f"/api/v1/events?since=1&token={centre.display}") as ws:
            assert ws.receive_json()["type"] == "reload"
        with client.websocket_connect(f"/api/v1/events?since=2&token={centre.display}") as ws:
            assert [ws.receive_json()["event"]["seq"] for _ in range(2)] == [3, 4]
            assert ws.receive_json()["snapshot"]["seq"] == 4


def test_live_events_carry_the_rows_they_changed(client, centre: Centre) -> None:
    with client.websocket_connect(f"/api/v1/events?token={centre.display}") as ws:
        before = ws.receive_json()["snapshot"]
        assert waiting(before["fields"])["DD"] == 0
        issue(client, centre)
        message = ws.receive_json()
        assert message["event"]["kind"] == "issued"
        # only the rows that changed: the field's waiting count, no counter
        assert "counters" not in message["rows"]
        dd = [row for row in message["rows"]["fields"] if row["code"] == "DD"]
        assert dd and dd[0]["waiting"] == 1 and dd[0]["state"] == "issuing"
        assert "estimated_minutes" in dd[0] and "opens_at" in dd[0]
        token = login(client, "nguyenvanan", 1)
        login_message = ws.receive_json()
        assert login_message["event"]["kind"] == "login"
        counter = [row for row in login_message["rows"]["counters"] if row["number"] == 1]
        assert counter[0]["status"] == "open" and counter[0]["officer"] == "nguyenvanan"
        r = client.post("/api/v1/counters/1/call-next", headers=bearer(token))
        assert r.status_code == 200, r.text
        called = ws.receive_json()
        assert called["event"]["kind"] == "called"
        assert waiting(called["rows"]["fields"])["DD"] == 0
        counter = [row for row in called["rows"]["counters"] if row["number"] == 1][0]
        assert counter["ticket"]["label"] == message["event"]["label"] and counter["ticket"]["state"] == "called"



def test_rows_changed_while_nobody_listened_reach_the_next_client(client, centre: Centre) -> None:
    """Nobody connected: the rows are not read after each commit. A client that connects then and sees a
    change that brings a row back to what was last sent before (counter 1 closed) still gets that row."""

    def counter_1(rows: list[dict]) -> dict:
        return next(row for row in rows if row["number"] == 1)

    with client.websocket_connect(f"/api/v1/events?token={centre.display}") as ws:
        assert counter_1(ws.receive_json()["snapshot"]["counters"])["status"] == "closed"
    wait_until(lambda: not client.app.state.qms.hub.subscribers, what="the client gone from the hub")
    token = login(client, "nguyenvanan", 1)  # counter 1 opens, and nobody hears of it
    with client.websocket_connect(f"/api/v1/events?token={centre.display}") as ws:
        assert counter_1(ws.receive_json()["snapshot"]["counters"])["status"] == "open"
        assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 200
        message = ws.receive_json()
        assert message["event"]["kind"] == "logout"
        assert counter_1(message["rows"]["counters"])["status"] == "closed"

def test_config_and_health(client, centre: Centre) -> None:
    config = client.get("/api/v1/config", headers=bearer(centre.kiosk)).json()
    assert config["centre"]["timezone"] == "Asia/Ho_Chi_Minh" and config["fields"][0]["numbers"] == "1001-1999"
    assert config["counters"][13]["priority_only"] is True
    assert config["centre"]["hours"]["mon"] == ["00:00-24:00"] and set(config["centre"]["hours"]) == {
        "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    assert set(config["tables"]) == {"ticket", "voice", "display", "kiosk"}
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["seq"] == 0


def test_openapi_documents_every_operation() -> None:
    from fastapi.routing import APIRoute

    from server import routes_admin, routes_auth, routes_counter, routes_kiosk, routes_read
    routes = [r for m in (routes_admin, routes_auth, routes_counter, routes_kiosk, routes_read)
              for r in (*m.router.routes, *getattr(m, "pages", m.router).routes) if isinstance(r, APIRoute)]
    for route in routes:
        assert route.summary and route.description, route.path
        if route.path.startswith("/api/v1") and route.path != "/api/v1/health":
            assert any(400 <= int(s) < 500 for s in route.responses), route.path


def test_openapi_schema_has_models_and_errors(client) -> None:
    spec = client.get("/openapi.json").json()
    issue_op = spec["paths"]["/api/v1/tickets"]["post"]
    assert issue_op["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("IssueOut")
    assert issue_op["responses"]["429"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorOut")
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize(("table", "key"), [({"port": "80"}, "server.port"), ({"port": 0}, "server.port"),
                                            ({"issue_interval_seconds": -1}, "server.issue_interval_seconds"),
                                            ({"prot": 1}, "server.prot"), ({"host": ""}, "server.host"),
                                            ({"client_queue": True}, "server.client_queue")])
def test_settings_errors_name_the_key(table: dict, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(table)
    assert key in info.value.message("en") and key in info.value.message("vi")


def test_settings_parse() -> None:
    s = parse_settings({"port": 9000, "issue_interval_seconds": 1, "public_url": "http://qms.local/"})
    assert (s.port, s.issue_interval_seconds, s.public_url) == (9000, 1.0, "http://qms.local")
    assert s.with_overrides(None, 8000).port == 8000


def test_stream_ends_when_its_credential_does(client, centre: Centre) -> None:
    from starlette.websockets import WebSocketDisconnect

    admin = bearer(login(client, "admin", None))
    created = client.post("/api/v1/admin/devices", json={"kind": "display", "name": "Tầng 2"}, headers=admin).json()
    with client.websocket_connect(f"/api/v1/events?token={created['key']}") as ws:
        assert ws.receive_json()["type"] == "reload"
        client.delete(f"/api/v1/admin/devices/{created['device']['id']}", headers=admin)
        issue(client, centre)  # the next event is not delivered to a revoked key
        with pytest.raises(WebSocketDisconnect) as info:
            ws.receive_json()
    assert info.value.code == 4001

    officer = login(client, "nguyenvanan", 1)
    with client.websocket_connect(f"/api/v1/events?token={officer}") as ws:
        assert ws.receive_json()["type"] == "reload"
        assert client.post("/api/v1/admin/staff/nguyenvanan/disable", headers=admin).status_code == 200
        with pytest.raises(WebSocketDisconnect) as info:
            while True:  # the logout event of the disabled account is the first not delivered
                assert ws.receive_json()["event"]["kind"] != "issued"
    assert info.value.code == 4001


def test_account_disabled_from_another_process_stops_its_token(tmp_path: Path) -> None:
    from core.clock import SystemClock
    from core.engine import QueueEngine

    centre = make_centre(tmp_path)
    with in_process(create_app(Settings(issue_interval_seconds=0, device_cache_seconds=0), centre.data)) as client:
        token = bearer(login(client, "nguyenvanan", 1))
        assert client.post("/api/v1/counters/1/pause", headers=token).status_code == 200
        conf, db = centre.data.open(SystemClock())  # as `qms staff disable` does, beside the server
        QueueEngine(db, conf, SystemClock()).disable_staff("nguyenvanan")
        assert client.post("/api/v1/counters/1/unpause", headers=token).status_code == 401


def test_a_citizen_marked_absent_who_comes_back_is_called_by_number(client, centre: Centre) -> None:
    ticket = issue(client, centre)["ticket"]
    officer = bearer(login(client, "nguyenvanan", 1))
    client.post("/api/v1/counters/1/call-next", headers=officer)
    assert client.post(f"/api/v1/counters/1/tickets/{ticket['id']}/no-show", headers=officer).status_code == 200
    again = client.post("/api/v1/counters/1/call", json={"label": ticket["label"]}, headers=officer)
    assert again.status_code == 200 and again.json()["ticket"]["state"] == "called"
    assert again.json()["ticket"]["calls"] == 2
    wrong = client.post("/api/v1/counters/1/requeue", json={"label": ticket["label"]}, headers=officer)
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "ticket_not_absent"


def test_an_idle_stream_is_pinged_and_events_still_follow(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    with in_process(create_app(Settings(issue_interval_seconds=0, ping_seconds=0.1), centre.data)) as client:
        with client.websocket_connect(f"/api/v1/events?token={centre.display}") as ws:
            assert ws.receive_json()["type"] == "reload"
            assert ws.receive_json() == {"type": "ping"}  # nothing happened for ping_seconds
            issue(client, centre)
            while (message := ws.receive_json())["type"] == "ping":
                pass
            assert message["event"]["kind"] == "issued" and message["event"]["seq"] == 1
