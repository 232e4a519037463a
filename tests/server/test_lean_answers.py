"""The busiest routes answer with JSON they encode themselves (no second check and encoding through their
``response_model``), so each answer is checked here against the model the API documents; and the one
middleware every request passes (server/guard.py) logs failures at once and sums up the rest, by route
template, never by path; and an ordinary ticket skips the look at the fields' states."""

from __future__ import annotations

import logging
import math
from typing import Any

import pytest
from pydantic import BaseModel

from server.app import create_app
from server.models import HealthOut, IssueOut, TicketOut
from server.settings import Settings
from tests.fakes.centre import Centre
from tests.fakes.http import bearer, in_process, login


def assert_exactly(model: type[BaseModel], body: dict[str, Any]) -> None:
    """*body* has the model's keys, no others, and the values the model would have sent."""
    assert set(body) == set(model.model_fields)
    assert model.model_validate(body).model_dump(mode="json") == body


def test_an_issued_ticket_answers_exactly_the_documented_model(centre: Centre) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        kiosk = bearer(centre.kiosk)
        plain = client.post("/api/v1/tickets", json={"field": "DD"}, headers=kiosk)
        priority = client.post("/api/v1/tickets", json={"field": "ht", "priority": "elderly", "note": "Hẹn 9 giờ"},
                               headers={**kiosk, "Idempotency-Key": "tap-1"})
        retried = client.post("/api/v1/tickets", json={"field": "HT"}, headers={**kiosk, "Idempotency-Key": "tap-1"})
        desk = client.post("/api/v1/tickets", json={"field": "CT"}, headers=bearer(login(client, "nguyenvanan", 1)))
    answers = [plain, priority, retried, desk]
    assert [r.status_code for r in answers] == [201, 201, 201, 201]
    for r in answers:
        assert r.headers["content-type"] == "application/json"
        assert_exactly(IssueOut, r.json())
        assert_exactly(TicketOut, r.json()["ticket"])
        assert "token" not in r.json()["ticket"]  # the secret is only in the status link
    assert retried.json()["ticket"]["id"] == priority.json()["ticket"]["id"]
    assert priority.json()["ticket"]["priority"] == "elderly"
    assert priority.json()["ticket"]["priority_note"] == "Hẹn 9 giờ"


def test_health_answers_exactly_the_documented_model(client: Any) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert_exactly(HealthOut, r.json())
    assert r.json()["status"] == "ok"


def test_failed_requests_are_logged_at_once_and_the_rest_summed_up(centre: Centre,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0, max_body_bytes=1024), centre.data)) as client:
        log = client.app.state.access_log
        log.slow_ms = math.inf  # how long a request takes on a loaded test machine is no part of this test
        with caplog.at_level(logging.INFO, logger="qms.server.access"):
            issued = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()
            token = issued["status_url"].rsplit("/", 1)[1]
            client.get(f"/t/{token}")
            client.post("/api/v1/tickets", content=b"x" * 2000, headers=bearer(centre.kiosk))
            client.post("/api/v1/tickets", json={"field": "ZZ"}, headers=bearer(centre.kiosk))
            client.get("/api/v1/health?token=secret")
            client.get("/api/v1/health")
            at_once = [r.getMessage() for r in caplog.records if r.name == "qms.server.access"]
            log.flush()  # what the server does every minute and when it stops
            summed = [r.getMessage() for r in caplog.records if r.name == "qms.server.access"][len(at_once):]
            log.slow_ms = 0.0
            client.get("/api/v1/health")
            slow = [r.getMessage() for r in caplog.records if r.name == "qms.server.access"][-1]
    assert [line.rsplit(" ", 1)[0] for line in at_once] == ["POST - 413", "POST /api/v1/tickets 404"]
    assert [line.split(", mean")[0] for line in summed] == [
        "GET /api/v1/health 200 ×2", "GET /t/{token} 200 ×1", "POST /api/v1/tickets 201 ×1"]
    assert slow.startswith("GET /api/v1/health 200 ") and "×" not in slow  # a slow answer is logged at once
    assert not any(token in r.getMessage() or "secret" in r.getMessage() for r in caplog.records)


def test_an_ordinary_ticket_does_not_look_at_every_fields_state_again(centre: Centre) -> None:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        statements: list[str] = []
        client.app.state.qms.engine.db.conn.set_trace_callback(statements.append)
        assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201
        client.app.state.qms.engine.db.conn.set_trace_callback(None)
    # The series is written once (the new number); the field is known to be issuing, so not read again.
    assert [s for s in statements if "series" in s and s.lstrip().upper().startswith("SELECT")] == []
    assert any("series" in s and "INSERT" in s.upper() for s in statements)
