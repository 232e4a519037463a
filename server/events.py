"""The live event stream: a broadcast hub and the ``/api/v1/events`` WebSocket.

Each connected client has its own bounded queue and its own sender task. The hub never waits: a slow or
dead client cannot delay the others or the writer. A client that has caught up (its replay sent, nothing
queued) and whose connection takes data now gets each commit's messages written by the hub itself, framed
once for all clients and in one write per client (``Subscriber.sink``); otherwise they go into its queue
for its sender, which waits for the connection. A client whose queue overflows is closed with code 4008
and reconnects with ``since`` = the last sequence it saw, which replays what it missed from the event log.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from websockets.frames import Frame, Opcode

from core.board import QueueBoard
from core.device_keys import key_hash
from core.event import Event
from server.auth import cookie_token
from server.errors import Unauthorized
from server.limits import FRAME_SINK

log = logging.getLogger(__name__)

CLOSE_TOO_SLOW = 4008
CLOSE_UNAUTHORIZED = 4001
REPLAY_BATCH = 1000


def event_message(event: Event, rows: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """The wire form of one event (the same whether it came live or from the log), with the field and
    counter rows its commit changed when given."""
    body: dict[str, Any] = {"type": "event", "event": event.to_dict()}
    if rows:
        body["rows"] = rows
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def reload_message(snapshot: dict[str, Any]) -> str:
    """The wire form of a snapshot: the client replaces its whole state with it."""
    return json.dumps({"type": "reload", "snapshot": snapshot}, ensure_ascii=False, separators=(",", ":"))


def text_frames(messages: list[tuple[int, str]]) -> bytes:
    """*messages* as the WebSocket text frames a server sends (unmasked, uncompressed: the same bytes for
    every client), one after the other."""
    return b"".join(Frame(Opcode.TEXT, m.encode()).serialize(mask=False, extensions=[]) for _, m in messages)


PING_SEQ = -1  # the queue item of a ping: not an event
PING = '{"type":"ping"}'
PING_FRAME = text_frames([(PING_SEQ, PING)])

# Writes already-framed bytes to a client's connection if it takes them now; False when nothing was written.
Sink = Callable[[bytes], bool]


class Subscriber:
    """One connected client's queue of (seq, message), when something was last queued for it, and
    whether it fell behind or lost its right to listen.

    A client with a *sink* (the server's own WebSocket protocol, ``server.limits``) and a *check* of its
    credential is written to by the hub directly while ``live``: its sender sets that when it has sent
    everything up to ``sent`` and waits on an empty queue; the hub clears it as soon as it queues
    something instead, so messages never overtake one another."""

    def __init__(self, size: int, now: float) -> None:
        self.queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue(maxsize=size)
        self.overflowed = asyncio.Event()
        self.revoked = asyncio.Event()
        self.active = now
        self.sink: Sink | None = None
        self.check: Callable[[], object] = lambda: None
        self.live = False
        self.sent = 0


class Hub:
    """Fans every committed event out to the connected clients (all on the event loop's thread).

    Pings come from one timer for all clients, not from a timeout around each client's wait: with a
    hundred clients, a timeout armed and cancelled per message and per client cost more than the send."""

    def __init__(self, queue_size: int, ping_seconds: float = 20.0) -> None:
        self.queue_size = queue_size
        self.ping_seconds = ping_seconds
        self.subscribers: set[Subscriber] = set()
        self.last_seq = 0
        self._pinger: asyncio.Task[None] | None = None

    def subscribe(self) -> Subscriber:
        """A new client's subscription; it receives every event published from now on (and a ping
        after ``ping_seconds`` to half as long again without one)."""
        loop = asyncio.get_running_loop()
        sub = Subscriber(self.queue_size, loop.time())
        self.subscribers.add(sub)
        if self._pinger is None or self._pinger.done():
            self._pinger = loop.create_task(self._ping_idle(), name="qms-stream-pings")
        return sub

    async def _ping_idle(self) -> None:
        loop = asyncio.get_running_loop()
        while self.subscribers:
            await asyncio.sleep(self.ping_seconds / 2)
            now = loop.time()
            for sub in list(self.subscribers):
                if now - sub.active >= self.ping_seconds:
                    self._put(sub, [(PING_SEQ, PING)], PING_FRAME, now)

    def _put(self, sub: Subscriber, items: list[tuple[int, str]], frames: bytes, now: float) -> None:
        sub.active = now
        if sub.live and sub.sink is not None and self._write(sub, items, frames):
            return
        sub.live = False  # its sender takes over until the queue is empty again
        try:
            for item in items:
                sub.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.subscribers.discard(sub)
            sub.overflowed.set()

    def _write(self, sub: Subscriber, items: list[tuple[int, str]], frames: bytes) -> bool:
        """Write *frames* (all of *items*) to a caught-up client now, after checking its credential as
        its sender would before every message. False: nothing done, queue them."""
        try:
            sub.check()
        except Unauthorized:
            self.subscribers.discard(sub)
            sub.revoked.set()
            return True
        first = items[0][0]
        if first != PING_SEQ and first <= sub.sent:  # not expected while live; the sender skips repeats
            return False
        if not sub.sink(frames):  # type: ignore[misc]
            return False
        sub.sent = max(sub.sent, items[-1][0])
        return True

    def unsubscribe(self, sub: Subscriber) -> None:
        """Stop delivering to *sub*."""
        self.subscribers.discard(sub)
        if not self.subscribers:
            self.close()

    def close(self) -> None:
        """Stop the ping timer (it starts again with the next subscriber)."""
        if self._pinger is not None:
            self._pinger.cancel()
            self._pinger = None

    def publish(self, events: list[Event], rows: dict[str, list[dict[str, Any]]] | None = None) -> None:
        """Send or queue the events of one commit for every client, the changed *rows* with the last of
        them; a client with a full queue is marked to be dropped. Each message is encoded and framed once
        for all clients."""
        if not events:
            return
        self.last_seq = max(self.last_seq, events[-1].seq)
        if not self.subscribers:  # encoded for nobody: a client that connects later reads the log
            return
        last = len(events) - 1
        messages = [(e.seq, event_message(e, rows if i == last else None)) for i, e in enumerate(events)]
        frames = text_frames(messages)
        now = asyncio.get_running_loop().time()
        for sub in list(self.subscribers):
            self._put(sub, messages, frames, now)


router = APIRouter()


@router.websocket("/api/v1/events")
async def events(websocket: WebSocket, since: int | None = None, token: str | None = None) -> None:
    """Stream every event in sequence order: missed ones from the log first, then live ones."""
    services = websocket.app.state.qms
    header = websocket.headers.get("authorization", "")
    credential = token or (header[7:].strip() if header.lower().startswith("bearer ") else None)
    if credential is None and _same_origin(websocket):
        credential = cookie_token(websocket.cookies)  # the administrators' pages (server/routes_web_admin.py)
    # Accepted before the check, so that a refused client gets the documented close code rather than a
    # bare HTTP 403 that looks like any network failure.
    await websocket.accept()
    try:
        services.auth.authenticate(credential)
    except Unauthorized:
        await websocket.close(code=CLOSE_UNAUTHORIZED)
        return
    sub = services.hub.subscribe()
    sub.sink = websocket.scope.get("extensions", {}).get(FRAME_SINK)
    sender = asyncio.create_task(_send(websocket, services, sub, since, credential))
    try:
        receiver = asyncio.create_task(_drain(websocket))
        overflow = asyncio.create_task(sub.overflowed.wait())
        revoked = asyncio.create_task(sub.revoked.wait())
        await asyncio.wait({sender, receiver, overflow, revoked}, return_when=asyncio.FIRST_COMPLETED)
        for task in (sender, receiver, overflow, revoked):
            task.cancel()
        if sub.overflowed.is_set():
            log.info("event client dropped: too far behind")
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(code=CLOSE_TOO_SLOW), timeout=1.0)
        elif sub.revoked.is_set() or (sender.done() and not sender.cancelled()
                                      and isinstance(sender.exception(), Unauthorized)):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(code=CLOSE_UNAUTHORIZED), timeout=1.0)
    finally:
        services.hub.unsubscribe(sub)
        sender.cancel()


def _same_origin(websocket: WebSocket) -> bool:
    """Whether the page that opened *websocket* came from this server: a browser sends cookies with any
    page's WebSocket, so the staff cookie counts only for the server's own pages."""
    origin = websocket.headers.get("origin", "")
    return bool(origin) and origin.split("://", 1)[-1] == websocket.headers.get("host")


async def _drain(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, text or binary, to notice when it goes away."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass


async def _send(websocket: WebSocket, services: Any, sub: Subscriber, since: int | None,
                credential: str | None) -> None:
    """Replay from the log (or send a snapshot), then forward live events, without gaps or repeats.

    The credential is checked again before every live message: a key revoked, an officer logged out or
    an account disabled while connected ends the stream (raises ``Unauthorized``; closed with 4001)."""
    settings = services.settings
    last = await services.readers.run(lambda b: b.last_seq())
    if since is None or since < 0 or since > last or last - since > settings.replay_limit:
        # A client that is new, too far behind, or ahead of this database (it was replaced) starts over.
        snapshot = await services.readers.run(lambda b: b.snapshot())
        await websocket.send_text(reload_message(snapshot))
        sent = snapshot["seq"]
    else:
        sent = since
        while True:
            batch, snapshot = await services.readers.run(lambda b, s=sent: _replay(b, s, REPLAY_BATCH))
            for event in batch:
                await websocket.send_text(event_message(event))
                sent = event.seq
            if snapshot is not None:
                # Replayed events carry no rows: the state they lead to comes as one snapshot, read in the
                # same transaction as the last of them (its seq is the last one sent).
                await websocket.send_text(reload_message(snapshot))
                break
    queue, auth = sub.queue, services.auth
    digest = key_hash(credential) if credential else None  # once, not before every message
    sub.check = lambda: auth.authenticate(credential, digest)
    sub.sent = sent
    while True:
        if queue.empty():
            sub.live = True  # caught up: the hub may write to this client itself until it queues again
            seq, message = await queue.get()
        else:
            seq, message = queue.get_nowait()
        sub.check()
        if seq > sub.sent or seq == PING_SEQ:
            await websocket.send_text(message)
            sub.sent = max(sub.sent, seq)


def _replay(board: QueueBoard, since: int, limit: int) -> tuple[list[Event], dict[str, Any] | None]:
    """Up to *limit* events after *since* and, when they are the last ones, the snapshot right after them
    (one read transaction: nothing can be committed between the two)."""
    board.db.conn.execute("BEGIN")
    try:
        events = board.events_since(since, limit)
        return events, (board.snapshot() if len(events) < limit else None)
    finally:
        board.db.conn.execute("COMMIT")
