"""The stream's messages framed once for every client and written by the hub itself (server/events.py):
the bytes a client reads, the hand-over between the hub and a client's sender, and a credential revoked
while a client is written to directly (the real server in a subprocess)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.client import ClientProtocol
from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.uri import parse_uri

from core.actions import Kind
from core.event import Event
from server.errors import Unauthorized
from server.events import PING, Hub, event_message, text_frames
from tests.fakes.http import bearer, login


def issued(seq: int, label: str = "1001") -> Event:
    return Event(seq=seq, at="2026-11-30T01:00:00Z", kind=Kind.ISSUED, service_day="2026-11-30", ticket_id=seq,
                 field_code="DD", label=label, data={"kiosk": "Ki-ốt sảnh A"})


def read_frames(data: bytes) -> list[Frame]:
    """What a real client's protocol (websockets) reads from *data*."""
    client = ClientProtocol(parse_uri("ws://qms/api/v1/events"), state=State.OPEN)
    client.receive_data(data)
    return [f for f in client.events_received() if isinstance(f, Frame)]


def test_a_message_framed_once_reads_the_same_at_any_client() -> None:
    small = (1, event_message(issued(1)))
    large = (2, event_message(issued(2, "9" * 70_000)))  # past the 16-bit length
    frames = read_frames(text_frames([small, large]))
    assert [(f.opcode, f.fin, f.data.decode()) for f in frames] == [
        (Opcode.TEXT, True, small[1]), (Opcode.TEXT, True, large[1])]


class RecordingSink:
    """A connection that takes writes while ``open`` and records them."""

    def __init__(self) -> None:
        self.open = True
        self.writes: list[bytes] = []
        self.written = asyncio.Event()

    def __call__(self, frames: bytes) -> bool:
        if self.open:
            self.writes.append(frames)
            self.written.set()
        return self.open


def live_subscriber(hub: Hub, sink: RecordingSink, sent: int = 0):
    sub = hub.subscribe()
    sub.sink, sub.live, sub.sent = sink, True, sent
    return sub


def test_a_caught_up_client_gets_a_commit_in_one_write() -> None:
    async def run() -> None:
        hub, sink = Hub(queue_size=10), RecordingSink()
        sub = live_subscriber(hub, sink)
        hub.publish([issued(1), issued(2)], {"fields": [{"code": "DD", "waiting": 2}]})
        assert sink.writes == [text_frames([(1, event_message(issued(1))),
                                            (2, event_message(issued(2), {"fields": [{"code": "DD", "waiting": 2}]}))])]
        assert sub.queue.empty() and sub.sent == 2
        hub.close()

    asyncio.run(run())


def test_a_full_connection_sends_the_client_back_to_its_queue_until_it_is_drained() -> None:
    async def run() -> None:
        hub, sink = Hub(queue_size=10), RecordingSink()
        sub = live_subscriber(hub, sink)
        sink.open = False  # its send buffer is full
        hub.publish([issued(1)])
        sink.open = True
        hub.publish([issued(2)])  # must not overtake the first, still queued
        assert sink.writes == [] and not sub.live
        assert [sub.queue.get_nowait()[0] for _ in range(2)] == [1, 2]
        hub.close()

    asyncio.run(run())


def test_the_hub_checks_the_credential_before_writing_and_drops_a_revoked_client() -> None:
    async def run() -> None:
        hub, sink = Hub(queue_size=10), RecordingSink()
        sub = live_subscriber(hub, sink)

        def revoked() -> None:
            raise Unauthorized()

        sub.check = revoked
        hub.publish([issued(1)])
        assert sink.writes == [] and sub.revoked.is_set() and sub not in hub.subscribers
        hub.close()

    asyncio.run(run())


def test_an_idle_live_client_gets_its_ping_from_the_hub() -> None:
    async def run() -> None:
        hub, sink = Hub(queue_size=10, ping_seconds=0.02), RecordingSink()
        live_subscriber(hub, sink)
        await sink.written.wait()  # the hub's own timer writes it
        assert [f.data.decode() for f in read_frames(sink.writes[0])] == [PING]
        hub.close()

    asyncio.run(asyncio.wait_for(run(), timeout=10))


@pytest.mark.slow
def test_a_live_display_whose_key_is_revoked_is_closed_with_4001(server_factory) -> None:
    server, centre = server_factory()
    with httpx.Client(base_url=server.url, timeout=10) as http:
        admin = bearer(login(http, "admin", None))
        created = http.post("/api/v1/admin/devices", json={"kind": "display", "name": "Tầng 2"}, headers=admin).json()

        def issue() -> int:
            r = http.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk))
            assert r.status_code == 201, r.text
            return r.json()["ticket"]["id"]

        async def follow() -> tuple[list[str], int | None]:
            kinds: list[str] = []
            url = server.url.replace("http://", "ws://") + f"/api/v1/events?token={created['key']}"
            async with connect(url, open_timeout=10) as ws:
                assert json.loads(await ws.recv())["type"] == "reload"
                first = await asyncio.to_thread(issue)
                message = json.loads(await ws.recv())  # live now: written by the hub itself
                assert message["event"]["ticket_id"] == first
                deleted = await asyncio.to_thread(
                    http.delete, f"/api/v1/admin/devices/{created['device']['id']}", headers=admin)
                assert deleted.status_code in (200, 204), deleted.text
                await asyncio.to_thread(issue)
                try:
                    while True:
                        kinds.append(json.loads(await ws.recv())["event"]["kind"])
                except ConnectionClosed as closed:
                    return kinds, closed.rcvd.code if closed.rcvd else None

        kinds, code = asyncio.run(asyncio.wait_for(follow(), timeout=30))
    assert code == 4001 and "issued" not in kinds
