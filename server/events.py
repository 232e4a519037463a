"""The live event stream: a broadcast hub and the ``/api/v1/events`` WebSocket.

Each connected client has its own bounded queue and its own sender task. The hub only puts an
already-encoded message in each queue, never waits: a slow or dead client cannot delay the others or the
writer. A client whose queue overflows is closed with code 4008 and reconnects with ``since`` = the last
sequence it saw, which replays what it missed from the event log.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from core.board import QueueBoard
from core.device_keys import key_hash
from core.event import Event
from server.auth import cookie_token
from server.errors import Unauthorized

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


PING_SEQ = -1  # the queue item of a ping: not an event
PING = '{"type":"ping"}'


class Subscriber:
    """One connected client's queue of (seq, message), when something was last queued for it, and
    whether it fell behind."""

    def __init__(self, size: int, now: float) -> None:
        self.queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue(maxsize=size)
        self.overflowed = asyncio.Event()
        self.active = now


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
                    self._put(sub, [(PING_SEQ, PING)], now)

    def _put(self, sub: Subscriber, items: list[tuple[int, str]], now: float) -> None:
        try:
            for item in items:
                sub.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.subscribers.discard(sub)
            sub.overflowed.set()
        sub.active = now

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
        """Queue the events of one commit for every client, the changed *rows* with the last of them; a
        client with a full queue is marked to be dropped. Each message is encoded once for all clients."""
        if not events:
            return
        self.last_seq = max(self.last_seq, events[-1].seq)
        if not self.subscribers:  # encoded for nobody: a client that connects later reads the log
            return
        last = len(events) - 1
        messages = [(e.seq, event_message(e, rows if i == last else None)) for i, e in enumerate(events)]
        now = asyncio.get_running_loop().time()
        for sub in list(self.subscribers):
            self._put(sub, messages, now)


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
    sender = asyncio.create_task(_send(websocket, services, sub, since, credential))
    try:
        receiver = asyncio.create_task(_drain(websocket))
        overflow = asyncio.create_task(sub.overflowed.wait())
        await asyncio.wait({sender, receiver, overflow}, return_when=asyncio.FIRST_COMPLETED)
        for task in (sender, receiver, overflow):
            task.cancel()
        if sub.overflowed.is_set():
            log.info("event client dropped: too far behind")
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(code=CLOSE_TOO_SLOW), timeout=1.0)
        elif sender.done() and not sender.cancelled() and isinstance(sender.exception(), Unauthorized):
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
    while True:
        seq, message = queue.get_nowait() if not queue.empty() else await queue.get()
        auth.authenticate(credential, digest)
        if seq > sent or seq == PING_SEQ:
            await websocket.send_text(message)
            sent = max(sent, seq)


def _replay(board: QueueBoard, since: int, limit: int) -> tuple[list[Event], dict[str, Any] | None]:
    """Up to *limit* events after *since* and, when they are the last ones, the snapshot right after them
    (one read transaction: nothing can be committed between the two)."""
    board.db.conn.execute("BEGIN")
    try:
        events = board.events_since(since, limit)
        return events, (board.snapshot() if len(events) < limit else None)
    finally:
        board.db.conn.execute("COMMIT")
