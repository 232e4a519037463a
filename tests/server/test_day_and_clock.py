"""The server across midnight and clock steps, and when writes fail: the citizen's page stops saying
"you are next" once the day is over, yesterday's officer stops calling, a clock step is logged, recorded
and shown in health, and health reports a writer that cannot write."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.clock import ManualClock, SteadyClock
from core.storage import connect
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.clock import SteppingClock
from tests.fakes.http import bearer, in_process, login
from tests.fakes.waiting import wait_until

VN_EVENING = datetime.fromisoformat("2026-11-23T23:50:00+07:00")


@pytest.fixture
def centre(tmp_path: Path) -> Centre:
    return make_centre(tmp_path, "issue_interval_seconds = 0\n")


def test_after_midnight_the_page_tells_the_truth_and_yesterdays_officer_stops(centre: Centre) -> None:
    clock = ManualClock(VN_EVENING)
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        officer = bearer(login(client, "nguyenvanan", 1))
        first = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()
        client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        token = first["status_url"].rsplit("/", 1)[1]
        assert "tiếp theo" in client.get(f"/t/{token}").text
        clock.set(VN_EVENING + timedelta(minutes=15))  # 00:05
        before = client.get(f"/api/v1/public/tickets/{token}").json()
        assert before["day_closed"] and before["state"] == "waiting"  # true even before anything is written
        page = client.get(f"/t/{token}").text
        assert "tiếp theo" not in page and "Ngày làm việc 23/11/2026" in page and "lấy số mới" in page
        # the officer from yesterday evening may not call today: the session ended with the day
        r = client.post("/api/v1/counters/1/call-next", headers=officer)
        assert r.json()["error"]["code"] in ("counter_closed", "unauthorized")
        assert wait_until(lambda: client.post("/api/v1/counters/1/call-next", headers=officer).status_code == 401,
                          what="yesterday's token to end")
        # The first write of the new day closes the old one. The officer's refused call was that write only
        # if it got past authentication: on a slow machine the token's cache has expired by then and the
        # call is refused before it is written.
        assert client.post("/api/v1/tickets", json={"field": "HT"}, headers=bearer(centre.kiosk)).status_code == 201
        after = client.get(f"/api/v1/public/tickets/{token}").json()
        assert after["day_closed"] and after["state"] == "cancelled"
        snapshot = client.get("/api/v1/snapshot", headers=bearer(centre.display)).json()
        assert [c["status"] for c in snapshot["counters"] if c["number"] == 1] == ["closed"]
    db = connect(centre.data.database, migrate=False)
    assert db.conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'expired'").fetchone()[0] == 2


@pytest.mark.log_warnings
def test_a_clock_step_is_logged_recorded_and_shown_in_health(centre: Centre, caplog) -> None:
    source = SteppingClock(datetime.now().astimezone())
    clock = SteadyClock(source, source.monotonic)
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        assert client.get("/api/v1/health").json()["clock_step"] is None
        client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        source.step(-3600)
        source.advance(5)
        issued = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()
        health = wait_until(lambda: client.get("/api/v1/health").json(), what="health")
        assert round(health["clock_step"]["seconds"]) == -3600

        def recorded() -> list:
            return connect(centre.data.database, migrate=False).conn.execute(
                "SELECT json_extract(data, '$.seconds') FROM events WHERE kind = 'clock_step'").fetchall()
        assert round(wait_until(recorded, what="the clock_step event")[0][0]) == -3600
        assert issued["ticket"]["issued_at"] > health["clock_step"]["system_time"]
    assert any("clock jumped" in r.getMessage() for r in caplog.records)


@pytest.mark.log_warnings
def test_health_reports_a_writer_that_cannot_write(centre: Centre, caplog: pytest.LogCaptureFixture) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    # the 500 itself is what the kiosk sees, not the exception behind it
    client = TestClient(create_app(Settings(issue_interval_seconds=0), centre.data), raise_server_exceptions=False)
    with client:
        qms = client.app.state.qms
        assert client.get("/api/v1/health").json()["writer"]["ok"] is True
        qms.engine.db.conn.execute("PRAGMA query_only = ON")  # every write now fails, like a full disk
        r = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal"
        health = client.get("/api/v1/health").json()
        assert health["status"] == "degraded" and health["writer"]["ok"] is False
        assert health["writer"]["error"] == "OperationalError"
        qms.engine.db.conn.execute("PRAGMA query_only = OFF")
        assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201
        assert client.get("/api/v1/health").json()["status"] == "ok"
    assert any("internal error on POST /api/v1/tickets" in r.getMessage() for r in caplog.records)


def test_a_ticket_served_yesterday_is_not_marked_as_ended_by_the_day(tmp_path: Path) -> None:
    centre = make_centre(tmp_path, "issue_interval_seconds = 0\n")
    clock = ManualClock(VN_EVENING)
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data, clock)) as client:
        officer = bearer(login(client, "nguyenvanan", 1))
        issued = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()
        assert client.post("/api/v1/counters/1/call-next", headers=officer).status_code == 200
        tid = issued["ticket"]["id"]
        for action in ("start", "finish"):
            assert client.post(f"/api/v1/counters/1/tickets/{tid}/{action}", headers=officer).status_code == 200
        clock.set(VN_EVENING + timedelta(hours=1))
        status = client.get(f"/api/v1/public/tickets/{issued['status_url'].rsplit('/', 1)[1]}").json()
        assert status["state"] == "done" and status["day_closed"] is False
