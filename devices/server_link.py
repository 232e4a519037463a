"""The bridge's connection to the centre server: the REST calls it makes and the event stream it follows,
like any other client of the API (docs/server.md).

The event stream is a websockets client on the asyncio loop. The REST calls use the standard library's
``http.client`` on a small pool of threads of their own, each keeping its connection alive: the layers keep
the server's libraries (httpx among them) out of ``devices``.

The stream reconnects by itself with backoff and asks for the events after the last ``seq`` it saw, so no
call is missed while the server restarts; the REST calls raise :class:`ApiError` with the server's own
bilingual message.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from devices.backoff import Backoff

log = logging.getLogger(__name__)
OnMessage = Callable[[dict[str, Any]], Awaitable[None] | None]


class ApiError(Exception):
    """The server refused a request (its error body), or could not be reached (``code="unreachable"``)."""

    def __init__(self, status: int, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.status, self.code, self.message_vi, self.message_en = status, code, message_vi, message_en

    @classmethod
    def from_body(cls, status: int, body: bytes) -> ApiError:
        """The error the server's documented body describes (``server/errors.py``)."""
        try:
            error = json.loads(body)["error"]
            return cls(status, error["code"], error["message_vi"], error["message_en"])
        except (ValueError, KeyError, TypeError):
            return cls(status, "http", f"Máy chủ trả lời {status}.", f"The server answered {status}.")


class ServerLink:
    """REST calls and the event stream of one server, with the bridge's device key for reading."""

    def __init__(self, base_url: str, device_key: str, *, timeout: float = 5.0,
                 backoff: Backoff | None = None, workers: int = 16) -> None:
        self.base_url = base_url.rstrip("/")
        self.device_key = device_key
        self.timeout = timeout
        # A morning burst is tens of counters calling at once; each request waits on the server, not on
        # this process, so the threads are many and cheap.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="qms-http")
        # One kept-alive connection per worker thread, straight to the server on the centre's LAN (no proxy
        # from the environment).
        self._local = threading.local()
        self._prefix = urlsplit(self.base_url).path
        self._opened: list[http.client.HTTPConnection] = []
        self._opened_lock = threading.Lock()
        self.backoff = backoff or Backoff()
        self.seq: int | None = None
        self.connected = asyncio.Event()

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._opened_lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()

    async def request(self, method: str, path: str, token: str | None = None,
                      body: dict[str, Any] | None = None) -> Any:
        """One API call; the JSON answer, or :class:`ApiError`."""
        loop = asyncio.get_running_loop()
        status, raw = await loop.run_in_executor(self._pool, self._send, method, path, token, body)
        if status >= 400:
            raise ApiError.from_body(status, raw)
        return json.loads(raw) if raw else None

    def _send(self, method: str, path: str, token: str | None, body: dict[str, Any] | None) -> tuple[int, bytes]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {"Authorization": f"Bearer {token or self.device_key}", "Content-Type": "application/json"}
        for attempt in (1, 2):
            conn, reused = self._connection()
            try:
                conn.request(method, self._prefix + path, body=data, headers=headers)
                response = conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self._local.conn = None
                conn.close()
                if reused and attempt == 1:
                    continue  # the server closed an idle kept-alive connection before reading this request
                self._unreachable(exc)
            except (OSError, http.client.HTTPException) as exc:  # refused, timeout, garbled answer
                self._local.conn = None
                conn.close()
                self._unreachable(exc)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's kept-alive connection (a morning burst must not open seventy connections at once:
        a full accept queue answers with seconds of TCP retries)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn, True
        parts = urlsplit(self.base_url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname or "127.0.0.1", parts.port, timeout=self.timeout)
        self._local.conn = conn
        with self._opened_lock:
            self._opened.append(conn)
        return conn, False

    def _unreachable(self, exc: BaseException) -> None:
        log.warning("server %s unreachable: %s", self.base_url, exc)
        raise ApiError(0, "unreachable", "Không kết nối được máy chủ.", "The server cannot be reached.") from None

    async def config(self) -> dict[str, Any]:
        return await self.request("GET", "/api/v1/config")

    async def login(self, username: str, pin: str, counter: int) -> str:
        answer = await self.request("POST", "/api/v1/auth/login",
                                    body={"username": username, "pin": pin, "counter": counter})
        return answer["token"]

    async def step(self, token: str, counter: int, step: str, ticket_id: int | None = None,
                   body: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """One counter step (``call-next``, ``pause``, ``recall``, ``transfer``, ``logout`` ...); returns the
        ticket the server answered with, if any."""
        if step == "logout":
            await self.request("POST", "/api/v1/auth/logout", token)
            return None
        if step in ("call-next", "call", "pause", "unpause"):
            path = f"/api/v1/counters/{counter}/{step}"
        else:
            path = f"/api/v1/counters/{counter}/tickets/{ticket_id}/{step}"
        answer = await self.request("POST", path, token, body)
        return answer.get("ticket") if isinstance(answer, dict) else None

    async def report_health(self, port: str, address: int, kind: str, counter: int | None, alive: bool) -> None:
        """Tell the server a device (or, with *kind* ``port``, the whole port) stopped or resumed answering."""
        await self.request("POST", "/api/v1/hardware/health", body={
            "port": port, "address": address, "kind": kind, "counter": counter, "alive": alive})

    async def public_ticket(self, token: str) -> dict[str, Any]:
        """A ticket's public status by the secret token of its QR code."""
        return await self.request("GET", f"/api/v1/public/tickets/{token}")

    def _ws_url(self) -> str:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        since = f"since={self.seq}&" if self.seq is not None else ""
        return f"{scheme}://{parts.netloc}{parts.path}/api/v1/events?{since}token={self.device_key}"

    async def follow(self, on_message: OnMessage, stop: asyncio.Event) -> None:
        """Deliver every stream message to *on_message* until *stop* is set, reconnecting after failures."""
        while not stop.is_set():
            try:
                async with connect(self._ws_url(), open_timeout=5, max_size=2**24, proxy=None) as ws:
                    self.connected.set()
                    self.backoff.reset()
                    log.info("event stream connected to %s", self.base_url)
                    reader = asyncio.create_task(self._read(ws, on_message))
                    stopper = asyncio.create_task(stop.wait())
                    await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
                    for task in (reader, stopper):
                        task.cancel()
                    if stop.is_set():
                        return
                    reader.result()  # the reason the stream ended
            except InvalidStatus as exc:
                log.error("event stream refused (%s): check the bridge's device key", exc.response.status_code)
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError, ValueError) as exc:
                log.warning("event stream to %s lost: %s", self.base_url, exc)
            self.connected.clear()
            try:
                await asyncio.wait_for(stop.wait(), self.backoff.next_delay())
            except TimeoutError:
                pass

    async def _read(self, ws: Any, on_message: OnMessage) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message.get("type") == "event":
                self.seq = message["event"]["seq"]
            elif message.get("type") == "reload":
                self.seq = message["snapshot"]["seq"]
            result = on_message(message)
            if asyncio.iscoroutine(result):
                await result
