"""The bridge's connection to the centre server: the REST calls it makes and the event stream it follows,
in asyncio with httpx and websockets, like any other client of the API (docs/server.md).

The stream reconnects by itself with backoff and asks for the events after the last ``seq`` it saw, so no
call is missed while the server restarts; the REST calls raise :class:`ApiError` with the server's own
bilingual message.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from client.backoff import Backoff

log = logging.getLogger(__name__)
OnMessage = Callable[[dict[str, Any]], Awaitable[None] | None]


class ApiError(Exception):
    """The server refused a request (its error body), or could not be reached (``code="unreachable"``)."""

    def __init__(self, status: int, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.status, self.code, self.message_vi, self.message_en = status, code, message_vi, message_en

    @classmethod
    def from_response(cls, response: httpx.Response) -> ApiError:
        try:
            error = response.json()["error"]
            return cls(response.status_code, error["code"], error["message_vi"], error["message_en"])
        except (ValueError, KeyError, TypeError):
            return cls(response.status_code, "http", f"Máy chủ trả lời {response.status_code}.",
                       f"The server answered {response.status_code}.")


class ServerLink:
    """REST calls and the event stream of one server, with the bridge's device key for reading."""

    def __init__(self, base_url: str, device_key: str, *, timeout: float = 5.0,
                 backoff: Backoff | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.device_key = device_key
        self.http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)
        self.backoff = backoff or Backoff()
        self.seq: int | None = None
        self.connected = asyncio.Event()

    async def close(self) -> None:
        await self.http.aclose()

    async def request(self, method: str, path: str, token: str | None = None,
                      body: dict[str, Any] | None = None) -> Any:
        """One API call; the JSON answer, or :class:`ApiError`."""
        headers = {"Authorization": f"Bearer {token or self.device_key}"}
        try:
            response = await self.http.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            log.warning("server %s unreachable: %s", self.base_url, exc)
            raise ApiError(0, "unreachable", "Không kết nối được máy chủ.", "The server cannot be reached.") from None
        if response.status_code >= 400:
            raise ApiError.from_response(response)
        return response.json() if response.content else None

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
                async with connect(self._ws_url(), open_timeout=5, max_size=2**24) as ws:
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
