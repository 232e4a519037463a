"""The rows a live message carries: only those the committed events can have changed, read once per
commit; a change that moves nothing on a display's rows sends none."""

from __future__ import annotations

from pathlib import Path

from core.board import QueueBoard
from core.clock import ManualClock
from core.engine import QueueEngine
from core.event import Event
from core.reference_data import install_centre
from core.storage import connect
from server.live import LiveRows
from tests.core.small_centre import MONDAY_8AM, make_centre
from tests.fakes.centre import Centre
from tests.fakes.http import bearer, login


def next_message(ws, kind: str) -> dict:
    message = ws.receive_json()
    assert message["event"]["kind"] == kind
    return message


def test_a_start_sends_the_counter_row_and_a_recall_sends_none(client, centre: Centre) -> None:
    with client.websocket_connect(f"/api/v1/events?token={centre.display}") as ws:
        ws.receive_json()  # the snapshot
        token = login(client, "nguyenvanan", 1)
        next_message(ws, "login")
        r = client.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
        assert r.status_code == 201, r.text
        issued = next_message(ws, "issued")
        ticket = r.json()["ticket"]
        assert client.post("/api/v1/counters/1/call-next", headers=bearer(token)).status_code == 200
        called = next_message(ws, "called")
        assert {"fields", "counters"} <= set(called["rows"])  # the queue and the counter moved
        recall = client.post(f"/api/v1/counters/1/tickets/{ticket['id']}/recall", headers=bearer(token))
        assert recall.status_code == 200, recall.text
        assert next_message(ws, "recalled").get("rows", {}) == {}
        started = client.post(f"/api/v1/counters/1/tickets/{ticket['id']}/start", headers=bearer(token))
        assert started.status_code == 200, started.text
        start = next_message(ws, "started")
        assert "fields" not in start["rows"]  # nobody joined or left a queue; no counter freed or taken
        (row,) = [c for c in start["rows"]["counters"] if c["number"] == 1]
        assert row["ticket"]["state"] == "serving" and row["ticket"]["label"] == issued["event"]["label"]
        assert client.post(f"/api/v1/counters/1/tickets/{ticket['id']}/finish",
                           headers=bearer(token)).status_code == 200
        finished = next_message(ws, "finished")
        assert {"fields", "counters"} <= set(finished["rows"])  # the counter is free: estimates move


class CountingBoard:
    """A board that counts which rows were read."""

    def __init__(self, board: QueueBoard) -> None:
        self.board, self.centre, self.reads = board, board.centre, []

    def service_day(self) -> str:
        return self.board.service_day()

    def fields(self, states: dict | None = None) -> list[dict]:
        self.reads.append("fields")
        return self.board.fields(states)

    def counters(self) -> list[dict]:
        self.reads.append("counters")
        return self.board.counters()


def test_rows_are_read_only_for_the_kinds_that_can_change_them(tmp_path: Path) -> None:
    centre, clock = make_centre(), ManualClock(MONDAY_8AM)
    db = connect(tmp_path / "qms.db")
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    counting = CountingBoard(QueueBoard(db, centre, clock))
    rows = LiveRows(counting)  # type: ignore[arg-type]
    heard: list[Event] = []
    engine.subscribe(heard.append)

    def reads_after(change: object) -> list[str]:
        heard.clear()
        counting.reads.clear()
        change()  # type: ignore[operator]
        rows.changed(heard)
        return counting.reads

    assert reads_after(lambda: engine.login(1, "an")) == ["fields", "counters"]
    assert reads_after(lambda: engine.issue("DD")) == ["fields"]
    assert reads_after(lambda: engine.call_next(1)) == ["fields", "counters"]
    assert reads_after(lambda: engine.recall(1)) == []
    assert reads_after(lambda: engine.start(1)) == ["counters"]
    assert reads_after(lambda: engine.finish(1)) == ["fields", "counters"]
