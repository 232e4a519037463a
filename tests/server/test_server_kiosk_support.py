"""What the kiosk needs from the server: each field's state now (and its changes as events), retried
ticket requests that return the same ticket, and the kiosks' printer reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from core.clock import ManualClock
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def events(client, centre: Centre, since: int = 0) -> list[dict]:
    last = client.get("/api/v1/health").json()["seq"]
    out = []
    with client.websocket_connect(f"/api/v1/events?since={since}&token={centre.display}") as ws:
        while not out or out[-1]["seq"] < last:
            out.append(ws.receive_json()["event"])
    return out


def fields(client, centre: Centre) -> dict[str, dict]:
    snap = client.get("/api/v1/snapshot", headers=bearer(centre.kiosk)).json()
    return {f["code"]: f for f in snap["fields"]}


def with_hours(tmp_path: Path) -> Centre:
    centre = make_centre(tmp_path)
    config = centre.data.config
    text = config.read_text("utf-8").replace('hours = { mon-sun = ["00:00-24:00"] }',
                                             'hours = { mon-fri = ["07:00-11:30", "13:00-17:00"] }', 1)
    config.write_text(text.replace("daily_cap = 400", "daily_cap = 2"), "utf-8")
    return centre


def test_field_closing_at_lunch_is_in_the_snapshot_and_on_the_stream(tmp_path: Path) -> None:
    centre = with_hours(tmp_path)
    clock = ManualClock(datetime(2026, 11, 30, 11, 29, tzinfo=HCM))  # a Monday
    app = create_app(Settings(issue_interval_seconds=0), centre.data, clock)
    with in_process(app) as client:
        assert fields(client, centre)["DD"]["state"] == "issuing"
        clock.set(datetime(2026, 11, 30, 11, 31, tzinfo=HCM))
        assert client.portal.call(app.state.qms.writer.run, app.state.qms.field_states.check) == ["DD"]
        dd = fields(client, centre)["DD"]
        assert dd["state"] == "closed" and dd["opens_at"] == "2026-11-30T13:00+07:00"
        assert fields(client, centre)["HT"]["state"] == "issuing"  # open all day in this centre
        pushed = [e for e in events(client, centre) if e["kind"] == "field_state"]
        assert [(e["field_code"], e["data"]) for e in pushed] == [
            ("DD", {"state": "closed", "opens_at": "2026-11-30T13:00+07:00"})]
        refused = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "field_closed"


def test_closed_on_friday_evening_opens_on_monday_morning(tmp_path: Path) -> None:
    centre = with_hours(tmp_path)
    clock = ManualClock(datetime(2026, 12, 4, 18, 0, tzinfo=HCM))  # Friday after hours
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        assert fields(client, centre)["DD"]["opens_at"] == "2026-12-07T07:00+07:00"


def test_the_last_number_of_the_day_makes_the_field_full_at_once(tmp_path: Path) -> None:
    centre = with_hours(tmp_path)
    clock = ManualClock(datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        for _ in range(2):
            assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201
        assert fields(client, centre)["DD"] == {**fields(client, centre)["DD"], "state": "full", "opens_at": None}
        kinds = [(e["kind"], e["field_code"]) for e in events(client, centre)]
        assert kinds == [("issued", "DD"), ("issued", "DD"), ("field_state", "DD")]


def issue_with_key(client, centre: Centre, key: str, field: str = "HT", kiosk: str | None = None):
    return client.post("/api/v1/tickets", json={"field": field},
                       headers={**bearer(kiosk or centre.kiosk), "Idempotency-Key": key})


def test_a_retried_request_returns_the_same_ticket(client, centre: Centre) -> None:
    first = issue_with_key(client, centre, "6f1c2a9e-tap-1")
    again = issue_with_key(client, centre, "6f1c2a9e-tap-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["ticket"] == first.json()["ticket"] and again.json()["status_url"] == first.json()["status_url"]
    assert issue_with_key(client, centre, "6f1c2a9e-tap-2").json()["ticket"]["label"] == "2002"
    assert [e["kind"] for e in events(client, centre)] == ["issued", "issued"]


def test_the_same_key_from_another_kiosk_is_another_request(client, centre: Centre) -> None:
    mine = issue_with_key(client, centre, "tap-1").json()["ticket"]
    theirs = issue_with_key(client, centre, "tap-1", kiosk=centre.kiosk2).json()["ticket"]
    assert mine["id"] != theirs["id"]


def test_a_key_reused_for_another_field_is_refused(client, centre: Centre) -> None:
    issue_with_key(client, centre, "tap-1", "HT")
    r = issue_with_key(client, centre, "tap-1", "DD")
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"
    assert "HT" in r.json()["error"]["message_en"] and len(events(client, centre)) == 1


def test_malformed_keys_are_refused_and_issue_nothing(client, centre: Centre) -> None:
    for key in ("has space", "x" * 129):
        r = issue_with_key(client, centre, key)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation"
    assert client.get("/api/v1/health").json()["seq"] == 0


def test_a_retry_is_not_held_back_by_the_rate_limit(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    with in_process(create_app(Settings(issue_interval_seconds=60), centre.data)) as client:
        first = issue_with_key(client, centre, "tap-1")
        assert issue_with_key(client, centre, "tap-1").json()["ticket"]["id"] == first.json()["ticket"]["id"]
        assert issue_with_key(client, centre, "tap-2").status_code == 429


def report(client, centre: Centre, status: str, kiosk: str | None = None):
    return client.post("/api/v1/kiosk/printer", json={"status": status, "reason": None},
                       headers=bearer(kiosk or centre.kiosk))


def test_printer_reports_become_events_only_when_they_change(client, centre: Centre) -> None:
    assert report(client, centre, "ready").status_code == 204  # first report, all well: nothing to tell
    for status in ("paper_near_end", "paper_near_end", "paper_out", "ready"):
        assert report(client, centre, status).status_code == 204
    pushed = [(e["kind"], e["data"]["kiosk"], e["data"]["status"]) for e in events(client, centre)]
    assert pushed == [("printer_status", "Ki-ốt 0", s) for s in ("paper_near_end", "paper_out", "ready")]


def test_staff_see_every_kiosk_printer(client, centre: Centre) -> None:
    report(client, centre, "paper_near_end")
    report(client, centre, "ready", kiosk=centre.kiosk2)
    listing = client.get("/api/v1/kiosk/printers", headers=bearer(centre.display)).json()
    assert [(p["kiosk"], p["status"], p["silent"]) for p in listing] == [
        ("Ki-ốt 0", "paper_near_end", False), ("Ki-ốt 1", "ready", False)]
    assert client.get("/api/v1/kiosk/printers", headers=bearer(centre.kiosk)).status_code == 403


def test_a_printer_status_the_server_does_not_know_is_refused(client, centre: Centre) -> None:
    r = report(client, centre, "on_fire")
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation"
    assert client.get("/api/v1/health").json()["seq"] == 0
