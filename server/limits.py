"""Connection limits: how many connections, how large and how slow a request's headers may be, the
process's file limit, and cutting a WebSocket the app is done with.

uvicorn on its own accepts connections until the process runs out of files (then health and ticket
issue fail), keeps a connection that trickles its headers open for ever and accepts headers of any size.
The protocol classes here are uvicorn's own with those holes closed; :func:`uvicorn_options` plugs them
in. Refusals carry the API's JSON error body (``docs/server.md``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import struct
import sys
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

from server.errors import HeadersTooLarge, MalformedRequest, ServerBusy, ServerError, http_status
from server.settings import Settings

log = logging.getLogger("qms.server")

# Files the process keeps for itself (database, WAL, logs, worker threads' connections, ...).
RESERVED_FILES = 64

# The ASGI scope extension through which the event stream writes messages it framed once for all clients
# (server/events.py): ``scope["extensions"][FRAME_SINK](frames) -> bool``.
FRAME_SINK = "qms.write_frames"

_REASONS = {400: b"Bad Request", 431: b"Request Header Fields Too Large", 503: b"Service Unavailable"}


def raw_error(error: ServerError) -> bytes:
    """A complete HTTP response carrying *error*'s JSON body, closing the connection."""
    body = json.dumps({"error": error.to_dict()}, ensure_ascii=False).encode("utf-8")
    status = http_status(error)
    return (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n" % (status, _REASONS.get(status, b"Error"), len(body))) + body


class LimitedHttpProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol with a connection cap, a header size cap and a header deadline."""

    max_connections = 2000
    max_header_bytes = 16384
    header_seconds = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_bytes = 0
        self._header_timer: asyncio.TimerHandle | None = None
        self._refusal: ServerError | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self.transport.write(raw_error(ServerBusy()))
            self.transport.close()
            return
        self._start_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _start_header_timer(self) -> None:
        self._stop_header_timer()
        self._header_timer = self.loop.call_later(self.header_seconds, self._headers_too_slow)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        # Nothing useful can be said to a client that has not finished asking: cut it.
        self.transport.abort()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        # The next request on a kept-alive connection: idle time between requests is the keep-alive
        # timeout's business; the header clock starts again with the request's first byte.
        if self._header_timer is None:
            self._start_header_timer()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > self.max_header_bytes:
            self._refusal = HeadersTooLarge(limit=self.max_header_bytes)
            raise ValueError("headers too large")  # httptools turns it into a parser error

    def on_headers_complete(self) -> None:
        self._stop_header_timer()
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """A malformed request (or one refused above) gets the documented JSON error body."""
        self._stop_header_timer()
        self.transport.write(raw_error(self._refusal or MalformedRequest()))
        self.transport.close()


class AbortingWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol that cuts a connection the app is done with if the peer does not
    take what is still queued for it, answers a text frame that is not UTF-8 with close code 1007
    instead of a logged traceback, and lets the app write already-framed messages (``FRAME_SINK``).

    uvicorn closes the transport politely, which waits until everything queued has been sent: a client
    that stopped reading (the app dropped it as too slow) would then hold its socket and file for ever."""

    abort_seconds = 2.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._lost = False
        super().connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        super().connection_lost(exc)

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:  # a refused handshake builds none
            scope["extensions"][FRAME_SINK] = self.write_frames

    def write_frames(self, frames: bytes) -> bool:
        """Write *frames* (complete server frames: unmasked, uncompressed) if the
        connection is open and its send buffer below the high-water mark; False when nothing was written.

        The same bytes go to every client, so the event stream frames a message once instead of once per
        client through ``send`` (which would also wake the client's task and pass Starlette's wrappers).
        Whole frames written between ``send``'s own keep order: ``send`` writes whole frames too."""
        if (self.close_sent or self.disconnected or not self.handshake_complete or not self.writable.is_set()
                or self.transport.is_closing() or self.conn.state is not State.OPEN or self.conn.extensions):
            return False
        self.transport.write(frames)
        return True

    async def run_asgi(self) -> None:
        await super().run_asgi()
        self.loop.call_later(self.abort_seconds, self._abort_if_stuck)

    def _abort_if_stuck(self) -> None:
        """A peer that reads completes the close within milliseconds; one still connected now is not
        reading. Reset the connection, so the kernel drops what is queued for it instead of keeping
        the socket for minutes."""
        if self._lost:
            return
        log.info("event client cut: it did not take its last messages")
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    def send_receive_event_to_app(self) -> None:
        if self.curr_msg_data_type == "text" and not self.close_sent:
            try:
                b"".join(self.frames).decode()
            except UnicodeDecodeError:
                self.frames = []
                self.conn.fail(1007, "invalid UTF-8")
                self.handle_parser_exception()
                return
        super().send_receive_event_to_app()


def raise_file_limit() -> int:
    """Raise this process's open-file limit to what the system allows; return the limit in force."""
    if sys.platform == "win32":
        return 8192  # no per-process descriptor limit to speak of for sockets
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return soft if soft != resource.RLIM_INFINITY else wanted
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    except (ValueError, OSError):
        return soft


def uvicorn_options(settings: Settings, file_limit: int) -> dict[str, Any]:
    """The limits as ``uvicorn.Config`` options (a protocol class made for this server's settings)."""
    connections = max(16, min(settings.max_connections, file_limit - RESERVED_FILES))
    if connections < settings.max_connections:
        log.warning("connection limit lowered from %d to %d by the open-file limit (%d)",
                    settings.max_connections, connections, file_limit)
    http = type("CentreHttpProtocol", (LimitedHttpProtocol,), {
        "max_connections": connections, "max_header_bytes": settings.max_header_bytes,
        "header_seconds": settings.header_seconds})
    # No permessage-deflate: it would compress every message once per client (ten times the cost of
    # sending it, measured), and on a LAN the bytes saved are worth nothing.
    return {"http": http, "ws": AbortingWebSocketProtocol, "ws_max_size": 65536, "ws_per_message_deflate": False}
