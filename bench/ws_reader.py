"""A WebSocket reader that costs the load generator as little as possible: for the stream benchmark.

A server's frames are not masked (RFC 6455 §5.1), so reading them needs no more than their two-to-ten-byte
headers: this reader does the opening handshake by hand on a plain asyncio protocol, splits what arrives
into frames, and looks for one byte pattern in each text frame, with the arrival time taken when the
bytes were handed over (before anything is parsed). It answers the server's pings, and does nothing else:
no UTF-8 check, no JSON, no per-message task or queue.

A full client (the ``websockets`` library) in the same process costs far more per message, and with 100 of
them on the same two cores as the server its timestamps measured its own backlog (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
import time
from collections.abc import Callable

TEXT, CLOSE, PING = 0x1, 0x8, 0x9


def masked_frame(opcode: int, payload: bytes) -> bytes:
    """A client's frame (clients must mask theirs; a zero mask keeps the payload as it is)."""
    assert len(payload) < 126
    return bytes((0x80 | opcode, 0x80 | len(payload))) + b"\0\0\0\0" + payload


class FrameReader(asyncio.Protocol):
    """One connection to the event stream: calls ``on_match(arrived)`` for every text frame that contains
    *pattern*, ``arrived`` being ``time.perf_counter()`` when its last bytes came in."""

    def __init__(self, pattern: bytes, on_match: Callable[[float], None]) -> None:
        self.pattern = pattern
        self.on_match = on_match
        self.buffer = bytearray()
        self.upgraded = False
        self.opened: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self.first: bytes | None = None  # the first message's payload (the snapshot)
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        arrived = time.perf_counter()
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buffer[:end])
            del buffer[:end + 4]
            if not head.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(ConnectionError(head.decode("latin-1")))
                self.transport.abort()
                return
            self.upgraded = True
        start = 0
        while len(buffer) - start >= 2:
            opcode, size = buffer[start] & 0x0F, buffer[start + 1] & 0x7F
            header = 2
            if size == 126:
                if len(buffer) - start < 4:
                    break
                size, header = struct.unpack_from("!H", buffer, start + 2)[0], 4
            elif size == 127:
                if len(buffer) - start < 10:
                    break
                size, header = struct.unpack_from("!Q", buffer, start + 2)[0], 10
            end = start + header + size
            if end > len(buffer):
                break
            if opcode == TEXT:
                if self.first is None:
                    self.first = bytes(buffer[start + header:end])
                    self.opened.set_result(self.first)
                elif buffer.find(self.pattern, start + header, end) >= 0:
                    self.on_match(arrived)
            elif opcode == PING:
                self.transport.write(masked_frame(0xA, bytes(buffer[start + header:end])))
            elif opcode == CLOSE and not self.closed.done():
                self.closed.set_result(bytes(buffer[start + header:end]))
            start = end
        del buffer[:start]

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed before the first message"))
        if not self.closed.done():
            self.closed.set_result(b"")

    def close(self) -> None:
        """Say goodbye (code 1000) and let the server close the connection."""
        if not self.transport.is_closing():
            self.transport.write(masked_frame(CLOSE, struct.pack("!H", 1000)))


async def open_reader(port: int, path: str, pattern: bytes, on_match: Callable[[float], None]) -> FrameReader:
    """A :class:`FrameReader` on ``ws://127.0.0.1:port/path``, returned once its first message came."""
    loop = asyncio.get_running_loop()
    key = base64.b64encode(os.urandom(16)).decode()
    _, reader = await loop.create_connection(lambda: FrameReader(pattern, on_match), "127.0.0.1", port)
    reader.transport.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           .encode())
    await reader.opened
    return reader
