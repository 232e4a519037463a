"""What every HTTP request passes through once, in one layer: the body-size limit, the JSON 500 for an
unexpected error, and the access log.

These were three middlewares, each wrapping the request's ``send`` again, and the body limit read and
replayed every body; one layer that wraps ``send`` once and touches the body only when it has no
``Content-Length`` costs a fraction of that on every request. A log line for every request cost more than
all the rest of it: requests that went well are counted and summed up once a minute instead
(docs/performance.md).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import QmsError
from server.errors import Internal, TooLarge, http_status

log = logging.getLogger("qms.server")
access = logging.getLogger("qms.server.access")

# A route answered without the framework: called with the request and the framework's app, to which it
# hands whatever it does not answer itself (server/direct.py).
Direct = Callable[[Scope, Receive, Send, ASGIApp], Awaitable[None]]


def route_of(scope: Scope) -> str:
    """The matched route's template (``/t/{token}``), never the raw path: paths and query strings may
    hold secrets."""
    route = scope.get("route")
    return getattr(route, "path", "-")


def error_response(error: QmsError) -> JSONResponse:
    """The JSON answer for *error*."""
    return JSONResponse({"error": error.to_dict()}, status_code=http_status(error))


class AccessLog:
    """The access log, by route template and status (never paths, keys or bodies): a line at once for
    each request that failed or was slow; the others counted and summed up every *interval* seconds
    (``POST /api/v1/tickets 201 ×812, mean 12.1ms, max 85.0ms``). Each change is in the event log anyway."""

    def __init__(self, interval: float = 60.0, slow_ms: float = 500.0) -> None:
        self.interval = interval
        self.slow_ms = slow_ms
        self._done: dict[tuple[str, str, int], list[float]] = {}  # [count, total ms, longest ms]

    def request(self, method: str, route: str, status: int, ms: float) -> None:
        """Note one answered request."""
        if not 200 <= status < 400 or ms >= self.slow_ms:
            access.info("%s %s %s %.1fms", method, route, status, ms)
            return
        seen = self._done.get((method, route, status))
        if seen is None:
            self._done[(method, route, status)] = [1, ms, ms]
        else:
            seen[0] += 1
            seen[1] += ms
            seen[2] = max(seen[2], ms)

    def flush(self) -> None:
        """Write the summary of the requests that went well since the last one."""
        for (method, route, status), (count, total, longest) in sorted(self._done.items()):
            access.info("%s %s %s ×%d, mean %.1fms, max %.1fms", method, route, status, count, total / count,
                        longest)
        self._done.clear()

    async def run(self) -> None:
        """Write the summary every *interval* seconds until cancelled (the server's lifespan runs this)."""
        while True:
            await asyncio.sleep(self.interval)
            self.flush()


class Guard:
    """Refuses bodies over *max_bytes* with 413 ``too_large`` before any handler runs; answers an
    unexpected error with the JSON 500 and lets it go no further (uvicorn closes the connection of any
    request whose app raised: every 500 would cost the kiosk its kept-alive connection); tells *log* of
    every request. A request whose method and path are in *direct* goes to that handler instead of the
    framework (the mapping is read on each request: emptied, everything goes through the framework)."""

    def __init__(self, app: ASGIApp, max_bytes: int, log: AccessLog,
                 direct: Mapping[tuple[str, str], Direct] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.log = log
        self.direct: Mapping[tuple[str, str], Direct] = direct if direct is not None else {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        length: bytes | None = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = value
            elif name == b"transfer-encoding":
                chunked = True
        status = 0
        try:
            if length is not None:
                # The HTTP parser hands the app exactly Content-Length bytes: checking the header is enough.
                if not length.isdigit() or int(length) > self.max_bytes:
                    status = 413
                    await error_response(TooLarge(limit=self.max_bytes))(scope, receive, send)
                    return
            elif chunked:
                replay = await self._read_counted(receive)
                if replay is None:
                    status = 413
                    await error_response(TooLarge(limit=self.max_bytes))(scope, receive, send)
                    return
                receive = replay

            async def watch(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                direct = self.direct.get((scope["method"], scope["path"])) if self.direct else None
                if direct is None:
                    await self.app(scope, receive, watch)
                else:
                    await direct(scope, receive, watch, self.app)
            except Exception as exc:
                if status:
                    raise  # half an answer went out: only closing the connection tells the client
                log.error("internal error on %s %s: %s", scope["method"], route_of(scope), type(exc).__name__,
                          exc_info=exc)
                status = 500
                await error_response(Internal())(scope, receive, send)
        finally:
            self.log.request(scope["method"], route_of(scope), status, (time.perf_counter() - started) * 1000)

    async def _read_counted(self, receive: Receive) -> Receive | None:
        """Read a body of unknown length, counting; ``None`` once it passes the limit, else a ``receive``
        that hands the app what was read."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                return None
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay
