"""Counter hardware health: the bridge reports a dead or revived device; changes become events; staff
read the list."""

from __future__ import annotations

from tests.fakes.centre import PINS, Centre
from tests.fakes.http import bearer

DEAD_KEYPAD = {"port": "/dev/ttyUSB0", "address": 8, "kind": "keypad", "counter": 2, "alive": False}


def events(client, centre: Centre) -> list[dict]:
    last = client.get("/api/v1/health").json()["seq"]
    out: list[dict] = []
    if last == 0:
        return out
    with client.websocket_connect(f"/api/v1/events?since=0&token={centre.display}") as ws:
        while not out or out[-1]["seq"] < last:
            out.append(ws.receive_json()["event"])
    return out


def report(client, centre: Centre, **changes):
    return client.post("/api/v1/hardware/health", json={**DEAD_KEYPAD, **changes}, headers=bearer(centre.display))


def test_a_dead_keypad_becomes_one_event_and_its_revival_another(client, centre: Centre) -> None:
    for alive in (False, False, True, True):
        assert report(client, centre, alive=alive).status_code == 204
    pushed = [(e["kind"], e["data"]["counter"], e["data"]["alive"], e["data"]["reporter"])
              for e in events(client, centre)]
    assert pushed == [("device_health", 2, False, "Màn hình sảnh"), ("device_health", 2, True, "Màn hình sảnh")]


def test_a_device_first_reported_alive_is_no_news(client, centre: Centre) -> None:
    assert report(client, centre, alive=True).status_code == 204
    assert events(client, centre) == []


def test_staff_read_the_dead_devices_first(client, centre: Centre) -> None:
    report(client, centre, address=0x21, kind="sign", alive=False)
    report(client, centre, address=8, alive=False)
    report(client, centre, address=8, alive=True)
    token = client.post("/api/v1/auth/login", json={"username": "admin", "pin": PINS["admin"]}).json()["token"]
    listing = client.get("/api/v1/hardware/health", headers=bearer(token)).json()
    assert [(d["kind"], d["address"], d["alive"]) for d in listing] == [("sign", 0x21, False), ("keypad", 8, True)]
    assert client.get("/api/v1/hardware/health", headers=bearer(centre.kiosk)).status_code == 403


def test_only_the_bridges_key_reports(client, centre: Centre) -> None:
    r = client.post("/api/v1/hardware/health", json=DEAD_KEYPAD, headers=bearer(centre.kiosk))
    assert r.status_code == 403 and r.json()["error"]["code"]
    assert client.get("/api/v1/health").json()["seq"] == 0


def test_a_bad_report_is_refused_and_changes_nothing(client, centre: Centre) -> None:
    for bad in ({"kind": "toaster"}, {"address": 300}, {"port": ""}, {"alive": "perhaps"}, {"counter": 0}):
        r = report(client, centre, **bad)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation", bad
    assert client.get("/api/v1/health").json()["seq"] == 0
