"""Ratings over HTTP: the officer's token of the counter and the counter's rating tablet record one
rating per served ticket; every refusal has the documented error body and changes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assets.settings import ConfigError
from core.clock import ManualClock
from core.device_keys import add_device
from core.migrations import migrations
from core.storage import connect
from server.app import create_app
from server.settings import Settings, parse_settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process, login
from tests.fakes.server_process import ROOT


class Counter1:
    """A server with a manual clock, the officer of counter 1, the officer of counter 2, a kiosk and the
    rating tablet of counter 1."""

    def __init__(self, centre: Centre, client: Any, clock: ManualClock) -> None:
        self.client, self.clock, self.centre = client, clock, centre
        self.an = login(client, "nguyenvanan", 1)
        self.binh = login(client, "tranthibinh", 2)
        r = client.post("/api/v1/admin/devices", json={"kind": "rating", "name": "Máy tính bảng quầy 1",
                                                       "counter": 1}, headers=bearer(login(client, "admin", None)))
        assert r.status_code == 201, r.text
        self.tablet = r.json()["key"]

    def issue(self) -> int:
        r = self.client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(self.centre.kiosk))
        return r.json()["ticket"]["id"]

    def act(self, token: str, counter: int, path: str) -> dict[str, Any]:
        r = self.client.post(f"/api/v1/counters/{counter}/{path}", headers=bearer(token))
        assert r.status_code == 200, r.text
        return r.json()

    def served(self, token: str | None = None, counter: int = 1) -> int:
        """A ticket called, started and finished at *counter*."""
        token = token or self.an
        self.issue()
        ticket = self.act(token, counter, "call-next")["ticket"]["id"]
        self.act(token, counter, f"tickets/{ticket}/start")
        self.act(token, counter, f"tickets/{ticket}/finish")
        return ticket

    def rate(self, token: str, ticket: int, counter: int = 1, **body: Any) -> Any:
        return self.client.post(f"/api/v1/counters/{counter}/tickets/{ticket}/rating",
                                json=body or {"answer": "satisfied"}, headers=bearer(token))

    def ratings(self) -> list[tuple]:
        db = connect(self.centre.data.database, migrate=False)
        try:
            return db.conn.execute("SELECT ticket_id, counter, username, data FROM events WHERE kind = 'rated'"
                                   " ORDER BY seq").fetchall()
        finally:
            db.conn.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Counter1]:
    centre = make_centre(tmp_path, "issue_interval_seconds = 0\n")
    clock = ManualClock(datetime.now(UTC))
    settings = Settings(issue_interval_seconds=0, rating_window_seconds=120)
    with in_process(create_app(settings, centre.data, clock)) as client:
        yield Counter1(centre, client, clock)


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message_vi"] and error["message_en"]
    return error


def test_the_tablet_rates_a_ticket_served_at_its_counter(world: Counter1) -> None:
    ticket = world.served()
    r = world.rate(world.tablet, ticket, answer="dissatisfied", reasons=["extra_papers", "long_wait"])
    assert r.status_code == 201, r.text
    assert r.json() == {"ticket_id": ticket, "counter": 1, "answer": "dissatisfied",
                        "reasons": ["long_wait", "extra_papers"], "via": "tablet"}
    (row,) = world.ratings()
    assert row[:3] == (ticket, 1, "nguyenvanan")


def test_the_officers_second_monitor_rates_and_a_second_rating_is_refused(world: Counter1) -> None:
    ticket = world.served()
    assert world.rate(world.an, ticket).json()["via"] == "counter_screen"
    error = refused(world.rate(world.tablet, ticket, answer="very_satisfied"), 409, "rating_already_given")
    assert "đã được đánh giá" in error["message_vi"]
    assert len(world.ratings()) == 1


def test_a_ticket_served_at_another_counter_cannot_be_rated_here(world: Counter1) -> None:
    ticket = world.served(world.binh, counter=2)
    # The tablet of counter 1 may not even speak for counter 2 ...
    refused(world.rate(world.tablet, ticket, counter=2), 403, "forbidden")
    # ... and at counter 1 the ticket is not one it served.
    refused(world.rate(world.an, ticket), 409, "rating_other_counter")
    refused(world.rate(world.tablet, ticket), 409, "rating_other_counter")
    assert world.ratings() == []


def test_a_ticket_still_being_served_cannot_be_rated(world: Counter1) -> None:
    world.issue()
    ticket = world.act(world.an, 1, "call-next")["ticket"]["id"]
    error = refused(world.rate(world.tablet, ticket), 409, "rating_not_served")
    assert "Đã gọi" in error["message_vi"]
    refused(world.rate(world.tablet, 999_999), 404, "ticket_unknown")
    assert world.ratings() == []


def test_a_rating_after_the_window_is_refused(world: Counter1) -> None:
    ticket = world.served()
    world.clock.advance(seconds=121)
    error = refused(world.rate(world.tablet, ticket), 409, "rating_too_late")
    assert "2 phút" in error["message_vi"]
    assert world.ratings() == []


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"answer": "great"}, 422, "validation"),
    ({"answer": "satisfied", "reasons": ["rude"]}, 422, "validation"),
    ({"answer": "satisfied", "reasons": ["attitude"]}, 400, "rating_invalid"),
    ({"reasons": []}, 422, "validation"),
])
def test_answers_outside_the_lists_are_refused(world: Counter1, body: dict, status: int, code: str) -> None:
    ticket = world.served()
    refused(world.rate(world.tablet, ticket, **body), status, code)
    assert world.ratings() == []


def test_the_rated_event_reaches_the_live_stream(world: Counter1) -> None:
    ticket = world.served()
    with world.client.websocket_connect(f"/api/v1/events?token={world.tablet}") as ws:
        seq = ws.receive_json()["snapshot"]["seq"]
        world.rate(world.an, ticket, answer="very_satisfied")
        message = ws.receive_json()
    assert message["event"]["seq"] == seq + 1
    assert {k: message["event"][k] for k in ("kind", "ticket_id", "counter", "username")} == {
        "kind": "rated", "ticket_id": ticket, "counter": 1, "username": "nguyenvanan"}
    assert message["event"]["data"] == {"answer": "very_satisfied", "reasons": [], "via": "counter_screen"}


def test_the_tablet_learns_its_counter_and_officer(world: Counter1) -> None:
    r = world.client.get("/api/v1/rating/counter", headers=bearer(world.tablet))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["counter"], body["status"], body["officer"], body["window_seconds"]) == (1, "open", "nguyenvanan",
                                                                                          120.0)
    assert body["officer_name"] == "Nguyễn Văn An"


def test_the_tablet_page_is_whole_without_the_internet(world: Counter1) -> None:
    r = world.client.get("/rating")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    for words in ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Very satisfied"):
        assert words in page
    assert page.count("<svg") == 4
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script src" not in page and "<link" not in page


def test_admin_api_needs_a_known_counter_for_a_rating_tablet(world: Counter1) -> None:
    admin = login(world.client, "admin", None)
    for body, status, code in (({"kind": "rating", "name": "x"}, 422, "validation"),
                               ({"kind": "kiosk", "name": "x", "counter": 1}, 422, "validation"),
                               ({"kind": "rating", "name": "x", "counter": 99}, 404, "counter_unknown")):
        refused(world.client.post("/api/v1/admin/devices", json=body, headers=bearer(admin)), status, code)


def test_rating_window_setting() -> None:
    assert parse_settings({"rating_window_seconds": 600}).rating_window_seconds == 600.0
    assert Settings().rating_window_seconds == 300.0
    with pytest.raises(ConfigError, match="rating_window_seconds"):
        parse_settings({"rating_window_seconds": 0})


def qms(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qms", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={"QMS_LANG": "en", "PATH": "/usr/bin:/bin"})


def test_device_add_rating_names_its_counter(tmp_path: Path) -> None:
    make_centre(tmp_path)
    added = qms("device", "add", "rating", "Máy tính bảng quầy 3", "--counter", 3, "--data", tmp_path)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().splitlines()[-1].startswith("qmsd_")
    assert "Counter 3" in next(line for line in qms("device", "list", "--data", tmp_path).stdout.splitlines()
                               if "quầy 3" in line)
    for args in (("rating", "x"), ("kiosk", "x", "--counter", 1)):
        wrong = qms("device", "add", *args, "--data", tmp_path)
        assert wrong.returncode == 2 and "--counter" in wrong.stderr
    unknown = qms("device", "add", "rating", "x", "--counter", 99, "--data", tmp_path)
    assert unknown.returncode == 2 and "no counter 99" in unknown.stderr


def test_an_older_database_keeps_its_devices_when_ratings_arrive(tmp_path: Path) -> None:
    from sqlite_utils import Database

    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m004_ratings")
    clock = ManualClock(datetime.now(UTC))
    db.conn.execute("INSERT INTO devices (kind, name, key_hash, created_at) VALUES ('kiosk', 'Ki-ốt A', 'h', 'x')")
    db.conn.commit()
    db.conn.close()
    upgraded = connect(tmp_path / "old.db")
    assert upgraded.conn.execute("SELECT kind, name, counter FROM devices").fetchall() == [("kiosk", "Ki-ốt A", None)]
    device, _ = add_device(upgraded, clock, "rating", "Máy tính bảng", 2)
    assert device.counter == 2
