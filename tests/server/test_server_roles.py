"""Every endpoint against every role: allowed callers get past authorisation, refused ones get 401/403
with the JSON error, and a refused request changes nothing in the event log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.storage import connect
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import PINS, Centre, make_centre
from tests.fakes.http import bearer, in_process

ROLES = ("anonymous", "bad_token", "kiosk", "display", "officer_here", "officer_elsewhere", "admin", "rating_here",
         "rating_elsewhere")


class World:
    """One server with a caller of each role."""

    def __init__(self, centre: Centre, client: Any) -> None:
        self.centre = centre
        self.client = client
        self.tokens: dict[str, str | None] = {"anonymous": None, "bad_token": "qmst_not-a-real-token",
                                              "kiosk": centre.kiosk, "display": centre.display}
        for role, user, counter in (("officer_here", "nguyenvanan", 1), ("officer_elsewhere", "tranthibinh", 2),
                                    ("admin", "admin", None)):
            r = client.post("/api/v1/auth/login", json={"username": user, "pin": PINS[user], "counter": counter})
            assert r.status_code == 200, r.text
            self.tokens[role] = r.json()["token"]
        issued = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()
        self.ticket_id = issued["ticket"]["id"]
        self.public_token = issued["status_url"].rsplit("/", 1)[1]
        spare = client.post("/api/v1/admin/devices", json={"kind": "display", "name": "spare"},
                            headers=bearer(self.tokens["admin"]))
        self.spare_device = spare.json()["device"]["id"]
        for role, counter in (("rating_here", 1), ("rating_elsewhere", 2)):
            r = client.post("/api/v1/admin/devices", json={"kind": "rating", "name": role, "counter": counter},
                            headers=bearer(self.tokens["admin"]))
            assert r.status_code == 201, r.text
            self.tokens[role] = r.json()["key"]
        self.db = connect(centre.data.database, migrate=False)

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens[role]
        return bearer(token) if token else {}

    def last_seq(self) -> int:
        return self.db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    centre = make_centre(Path(tmp_path_factory.mktemp("roles")), "issue_interval_seconds = 0\n")
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        yield World(centre, client)


ANY = set(ROLES) - {"anonymous", "bad_token"}
OFFICER = {"officer_here"}

# (method, path, json body, roles allowed). {t} is the ticket issued at set-up.
MATRIX: list[tuple[str, str, dict[str, Any] | None, set[str]]] = [
    ("GET", "/api/v1/config", None, ANY),
    ("GET", "/api/v1/snapshot", None, ANY),
    # a guidance desk's officer issues for citizens too (recorded as such: tests/server/test_desk.py)
    ("POST", "/api/v1/tickets", {"field": "HT"}, {"kiosk", "officer_here", "officer_elsewhere"}),
    ("POST", "/api/v1/tickets/{t}/print-result", {"ok": True, "status": "online"}, {"kiosk"}),
    ("POST", "/api/v1/counters/1/call-next", None, OFFICER),
    ("GET", "/api/v1/counters/1/queue", None, OFFICER),
    ("POST", "/api/v1/counters/1/call", {"label": "1001"}, OFFICER),
    ("POST", "/api/v1/counters/1/pause", {"reason": "họp"}, OFFICER),
    ("POST", "/api/v1/counters/1/unpause", None, OFFICER),
    *[("POST", f"/api/v1/counters/1/tickets/{{t}}/{a}", None, OFFICER)
      for a in ("recall", "start", "finish", "no-show", "return", "hold", "resume", "cancel")],
    ("POST", "/api/v1/counters/1/tickets/{t}/transfer", {"field": "NN"}, OFFICER),
    ("POST", "/api/v1/counters/1/tickets/{t}/rating", {"answer": "satisfied"}, OFFICER | {"rating_here"}),
    ("GET", "/api/v1/rating/counter", None, {"rating_here", "rating_elsewhere"}),
    ("GET", "/api/v1/admin/devices", None, {"admin"}),
    ("POST", "/api/v1/admin/devices", {"kind": "kiosk", "name": "Ki-ốt mới"}, {"admin"}),
    ("DELETE", "/api/v1/admin/devices/{d}", None, {"admin"}),
    ("GET", "/api/v1/admin/staff", None, {"admin"}),
    ("POST", "/api/v1/admin/staff", {"username": "{u}", "full_name": "Cán bộ mới", "pin": "123456"}, {"admin"}),
    ("POST", "/api/v1/admin/staff/phamthidung/disable", None, {"admin"}),
    ("GET", "/api/v1/reports?by=counter&format=csv", None, {"admin"}),
    ("GET", "/api/v1/reports?by=officer&format=xlsx", None, {"admin"}),
    ("GET", "/admin/reports", None, {"admin"}),
    ("GET", "/api/v1/display/message", None, ANY),
    ("PUT", "/api/v1/display/message", {"text": "Hệ thống tạm dừng 10 phút", "minutes": 10}, {"admin"}),
    ("DELETE", "/api/v1/display/message", None, {"admin"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "allowed"), MATRIX,
                         ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_role_matrix(world: World, role: str, method: str, path: str, body: dict[str, Any] | None,
                     allowed: set[str]) -> None:
    path = path.format(t=world.ticket_id, d=world.spare_device)
    if body and body.get("username") == "{u}":
        body = {**body, "username": f"new.{role}"}
    before = world.last_seq()
    r = world.client.request(method, path, json=body, headers=world.headers(role))
    if role in allowed:
        assert r.status_code not in (401, 403), r.text
        assert r.status_code < 500, r.text
    else:
        assert r.status_code == (401 if role in ("anonymous", "bad_token") else 403), r.text
        assert r.json()["error"]["code"] in ("unauthorized", "forbidden")
        assert world.last_seq() == before


@pytest.mark.parametrize("role", ROLES)
def test_public_endpoints_need_no_credentials(world: World, role: str) -> None:
    assert world.client.get("/api/v1/health", headers=world.headers(role)).status_code == 200
    r = world.client.get(f"/api/v1/public/tickets/{world.public_token}", headers=world.headers(role))
    assert r.status_code == 200
    assert set(r.json()) == {"label", "field_name_vi", "field_name_en", "state", "ahead", "estimated_minutes",
                             "overloaded", "counter", "service_day", "day_closed"}
    assert world.client.get(f"/t/{world.public_token}").status_code == 200
    counters = world.client.get("/api/v1/public/counters", headers=world.headers(role))
    assert counters.status_code == 200 and counters.json()["counters"][0]["number"] == 1


@pytest.mark.parametrize("role", ["anonymous", "bad_token", "kiosk", "display", "rating_here"])
def test_logout_refused_for_devices(world: World, role: str) -> None:
    r = world.client.post("/api/v1/auth/logout", headers=world.headers(role))
    assert r.status_code in (401, 403)


def test_events_socket_refuses_bad_credentials(world: World) -> None:
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as info, \
            world.client.websocket_connect("/api/v1/events?since=0&token=nonsense") as ws:
        ws.receive_json()
    assert info.value.code == 4001


@pytest.mark.parametrize("role", sorted(ANY))
def test_events_socket_open_to_every_role(world: World, role: str) -> None:
    with world.client.websocket_connect(f"/api/v1/events?token={world.tokens[role]}") as ws:
        assert ws.receive_json()["type"] == "reload"
