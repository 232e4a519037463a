"""The display against the real server in a subprocess: live calls, an outage, the replay after it."""

from __future__ import annotations

import logging
import random
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream
from client.session import ServerSession
from client.ui.metrics import Metrics
from display.runtime import DisplayRuntime
from tests.fakes.centre import PINS, Centre
from tests.fakes.player import FakePlayer
from tests.fakes.server_process import ServerProcess

pytestmark = pytest.mark.slow


class Officer:
    """An officer at a counter, over HTTP."""

    def __init__(self, server: ServerProcess, username: str, counter: int) -> None:
        self.server, self.username, self.counter = server, username, counter
        self.login()

    def login(self) -> None:
        r = httpx.post(f"{self.server.url}/api/v1/auth/login", timeout=10, json={
            "username": self.username, "pin": PINS[self.username], "counter": self.counter})
        r.raise_for_status()
        self.token = r.json()["token"]

    def post(self, path: str, body: dict | None = None) -> dict:
        r = httpx.post(f"{self.server.url}/api/v1/counters/{self.counter}{path}", json=body or {}, timeout=10,
                       headers={"Authorization": f"Bearer {self.token}"})
        r.raise_for_status()
        return r.json()

    def call_next(self) -> str:
        ticket = self.post("/call-next")["ticket"]
        self.post(f"/tickets/{ticket['id']}/start")
        self.post(f"/tickets/{ticket['id']}/finish")
        return ticket["label"]


def issue(server: ServerProcess, centre: Centre, n: int) -> None:
    for _ in range(n):
        httpx.post(f"{server.url}/api/v1/tickets", json={"field": "DD"}, timeout=10,
                   headers={"Authorization": f"Bearer {centre.kiosk}"}).raise_for_status()


# A display that comes online while the server is shutting down may fail to fetch the message in force and
# say so: that warning, and no other, is allowed (checked at the end).
@pytest.mark.log_warnings
def test_missed_calls_are_shown_after_an_outage_and_old_ones_are_not_spoken(qtbot, server_factory, caplog):
    server, centre = server_factory()
    offset = [timedelta(0)]  # the display's clock runs ahead of the server's when the test says so
    # The display's monotonic clock too: a call stays on top for call_seconds, so the test moves time past
    # that instead of depending on how long the restart below happens to take.
    ahead = [0.0]
    player = FakePlayer()
    api = ApiClient(server.url, centre.display, timeout=5.0)
    stream = EventStream(api, Backoff(base=0.05, cap=0.2, rng=random.Random(1)))
    session = ServerSession(api, stream=stream)
    runtime = DisplayRuntime(api, Metrics(40), lambda _voice: (player, True),
                             lambda: datetime.now(UTC) + offset[0], lambda: time.monotonic() + ahead[0],
                             session=session)
    qtbot.addWidget(runtime.window)
    reloads: list[dict] = []
    stream.reload_required.connect(reloads.append)
    delivered: list[int] = []
    stream.event_received.connect(lambda event: delivered.append(event["seq"]))
    runtime.start()
    qtbot.waitUntil(lambda: session.online, timeout=15000)

    issue(server, centre, 6)
    officer = Officer(server, "nguyenvanan", 1)
    first = officer.call_next()
    qtbot.waitUntil(lambda: player.tickets == [first], timeout=10000)
    assert runtime.window.call_text() == f"{first} → Quầy 1"
    player.finish_all()

    server.stop()
    qtbot.waitUntil(lambda: not session.online, timeout=10000)
    assert not runtime.window.header.offline.isHidden()  # a quiet tag...
    assert runtime.window.call_text() == f"{first} → Quầy 1"  # ...and the last state kept
    qtbot.waitUntil(stream.reconnect_timer.isActive, timeout=5000)
    stream.reconnect_timer.stop()  # the display stays away until the test lets it back
    last_seen = stream.last_seq

    server.start()
    officer.login()  # a restarted server forgets officers' tokens
    missed = [officer.call_next() for _ in range(3)]
    offset[0] = timedelta(minutes=5)  # by the time the display is back, they are five minutes old
    ahead[0] = 300.0
    stream.reconnect_now()
    server_seq = httpx.get(f"{server.url}/api/v1/health", timeout=10).json()["seq"]
    qtbot.waitUntil(lambda: session.online and stream.last_seq == server_seq, timeout=15000)
    # replayed from its last seq, each missed event once, then the state they led to
    assert stream.gaps == 0 and delivered[-(server_seq - last_seen):] == list(range(last_seen + 1, server_seq + 1))
    assert reloads[-1]["seq"] == server_seq
    assert runtime.window.call_text() == f"{missed[-1]} → Quầy 1"
    listed = [r["label"] for r in session.queue.recent_calls.rows()]
    assert listed[:4] == [*reversed(missed), first]
    assert runtime.window.header.offline.isHidden()
    assert not runtime.window.banner.flashing
    assert player.tickets == [first]  # shown, not read out

    offset[0] = timedelta(0)
    live = officer.call_next()
    qtbot.waitUntil(lambda: player.tickets == [first, live], timeout=10000)
    player.finish_all()
    runtime.stop()
    warned = [r.getMessage() for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert all(m.startswith("Cannot reach the server") for m in warned), warned
