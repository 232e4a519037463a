"""The smaller holes: print results matched to the kiosk by device id and rate limited, the QR link built
from the server's own address whatever the Host header says, report days that are real days, malformed
JSON documented, and a 500 that does not escape the app (uvicorn would drop the kept-alive connection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.clock import SystemClock
from core.device_keys import add_device
from core.storage import connect
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process, login


@pytest.fixture
def centre(tmp_path: Path) -> Centre:
    return make_centre(tmp_path, "issue_interval_seconds = 0\n")


def test_a_kiosk_sharing_a_name_cannot_report_anothers_print(centre: Centre) -> None:
    db = connect(centre.data.database)
    _, twin = add_device(db, SystemClock(), "kiosk", "Ki-ốt 0")  # the same name as the first kiosk
    db.conn.close()
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        tid = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()["ticket"]["id"]
        body = {"ok": False, "status": "paper_out"}
        r = client.post(f"/api/v1/tickets/{tid}/print-result", json=body, headers=bearer(twin))
        assert r.status_code == 403
        assert client.post(f"/api/v1/tickets/{tid}/print-result", json=body,
                           headers=bearer(centre.kiosk)).status_code == 204


def test_print_results_are_rate_limited_per_kiosk(centre: Centre) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0, print_results_per_minute=3), centre.data)) as c:
        tid = c.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()["ticket"]["id"]
        codes = [c.post(f"/api/v1/tickets/{tid}/print-result", json={"ok": True, "status": "online"},
                        headers=bearer(centre.kiosk)).status_code for _ in range(5)]
        assert codes == [204, 204, 204, 429, 429]
    db = connect(centre.data.database, migrate=False)
    assert db.conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'print_result'").fetchone()[0] == 3


def test_the_qr_link_ignores_the_host_header(centre: Centre) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        r = client.post("/api/v1/tickets", json={"field": "DD"},
                        headers={**bearer(centre.kiosk), "Host": "evil.example:666"})
        assert r.status_code == 201
        assert "evil.example" not in r.json()["status_url"]
        assert r.json()["status_url"].startswith("http://testserver")


@pytest.mark.parametrize("value", ["0", "1", "20261130", "2026-02-30", "yesterday"])
def test_report_days_must_be_real_days(centre: Centre, value: str) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        admin = bearer(login(client, "admin", None))
        r = client.get(f"/api/v1/admin/reports?to={value}", headers=admin)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation"
        assert client.get("/api/v1/admin/reports?from=2026-11-01&to=2026-11-30", headers=admin).status_code == 200


def test_every_route_that_validates_a_body_documents_bad_json(centre: Centre) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        paths = client.get("/openapi.json").json()["paths"]
    for path, methods in paths.items():
        for method, op in methods.items():
            if "requestBody" in op:
                assert "400" in op["responses"], (method, path)


@pytest.mark.log_warnings
def test_a_500_is_answered_inside_the_app(centre: Centre, caplog: pytest.LogCaptureFixture) -> None:
    # The default TestClient re-raises what escapes the app, as uvicorn would by closing the connection.
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        client.app.state.qms.engine.db.conn.execute("PRAGMA query_only = ON")
        r = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal"
        assert r.headers.get("connection") != "close"
        client.app.state.qms.engine.db.conn.execute("PRAGMA query_only = OFF")
    assert [r.levelname for r in caplog.records if "internal error" in r.getMessage()] == ["ERROR"]
