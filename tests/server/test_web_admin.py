"""The administrators' pages (``/admin``): a login by username and PIN that leaves the token in an
HttpOnly, SameSite=Strict cookie the API and the event stream accept; today's centre live; logout; the
PIN lockout kept. In-process for the rules, in a real headless Chromium for the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.websockets import WebSocketDisconnect

from server.app import create_app
from server.settings import Settings
from tests.fakes.browser import available
from tests.fakes.centre import PINS
from tests.fakes.http import in_process, login
from tests.server.web_hall import Hall, open_hall

ADMIN = {"username": "admin", "pin": PINS["admin"]}


def test_the_cookie_stands_for_the_bearer_header_and_logout_ends_it(client) -> None:
    assert client.get("/api/v1/admin/devices").status_code == 401
    r = client.post("/admin/login", json=ADMIN)
    assert r.status_code == 200
    cookie = r.headers["set-cookie"].lower()
    assert "qms_staff=qmst_" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "token" not in r.json()  # the token goes to the cookie only
    assert client.get("/api/v1/admin/devices").status_code == 200
    assert "Nguyễn Văn An" not in client.get("/admin").text and "id='fields'" in client.get("/admin").text
    assert client.post("/admin/logout").status_code == 200
    assert client.get("/api/v1/admin/devices").status_code == 401
    assert "id='login'" in client.get("/admin").text


def test_an_officer_cannot_log_in_to_the_admin_pages(client) -> None:
    r = client.post("/admin/login", json={"username": "nguyenvanan", "pin": PINS["nguyenvanan"]})
    assert r.status_code in (403, 409, 422) and "set-cookie" not in r.headers
    assert r.json()["error"]["code"] == "counter_required"


def test_wrong_pins_lock_the_username_as_at_the_counter(centre) -> None:
    settings = Settings(issue_interval_seconds=0, login_attempts=3, login_lock_seconds=600)
    with in_process(create_app(settings, centre.data)) as client:
        for _ in range(3):
            wrong = client.post("/admin/login", json={**ADMIN, "pin": "000000"})
            assert wrong.json()["error"]["code"] == "login_failed"
        r = client.post("/admin/login", json=ADMIN)  # the right PIN, too late
        assert r.status_code == 429 and "set-cookie" not in r.headers


def test_a_device_key_in_the_cookie_is_not_a_credential(client, centre) -> None:
    client.cookies.set("qms_staff", centre.display)
    assert client.get("/api/v1/snapshot").status_code == 401


def test_the_event_stream_takes_the_cookie_only_from_the_servers_own_pages(client) -> None:
    client.post("/admin/login", json=ADMIN)
    with client.websocket_connect("/api/v1/events", headers={"origin": "http://testserver"}) as ws:
        assert ws.receive_json()["type"] == "reload"
    with client.websocket_connect("/api/v1/events", headers={"origin": "http://evil.example"}) as ws:
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4001


# ----------------------------------------------------------------- in the browser



@pytest.fixture
def hall(server_factory) -> Iterator[Hall]:
    with open_hall(server_factory, 1280, 900) as hall:
        yield hall


def log_in(hall: Hall, pin: str) -> None:
    hall.browser.find_element("id", "username").clear()
    hall.browser.find_element("id", "username").send_keys("admin")
    hall.browser.find_element("id", "pin").send_keys(pin)
    hall.browser.find_element("css selector", "#login button[type=submit]").click()


@pytest.mark.slow
@pytest.mark.skipif(not available(), reason="chromium-driver missing: sh scripts/setup.sh --dev")
def test_admin_needs_a_login_then_shows_today_live(hall: Hall) -> None:
    hall.browser.get(f"{hall.server.url}/admin")
    hall.until(lambda: hall.text("#login h2") == "Đăng nhập quản trị")
    assert hall.browser.find_element("css selector", "label[for=pin]").text == "Mã PIN"
    log_in(hall, "000000")
    hall.until(lambda: "không đúng" in hall.text("#error"))
    log_in(hall, PINS["admin"])
    hall.until(lambda: hall.state() == "dashboard"
               and "Quầy 1" in hall.text("#counters"))
    cookie = hall.browser.get_cookie("qms_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "qms_staff" not in hall.browser.execute_script("return document.cookie")
    assert "Thiết bị" in hall.text("#devices h2") and "Ki-ốt 0" in hall.text("#devices")
    assert "nguyenvanan" in hall.text("#staff")
    assert hall.browser.find_element("link text", "Báo cáo").get_attribute("href").endswith("/admin/reports")
    hall.issue("DD")
    login(hall.http, "nguyenvanan", 1)  # live: the officer appears at counter 1, the ticket in its field
    hall.until(lambda: "Nguyễn Văn An" in hall.text("#counters"))
    hall.until(lambda: any(row.startswith("Đất đai 1") for row in hall.text("#fields").splitlines()))
    assert hall.foreign() == []
    hall.browser.find_element("id", "logout").click()
    hall.until(lambda: hall.state() == "login")
    assert hall.browser.get_cookie("qms_staff") is None
