"""Malformed requests of every kind get a 4xx with the JSON error body, and leave the database as it was.
No request, however odd, makes the server answer 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.clock import ManualClock
from core.storage import connect
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process, login

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")  # the sample centre's time zone


class Fixture:
    def __init__(self, centre: Centre, client: Any) -> None:
        self.centre = centre
        self.client = client
        self.officer = login(client, "nguyenvanan", 1)
        self.admin = login(client, "admin", None)
        r = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        self.ticket = r.json()["ticket"]["id"]
        self.db = connect(centre.data.database, migrate=False)

    def state(self) -> tuple[Any, ...]:
        """Everything a bad request could have touched."""
        q = self.db.conn.execute
        return (q("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0],
                q("SELECT COUNT(*), MAX(updated_at) FROM tickets").fetchone(),
                q("SELECT COUNT(*) FROM staff").fetchone()[0], q("SELECT COUNT(*) FROM devices").fetchone()[0],
                q("SELECT COUNT(*) FROM counter_sessions").fetchone()[0])


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    centre = make_centre(Path(tmp_path_factory.mktemp("bad")), "issue_interval_seconds = 0\n")
    # Noon tomorrow in the centre, standing still: a run that crosses the centre's midnight would close the
    # day on the next write (tickets expired, sessions ended) and the state compared would change.
    noon = datetime.combine(datetime.now(HANOI).date() + timedelta(days=1), time(12), HANOI)
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, ManualClock(noon))) as client:
        yield Fixture(centre, client)


def assert_error(r: Any, *statuses: int) -> dict[str, Any]:
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    if statuses:
        assert r.status_code in statuses, (r.status_code, r.text)
    error = r.json()["error"]
    assert error["code"] and error["message_vi"] and error["message_en"]
    assert isinstance(error["details"], dict)
    return error


HUGE = 2**70
KIOSK_BODIES: list[tuple[str, Any, int]] = [
    ("not json", b"{field: DD", 400),
    ("truncated json", b'{"field": "DD"', 400),
    ("json array", [1, 2], 422),
    ("json string", "DD", 422),
    ("json null", None, 422),
    ("missing field", {}, 422),
    ("field number", {"field": 5}, 422),
    ("field list", {"field": ["DD"]}, 422),
    ("field empty", {"field": ""}, 422),
    ("field too long", {"field": "D" * 500}, 422),
    ("unknown field", {"field": "ZZ"}, 404),
    ("bad priority", {"field": "DD", "priority": "vip"}, 422),
    ("priority number", {"field": "DD", "priority": 1}, 422),
    ("note object", {"field": "DD", "note": {"a": 1}}, 422),
    ("lone surrogate", b'{"field": "\\ud800"}', 422),
    ("surrogate note", b'{"field": "DD", "note": "\\udfff"}', 422),
    ("note too long", {"field": "DD", "note": "x" * 5000}, 422),
    ("nul byte field", {"field": "D\x00"}, 404),
]


@pytest.mark.parametrize(("name", "body", "status"), KIOSK_BODIES, ids=[b[0] for b in KIOSK_BODIES])
def test_bad_issue_bodies(fx: Fixture, name: str, body: Any, status: int) -> None:
    before = fx.state()
    headers = {**bearer(fx.centre.kiosk), "Content-Type": "application/json"}
    if isinstance(body, bytes):
        r = fx.client.post("/api/v1/tickets", content=body, headers=headers)
    else:
        r = fx.client.post("/api/v1/tickets", json=body, headers=headers)
    assert_error(r, status)
    assert fx.state() == before


def test_huge_body_is_refused_before_reading(fx: Fixture) -> None:
    before = fx.state()
    r = fx.client.post("/api/v1/tickets", content=b'{"field": "DD", "note": "' + b"x" * 200_000 + b'"}',
                       headers={**bearer(fx.centre.kiosk), "Content-Type": "application/json"})
    assert assert_error(r, 413)["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        for _ in range(100):
            yield b"x" * 10_000

    r = fx.client.post("/api/v1/tickets", content=chunks(), headers=bearer(fx.centre.kiosk))
    assert assert_error(r, 413)["code"] == "too_large"
    assert fx.state() == before


COUNTER_CASES: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("POST", "/api/v1/counters/abc/call-next", None, (422,)),
    ("POST", "/api/v1/counters/-1/call-next", None, (422,)),
    ("POST", f"/api/v1/counters/{HUGE}/call-next", None, (422,)),
    ("POST", "/api/v1/counters/99/call-next", None, (403,)),
    ("POST", "/api/v1/counters/1/call", {"label": 1005}, (422,)),
    ("POST", "/api/v1/counters/1/call", {}, (422,)),
    ("POST", "/api/v1/counters/1/call", {"label": "9999"}, (404,)),
    ("POST", "/api/v1/counters/1/pause", {"reason": ["x"]}, (422,)),
    ("POST", "/api/v1/counters/1/tickets/abc/start", None, (422,)),
    ("POST", f"/api/v1/counters/1/tickets/{HUGE}/start", None, (422,)),
    ("POST", "/api/v1/counters/1/tickets/0/start", None, (422,)),
    ("POST", "/api/v1/counters/1/tickets/999999/start", None, (404,)),
    ("POST", "/api/v1/counters/1/tickets/999999/cancel", None, (404,)),
    ("POST", "/api/v1/counters/1/tickets/1/explode", None, (422,)),
    ("POST", "/api/v1/counters/1/tickets/1/transfer", {"field": "ZZ"}, (404,)),
    ("POST", "/api/v1/counters/1/tickets/1/transfer", {"counter": "five"}, (422,)),
    ("POST", "/api/v1/counters/1/tickets/1/transfer", {"counter": HUGE}, (422,)),
    ("POST", "/api/v1/counters/1/tickets/1/transfer", {}, (409,)),
    ("GET", "/api/v1/counters/1/call-next", None, (405,)),
    ("DELETE", "/api/v1/counters/1/pause", None, (405,)),
    ("POST", "/api/v1/counters/1/finish", None, (404,)),
]


@pytest.mark.parametrize(("method", "path", "body", "statuses"), COUNTER_CASES,
                         ids=[f"{c[0]} {c[1][:60]} {c[2]}" for c in COUNTER_CASES])
def test_bad_counter_requests(fx: Fixture, method: str, path: str, body: Any, statuses: tuple[int, ...]) -> None:
    before = fx.state()
    assert_error(fx.client.request(method, path, json=body, headers=bearer(fx.officer)), *statuses)
    assert fx.state() == before


OTHER_CASES: list[tuple[str, str, Any, str, tuple[int, ...]]] = [
    ("POST", "/api/v1/auth/login", {"username": "nguyenvanan"}, "", (422,)),
    ("POST", "/api/v1/auth/login", {"username": "nguyenvanan", "pin": 2222, "counter": 1}, "", (422,)),
    ("POST", "/api/v1/auth/login", {"username": "nguyenvanan", "pin": "0000", "counter": 1}, "", (401,)),
    ("POST", "/api/v1/auth/login", {"username": "nobody", "pin": "0000", "counter": 1}, "", (401,)),
    ("POST", "/api/v1/auth/login", b'{"username": "\\udcff", "pin": "1", "counter": 1}', "", (422,)),
    ("POST", "/api/v1/auth/login", {"username": "nguyenvanan", "pin": "2222", "counter": "one"}, "", (422,)),
    ("POST", "/api/v1/tickets/1/print-result", {"ok": "maybe", "status": "online"}, "kiosk", (422,)),
    ("POST", "/api/v1/tickets/1/print-result", {"ok": True}, "kiosk", (422,)),
    ("POST", "/api/v1/tickets/999999/print-result", {"ok": True, "status": "online"}, "kiosk", (404,)),
    ("GET", "/api/v1/public/tickets/short", None, "", (422,)),
    ("GET", "/api/v1/public/tickets/" + "x" * 24, None, "", (404,)),
    ("GET", "/api/v1/public/tickets/" + "x" * 500, None, "", (422,)),
    ("POST", "/api/v1/public/tickets/" + "x" * 24, None, "", (405,)),
    ("POST", "/api/v1/admin/devices", {"kind": "printer", "name": "x"}, "admin", (422,)),
    ("POST", "/api/v1/admin/devices", {"kind": "kiosk", "name": ""}, "admin", (422,)),
    ("DELETE", "/api/v1/admin/devices/424242", None, "admin", (404,)),
    ("DELETE", "/api/v1/admin/devices/abc", None, "admin", (422,)),
    ("POST", "/api/v1/admin/staff", {"username": "Bad Name", "full_name": "X", "pin": "1234"}, "admin", (422,)),
    ("POST", "/api/v1/admin/staff", {"username": "x", "full_name": "X", "pin": "12"}, "admin", (422,)),
    ("POST", "/api/v1/admin/staff", {"username": "admin", "full_name": "X", "pin": "1234"}, "admin", (409,)),
    ("POST", "/api/v1/admin/staff/nobody/disable", None, "admin", (404,)),
    ("GET", "/api/v1/reports?by=planet", None, "admin", (422,)),
    ("GET", "/api/v1/reports?from=yesterday", None, "admin", (400,)),
    ("GET", "/api/v1/reports?from=2026-11-30&to=2026-11-01", None, "admin", (400,)),
    ("GET", "/api/v1/reports?format=xml", None, "admin", (422,)),
    ("GET", "/api/v1/snapshot", None, "bearer-garbage", (401,)),
    ("GET", "/api/v1/nothing-here", None, "admin", (404,)),
    ("PATCH", "/api/v1/tickets", None, "kiosk", (405,)),
]


@pytest.mark.parametrize(("method", "path", "body", "who", "statuses"), OTHER_CASES,
                         ids=[f"{c[0]} {c[1][:50]} {c[2]}" for c in OTHER_CASES])
def test_bad_other_requests(fx: Fixture, method: str, path: str, body: Any, who: str,
                            statuses: tuple[int, ...]) -> None:
    headers = {"kiosk": bearer(fx.centre.kiosk), "admin": bearer(fx.admin),
               "bearer-garbage": {"Authorization": "Bearer " + "\x7f" * 5000}}.get(who, {})
    before = fx.state()
    if isinstance(body, bytes):
        r = fx.client.request(method, path, content=body, headers={**headers, "Content-Type": "application/json"})
    else:
        r = fx.client.request(method, path, json=body, headers=headers)
    assert_error(r, *statuses)
    assert fx.state() == before


@pytest.mark.parametrize("auth", ["Basic YWRtaW46MTIzNA==", "Bearer", "Bearer ", "bearer x y z", "Token abc",
                                  "Bearer " + "A" * 10_000])
def test_bad_authorization_headers(fx: Fixture, auth: str) -> None:
    r = fx.client.get("/api/v1/snapshot", headers={"Authorization": auth})
    assert assert_error(r, 401)["code"] == "unauthorized"


@pytest.mark.slow  # several thousand requests: about 20 s on an idle machine
def test_no_route_answers_5xx_to_junk(fx: Fixture) -> None:
    """Every documented operation, every junk path parameter, every junk body: never a 5xx."""
    spec = fx.client.get("/openapi.json").json()
    junk_params = ["abc", "-1", "0", str(HUGE), "%00", "1.5", "%F0%9F%98%80"]
    junk_bodies: list[Any] = [None, b"{", b"[]", b"null", b'"x"', {"x": {"y": [1]}}, b'{"\\ud800": 1}']
    before = fx.state()
    sent = 0
    for template, operations in spec["paths"].items():
        for method in operations:
            for param in junk_params:
                path = template
                while "{" in path:
                    start, end = path.index("{"), path.index("}")
                    path = path[:start] + param + path[end + 1:]
                for body in junk_bodies:
                    for headers in ({}, bearer(fx.centre.display)):
                        content = body if isinstance(body, bytes) else None
                        r = fx.client.request(method.upper(), path, content=content,
                                              json=None if content is not None else body,
                                              headers={**headers, "Content-Type": "application/json"})
                        sent += 1
                        assert r.status_code < 500, (method, path, body, r.text)
                        if r.status_code >= 400 and not path.startswith("/t/"):
                            assert_error(r)
    assert sent > 500
    assert fx.state() == before
