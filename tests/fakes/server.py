"""A small stand-in for the QMS server: just the HTTP/WebSocket contract the client relies on.

It pins the contract from the client's side: health, login, snapshot, ticket issue, the error body,
and the event stream with ``since`` replay ending with a snapshot, live events with the rows they changed,
``reload`` and close code 4008. It runs on uvicorn in a thread on a free loopback port and can be stopped
and started again on the same port, keeping its event
log, like a real server restarted. Test hooks: ``record`` (an event written while nobody listens),
``push`` (send any raw event to connected clients, to make repeats and gaps) and ``drop_clients``.
``tests/fakes/test_server_contract.py`` checks every answer against the real server's response models.
"""

from __future__ import annotations

import asyncio
import copy
import threading
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, PlainTextResponse

from .recorded import SNAPSHOT
from .waiting import free_port

TOKEN = "device-key"
OFFICER_TOKEN = "officer-token"


def error(status: int, code: str, vi: str, en: str, **details: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message_vi": vi, "message_en": en, "details": details}},
                        status_code=status)


class FakeServer:
    """The fake server's state (kept across restarts) and its uvicorn thread."""

    def __init__(self, replay_limit: int = 1000) -> None:
        self.port = free_port()
        self.replay_limit = replay_limit
        self.events: list[dict[str, Any]] = []
        self.waiting = {f["code"]: f["waiting"] for f in SNAPSHOT["fields"]}
        self.next_ticket = 100
        self.clients: set[asyncio.Queue[tuple[str, dict[str, Any]] | int]] = set()
        self.connections = 0  # WebSocket connections accepted, over all runs
        self.since_seen: list[int | None] = []  # the since= of each connection
        self.hang = asyncio.Event()  # never set: /slow waits on it
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.app = self._build()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def seq(self) -> int:
        return self.events[-1]["seq"] if self.events else 0

    # ----------------------------------------------------------------- life cycle

    def start(self) -> None:
        started = threading.Event()
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                ws="websockets-sansio", lifespan="off", timeout_graceful_shutdown=1)
        server = uvicorn.Server(config)
        self._server = server

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self.hang = asyncio.Event()

            original_startup = server.startup

            async def startup(sockets: Any = None) -> None:
                await original_startup(sockets=sockets)
                started.set()

            server.startup = startup  # type: ignore[method-assign]
            loop.run_until_complete(server.serve())
            loop.close()

        self._thread = threading.Thread(target=run, name=f"fake-server-{self.port}", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake server did not start")

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        loop = self._loop
        if loop is not None:
            # Close the WebSockets like a real server going down, then let uvicorn finish.
            loop.call_soon_threadsafe(self._close_all, 1012)
            loop.call_soon_threadsafe(self.hang.set)
        self._server.should_exit = True
        self._thread.join(10)
        self._server = self._thread = self._loop = None

    def restart(self) -> None:
        self.stop()
        self.start()

    # ----------------------------------------------------------------- test hooks

    def record(self, kind: str, live: bool = True, **fields: Any) -> dict[str, Any]:
        """Append an event to the log and, if *live*, send it to connected clients (a lost message
        when not)."""
        with self._lock:  # the log and its snapshot change together (a replay reads both at once)
            event = {"seq": self.seq + 1, "at": "2025-03-03T08:00:00+07:00", "kind": kind,
                     "service_day": SNAPSHOT["service_day"], "ticket_id": None, "field_code": None, "label": None,
                     "counter": None, "username": None, "data": {}}
            event.update(fields)
            if kind == "issued":
                self.waiting[event["field_code"]] += 1
            elif kind == "called":
                self.waiting[event["field_code"]] -= 1
            self.events.append(event)
        if live and self._loop is not None:
            # like the server, a live event carries the rows it changed (here: its field's waiting count)
            rows = {"fields": [f for f in self.snapshot()["fields"] if f["code"] == event["field_code"]]}
            message = {"type": "event", "event": copy.deepcopy(event)}
            if rows["fields"]:
                message["rows"] = rows
            self._loop.call_soon_threadsafe(self._broadcast, ("event", message))
        return event

    def push(self, event: dict[str, Any]) -> None:
        """Send *event* to every connected client as it is, without logging it."""
        if self._loop is not None:
            message = {"type": "event", "event": copy.deepcopy(event)}
            self._loop.call_soon_threadsafe(self._broadcast, ("raw", message))

    def drop_clients(self, code: int) -> None:
        """Close every client's WebSocket with *code* (4008: you fell behind)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._close_all, code)

    def _broadcast(self, item: tuple[str, dict[str, Any]]) -> None:
        for queue in list(self.clients):
            queue.put_nowait(item)

    def _close_all(self, code: int) -> None:
        for queue in list(self.clients):
            queue.put_nowait(code)

    def snapshot(self) -> dict[str, Any]:
        snap = copy.deepcopy(SNAPSHOT)
        snap["seq"] = self.seq
        for f in snap["fields"]:
            f["waiting"] = self.waiting[f["code"]]
        return snap

    # ----------------------------------------------------------------- the app

    def _build(self) -> FastAPI:
        app = FastAPI()
        fake = self

        def authorized(request: Request) -> bool:
            return request.headers.get("authorization") in (f"Bearer {TOKEN}", f"Bearer {OFFICER_TOKEN}")

        def unauthorized() -> JSONResponse:
            return error(401, "unauthorized", "Phiên làm việc không còn hiệu lực.", "The session is no longer valid.")

        @app.get("/api/v1/health")
        async def health() -> dict[str, Any]:
            return {"status": "ok", "seq": fake.seq, "service_day": SNAPSHOT["service_day"], "version": "fake",
                    "writer": {"ok": True, "error": None, "since": None}, "clock_step": None}

        @app.post("/api/v1/auth/login")
        async def login(request: Request) -> Any:
            body = await request.json()
            if body.get("pin") != "123456":
                return error(401, "login_failed", "Sai tên đăng nhập hoặc mã PIN.", "Wrong username or PIN.")
            return {"token": OFFICER_TOKEN, "username": body["username"], "full_name": "Nguyễn Thị Lan",
                    "role": "officer", "counter": body["counter"]}

        @app.get("/api/v1/snapshot")
        async def snapshot(request: Request) -> Any:
            return fake.snapshot() if authorized(request) else unauthorized()

        @app.post("/api/v1/tickets", status_code=201)
        async def issue(request: Request) -> Any:
            if not authorized(request):
                return unauthorized()
            body = await request.json()
            if body.get("field") not in fake.waiting:
                return error(404, "field_unknown", f"Không có lĩnh vực mã “{body.get('field')}”.",
                             f"There is no field with code “{body.get('field')}”.", field=body.get("field"))
            fake.next_ticket += 1
            label = str(1000 + fake.next_ticket)
            event = fake.record("issued", ticket_id=fake.next_ticket, field_code=body["field"], label=label)
            ticket = {"id": event["ticket_id"], "service_day": event["service_day"], "field": body["field"],
                      "seq": fake.next_ticket - 100, "label": label, "priority": body.get("priority"),
                      "priority_note": None, "state": "waiting", "issued_at": event["at"],
                      "queue_at": event["at"], "counter": None, "target_counter": None, "calls": 0,
                      "transferred_from": None}
            return JSONResponse({"ticket": ticket, "ahead": fake.waiting[body["field"]] - 1,
                                 "estimated_minutes": 8, "overloaded": False, "status_url": "/t/x",
                                 "centre": "Trung tâm thử",
                                 "field_name_vi": "Đất đai", "field_name_en": "Land"}, status_code=201)

        @app.get("/api/v1/slow")
        async def slow() -> dict[str, Any]:
            await fake.hang.wait()
            return {}

        @app.get("/api/v1/broken")
        async def broken() -> PlainTextResponse:
            return PlainTextResponse("<html>proxy page</html>")

        @app.get("/api/v1/boom")
        async def boom() -> PlainTextResponse:
            return PlainTextResponse("Internal Server Error", status_code=500)

        @app.websocket("/api/v1/events")
        async def events(websocket: WebSocket, since: int | None = None, token: str | None = None) -> None:
            if token not in (TOKEN, OFFICER_TOKEN):
                await websocket.accept()  # like the server: accepted, then closed with the reason
                await websocket.close(code=4001)
                return
            # Subscribe before replaying, and skip live events the replay already sent, like the server.
            queue: asyncio.Queue[tuple[str, dict[str, Any]] | int] = asyncio.Queue()
            fake.clients.add(queue)
            try:
                await websocket.accept()
                fake.connections += 1
                fake.since_seen.append(since)
                if since is None or since > fake.seq or fake.seq - since > fake.replay_limit:
                    snap = fake.snapshot()
                    await websocket.send_json({"type": "reload", "snapshot": snap})
                    sent = snap["seq"]
                else:
                    # Like the server, the replayed events and the snapshot that ends them are read together:
                    # an event recorded meanwhile is newer than both and comes live.
                    with fake._lock:
                        backlog = [event for event in fake.events if event["seq"] > since]
                        snap = fake.snapshot()
                    for event in backlog:
                        await websocket.send_json({"type": "event", "event": event})
                    await websocket.send_json({"type": "reload", "snapshot": snap})  # the state they led to
                    sent = snap["seq"]
                while True:
                    item = await queue.get()
                    if isinstance(item, int):
                        await websocket.close(code=item)
                        return
                    how, message = item
                    seq = message["event"]["seq"]
                    if how == "raw" or seq > sent:
                        await websocket.send_json(message)
                        sent = max(sent, seq)
            except WebSocketDisconnect:
                pass
            finally:
                fake.clients.discard(queue)

        return app
