"""End to end: the Qt client against the real server in a subprocess, restarted under it."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from client.api import ApiClient, Call
from client.backoff import Backoff
from client.events import EventStream
from client.session import ServerSession
from tests.fakes.centre import OFFICERS, PINS

pytestmark = pytest.mark.slow


def answer(qtbot, call: Call):
    qtbot.waitUntil(lambda: call.done, timeout=10000)
    if call.error is not None:
        raise call.error
    return call.result


@pytest.fixture
def server(server_factory):
    return server_factory()


def test_live_rows_keep_the_models_equal_to_the_servers_snapshot(qtbot, server):
    server, centre = server
    session = ServerSession(ApiClient(server.url, centre.display))
    session.start()
    qtbot.waitUntil(lambda: session.online, timeout=10000)
    kiosk, officer = ApiClient(server.url, centre.kiosk), ApiClient(server.url)
    answer(qtbot, officer.login(OFFICERS[0], PINS[OFFICERS[0]], 1))
    for field in ("DD", "DD", "HT", "DD"):
        answer(qtbot, kiosk.issue_ticket(field))
    called = answer(qtbot, officer.call_next(1))["ticket"]
    answer(qtbot, officer.start(1, called["id"]))
    answer(qtbot, officer.pause(1, None))
    seq = answer(qtbot, kiosk.health())["seq"]
    qtbot.waitUntil(lambda: session.queue.state.seq == seq, timeout=10000)
    # waiting counts, estimates, officers and tickets in hand: all the server's own, no snapshot fetched
    assert session.queue.state.snapshot() == answer(qtbot, kiosk.snapshot())
    assert session.stream.reconnects == 0
    session.stop()


def test_clients_survive_a_server_restart_with_every_event_exactly_once(qtbot, server):
    server, centre = server
    # Two displays; they only reconnect when the test says so, so events surely happen while they are away.
    sessions, seen = [], []
    for _ in range(2):
        api = ApiClient(server.url, centre.display)
        stream = EventStream(api, Backoff(base=60, cap=60, rng=random.Random(0)))
        session = ServerSession(api, stream, retry=Backoff(base=0.05, cap=0.5))
        got: list[int] = []
        session.event_received.connect(lambda e, got=got: got.append(e["seq"]))
        sessions.append(session)
        seen.append(got)
        session.start()
    qtbot.waitUntil(lambda: all(s.online for s in sessions), timeout=10000)
    start_seq = sessions[0].queue.state.seq

    kiosk = ApiClient(server.url, centre.kiosk)
    officer = ApiClient(server.url)
    for field in ("DD", "DD", "HT"):
        answer(qtbot, kiosk.issue_ticket(field))
    username, pin = OFFICERS[0], PINS[OFFICERS[0]]
    answer(qtbot, officer.login(username, pin, 1))
    called = answer(qtbot, officer.call_next(1))["ticket"]
    answer(qtbot, officer.start(1, called["id"]))
    seq = answer(qtbot, kiosk.health())["seq"]
    qtbot.waitUntil(lambda: all(s.queue.state.seq == seq for s in sessions), timeout=10000)

    server.stop()
    qtbot.waitUntil(lambda: not any(s.online for s in sessions), timeout=10000)
    server.start()
    # The officer's token outlives the restart: no PIN asked again.
    answer(qtbot, officer.finish(1, called["id"]))
    for field in ("HT", "DD"):
        answer(qtbot, kiosk.issue_ticket(field))
    answer(qtbot, officer.call_next(1))
    seq = answer(qtbot, kiosk.health())["seq"]
    assert all(not s.online for s in sessions)  # all of that was missed

    for session in sessions:
        session.stream.reconnect_now()
    # Wait for the replayed events themselves: the snapshot a reconnected session re-reads may bring its
    # state to `seq` before the replay has arrived.
    qtbot.waitUntil(lambda: all(got and got[-1] == seq for got in seen), timeout=10000)
    qtbot.waitUntil(lambda: all(s.queue.state.seq == seq for s in sessions), timeout=10000)
    for got in seen:
        assert Counter(got) == Counter(range(start_seq + 1, seq + 1))  # each event exactly once
        assert got == sorted(got)
    truth = answer(qtbot, kiosk.snapshot())
    assert truth["seq"] == seq
    for session in sessions:
        qtbot.waitUntil(lambda s=session: not s._loading, timeout=10000)
        assert session.queue.state.snapshot() == truth
        assert [r["waiting"] for r in session.queue.fields.rows()] == [f["waiting"] for f in truth["fields"]]
        assert session.queue.recent_calls.rows()[0]["label"] == truth["recent_calls"][0]["label"]
        assert session.stream.duplicates == 0 and session.stream.reconnects == 1
        session.stop()


def test_server_errors_arrive_typed_in_both_languages(qtbot, server):
    server, centre = server
    kiosk = ApiClient(server.url, centre.kiosk)
    call = kiosk.issue_ticket("NOPE")
    qtbot.waitUntil(lambda: call.done, timeout=10000)
    err = call.error
    assert err is not None and 400 <= err.http_status < 500 and err.code
    assert err.message_vi and err.message_en and err.message_vi != err.message_en
