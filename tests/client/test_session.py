"""ServerSession against the fake server: start, follow, survive a restart, say so in Vietnamese."""

from __future__ import annotations

import random

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream
from client.session import ServerSession
from tests.fakes.server import TOKEN
from tests.fakes.waiting import free_port


def session_for(url: str, token: str = TOKEN) -> ServerSession:
    api = ApiClient(url, token, timeout=2.0)
    fast = Backoff(base=0.02, cap=0.2, rng=random.Random(2))
    return ServerSession(api, EventStream(api, fast), retry=Backoff(base=0.02, cap=0.2))


def issue(server, field: str = "DD") -> None:
    server.next_ticket += 1
    server.record("issued", ticket_id=server.next_ticket, field_code=field, label=str(server.next_ticket))


def test_start_loads_the_snapshot_then_follows_events(qtbot, fake_server):
    session = session_for(fake_server.url)
    with qtbot.waitSignals([session.snapshot_loaded, session.online_changed], timeout=5000):
        session.start()
    assert session.online and session.status_text() == "Đã kết nối máy chủ"
    issue(fake_server)
    qtbot.waitUntil(lambda: session.queue.state.waiting()["DD"] == 4, timeout=5000)
    assert session.queue.fields.rows()[0]["waiting"] == 4
    session.stop()


def test_a_restart_is_reported_then_the_models_catch_up(qtbot, fake_server):
    session = session_for(fake_server.url)
    statuses = []
    session.status_changed.connect(statuses.append)
    with qtbot.waitSignal(session.online_changed, timeout=5000):
        session.start()
    with qtbot.waitSignal(session.online_changed, timeout=5000) as went:
        fake_server.stop()
    assert went.args == [False] and "Mất kết nối tới máy chủ." in statuses
    issue(fake_server, "HT")
    issue(fake_server, "HT")
    with qtbot.waitSignal(session.online_changed, timeout=10000):
        fake_server.start()
    # The replayed events reach the last seq before the snapshot that ends the replay (the rows they led to)
    # is read: wait for both, not for the seq alone.
    qtbot.waitUntil(lambda: session.queue.state.seq == fake_server.seq
                    and session.queue.state.snapshot()["fields"] == fake_server.snapshot()["fields"], timeout=5000)
    assert any(s.startswith("Mất kết nối tới máy chủ; thử kết nối lại sau") for s in statuses)
    session.stop()


def test_an_unreachable_server_is_retried_until_it_comes(qtbot, fake_server):
    fake_server.stop()
    session = session_for(fake_server.url)
    with qtbot.waitSignal(session.status_changed, timeout=5000):
        session.start()
    assert session.status_text("en").startswith("Connection to the server lost; reconnecting in")
    assert session.last_error.code == "network_unreachable"
    fake_server.start()
    qtbot.waitUntil(lambda: session.online, timeout=10000)
    session.stop()


def test_a_refused_token_asks_the_app_to_log_in_again(qtbot, fake_server):
    session = session_for(fake_server.url, "expired")
    with qtbot.waitSignal(session.unauthorized, timeout=5000):
        session.start()
    assert session.status_text() == "Phiên làm việc đã hết hạn; hãy đăng nhập lại."
    assert not session.retry_timer.isActive() and not session.stream.running


def test_nobody_listening_at_all_gives_a_retry_not_a_hang(qtbot):
    session = session_for(f"http://127.0.0.1:{free_port()}")
    session.start()
    qtbot.waitUntil(lambda: session.retry.attempts >= 3, timeout=5000)
    assert not session.online
    session.stop()
    assert not session.retry_timer.isActive()
