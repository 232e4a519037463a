"""EventStream against the fake server: replay, repeats, gaps, restarts, backoff, timeouts."""

from __future__ import annotations

import socket

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream
from tests.fakes.server import TOKEN
from tests.fakes.waiting import free_port


def collect(stream: EventStream) -> list[int]:
    seqs: list[int] = []
    stream.event_received.connect(lambda e: seqs.append(e["seq"]))
    return seqs


def issue(server, n: int, live: bool = True) -> None:
    for _ in range(n):
        server.next_ticket += 1
        server.record("issued", live=live, ticket_id=server.next_ticket, field_code="DD", label=str(server.next_ticket))


def test_connects_and_replays_the_events_after_since(qtbot, fake_server, stream):
    issue(fake_server, 5)
    seqs = collect(stream)
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.start(since=2)
    qtbot.waitUntil(lambda: seqs == [3, 4, 5], timeout=5000)
    assert stream.online and stream.last_seq == 5 and fake_server.since_seen == [2]


def test_live_events_follow_the_replay(qtbot, fake_server, stream):
    seqs = collect(stream)
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.start(since=0)
    issue(fake_server, 3)
    qtbot.waitUntil(lambda: seqs == [1, 2, 3], timeout=5000)


def test_repeated_events_are_dropped(qtbot, fake_server, stream):
    seqs = collect(stream)
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.start(since=0)
    issue(fake_server, 2)
    qtbot.waitUntil(lambda: seqs == [1, 2], timeout=5000)
    fake_server.push(fake_server.events[0])
    issue(fake_server, 1)
    qtbot.waitUntil(lambda: seqs == [1, 2, 3], timeout=5000)
    assert stream.duplicates == 1


def test_a_gap_is_closed_by_a_replay_from_the_last_event_seen(qtbot, fake_server, stream):
    seqs = collect(stream)
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.start(since=0)
    issue(fake_server, 1)
    qtbot.waitUntil(lambda: seqs == [1], timeout=5000)
    issue(fake_server, 1, live=False)  # seq 2 is lost on the way
    issue(fake_server, 1)
    qtbot.waitUntil(lambda: seqs == [1, 2, 3], timeout=5000)
    assert stream.gaps == 1 and fake_server.since_seen == [0, 1]


def test_a_server_restart_loses_and_repeats_nothing(qtbot, fake_server, stream):
    seqs = collect(stream)
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.start(since=0)
    issue(fake_server, 2)
    qtbot.waitUntil(lambda: seqs == [1, 2], timeout=5000)
    with qtbot.waitSignal(stream.disconnected, timeout=5000):
        fake_server.stop()
    assert not stream.online
    issue(fake_server, 3)  # happened while the client could not hear
    with qtbot.waitSignal(stream.connected, timeout=10000):
        fake_server.start()
    issue(fake_server, 1)
    qtbot.waitUntil(lambda: len(seqs) == 6, timeout=5000)
    assert seqs == [1, 2, 3, 4, 5, 6] and stream.reconnects == 1 and fake_server.since_seen[-1] == 2


def test_dropped_for_falling_behind_it_reconnects_at_once_from_the_last_seq(qtbot, fake_server, stream):
    seqs = collect(stream)
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.start(since=0)
    issue(fake_server, 2)
    qtbot.waitUntil(lambda: seqs == [1, 2], timeout=5000)
    with qtbot.waitSignal(stream.reconnect_scheduled, timeout=5000) as scheduled:
        fake_server.drop_clients(4008)
    assert scheduled.args == [0.0]
    qtbot.waitUntil(lambda: stream.online and fake_server.since_seen == [0, 2], timeout=5000)


def test_too_far_behind_the_server_sends_a_snapshot(qtbot, fake_server, stream):
    fake_server.replay_limit = 3
    issue(fake_server, 10)
    with qtbot.waitSignal(stream.reload_required, timeout=5000) as reload:
        stream.start(since=1)
    assert reload.args[0]["seq"] == 10 and stream.last_seq == 10
    seqs = collect(stream)
    issue(fake_server, 1)
    qtbot.waitUntil(lambda: seqs == [11], timeout=5000)


def test_while_the_server_is_down_the_waits_grow_to_the_cap(qtbot):
    api = ApiClient(f"http://127.0.0.1:{free_port()}", TOKEN)
    stream = EventStream(api, Backoff(jitter=0))
    delays = []
    stream.reconnect_scheduled.connect(delays.append)
    stream.start(since=0)
    for _ in range(7):
        qtbot.waitUntil(lambda n=len(delays): len(delays) > n and stream.reconnect_timer.isActive(), timeout=5000)
        stream.reconnect_timer.stop()
        stream.reconnect_timer.timeout.emit()  # skip the wait instead of sleeping through it
    assert delays[:7] == [0.25, 0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert not stream.online and stream.reconnects == 0
    stream.stop()
    assert not stream.reconnect_timer.isActive()


def test_a_server_that_never_completes_the_handshake_times_out(qtbot):
    with socket.socket() as mute:  # accepts TCP (the kernel does) but never speaks WebSocket
        mute.bind(("127.0.0.1", 0))
        mute.listen()
        api = ApiClient(f"http://127.0.0.1:{mute.getsockname()[1]}", TOKEN)
        stream = EventStream(api, Backoff(jitter=0), connect_timeout=0.2)
        with qtbot.waitSignal(stream.reconnect_scheduled, timeout=5000):
            stream.start(since=0)
        stream.stop()


def test_a_refused_token_is_reported_and_gets_no_events(qtbot, fake_server):
    stream = EventStream(ApiClient(fake_server.url, "wrong"), Backoff(jitter=0))
    received = []
    stream.event_received.connect(received.append)
    with qtbot.waitSignal(stream.refused, timeout=5000), qtbot.waitSignal(stream.reconnect_scheduled, timeout=5000):
        stream.start(since=0)
    stream.stop()
    assert fake_server.connections == 0 and received == [] and not stream.online


def test_reconnect_now_skips_the_wait(qtbot, fake_server):
    stream = EventStream(ApiClient(fake_server.url, TOKEN), Backoff(base=5, cap=5))
    fake_server.stop()
    with qtbot.waitSignal(stream.reconnect_scheduled, timeout=5000):
        stream.start(since=0)
    fake_server.start()
    with qtbot.waitSignal(stream.connected, timeout=5000):
        stream.reconnect_now()
    stream.stop()
