"""A fake ESC/POS printer for tests: records what it is sent and answers DLE EOT like a real one.

:class:`FakePrinterCore` is the protocol side (a small stream parser that skips ``GS v 0`` image data
and answers ``DLE EOT n`` with the bytes the test chose). :class:`FakeNetworkPrinter` serves it on a
loopback TCP port; :class:`FakeSerialPrinter` serves it on the master side of a pseudo-terminal pair.
"""

from __future__ import annotations

import os
import select
import socket
import socketserver
import threading
import tty

GS_V0 = b"\x1dv0"
DLE_EOT = b"\x10\x04"

# Replies to DLE EOT 1, 2 and 4 as an Epson-compatible printer sends them.
STATUS_REPLIES: dict[str, dict[int, bytes] | None] = {
    "online": {1: b"\x12", 2: b"\x12", 4: b"\x12"},
    "paper_near_end": {1: b"\x12", 2: b"\x12", 4: b"\x1e"},
    "paper_out": {1: b"\x1a", 2: b"\x32", 4: b"\x72"},
    "cover_open": {1: b"\x1a", 2: b"\x16", 4: b"\x12"},
    "silent": None,
}


class FakePrinterCore:
    """Parses the byte stream; ``received`` is everything sent, ``queries`` the DLE EOT n asked."""

    def __init__(self, mode: str = "online") -> None:
        self.mode = mode
        self.received = bytearray()
        self.queries: list[int] = []
        self.images = 0
        self._pos = 0
        self.changed = threading.Condition()

    def feed(self, data: bytes) -> bytes:
        """Take *data* from the host; return what the printer answers."""
        out = bytearray()
        with self.changed:
            self.received += data
            buf = self.received
            while self._pos < len(buf):
                if buf.startswith(GS_V0, self._pos):
                    if len(buf) < self._pos + 8:
                        break  # header not complete yet
                    width = int.from_bytes(buf[self._pos + 4 : self._pos + 6], "little")
                    height = int.from_bytes(buf[self._pos + 6 : self._pos + 8], "little")
                    end = self._pos + 8 + width * height
                    if len(buf) < end:
                        break  # image data still arriving: DLE EOT inside it is pixels, not a question
                    self._pos = end
                    self.images += 1
                elif buf.startswith(DLE_EOT, self._pos):
                    if len(buf) < self._pos + 3:
                        break
                    n = buf[self._pos + 2]
                    self.queries.append(n)
                    replies = STATUS_REPLIES[self.mode]
                    if replies is not None:
                        out += replies.get(n, b"")
                    self._pos += 3
                else:
                    self._pos += 1
            self.changed.notify_all()
        return bytes(out)

    def wait_for(self, predicate: object, timeout: float = 5.0) -> bool:
        """Wait until ``predicate(self)`` holds (no sleeping in tests)."""
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self), timeout)  # type: ignore[operator]


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: FakeNetworkPrinter = self.server  # type: ignore[assignment]
        server.connections += 1
        while True:
            try:
                data = self.request.recv(65536)
            except OSError:
                return
            if not data:
                return
            answer = server.core.feed(data)
            if answer:
                self.request.sendall(answer)


class FakeNetworkPrinter(socketserver.ThreadingTCPServer):
    """A network printer on 127.0.0.1 (a free port, or *port*: the same printer plugged back in);
    ``uri`` is its ``tcp://`` address."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str = "online", port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.core = FakePrinterCore(mode)
        self.connections = 0
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def uri(self) -> str:
        host, port = self.server_address[:2]
        return f"tcp://{host}:{port}"

    def __enter__(self) -> FakeNetworkPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(5)


class FakeSerialPrinter:
    """A serial printer on a pseudo-terminal: the transport opens ``path``, the fake serves the master."""

    def __init__(self, mode: str = "online") -> None:
        self.core = FakePrinterCore(mode)
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no newline translation: bytes pass as they are
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:
                return
            answer = self.core.feed(data)
            if answer:
                os.write(self._master, answer)

    def __enter__(self) -> FakeSerialPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        os.close(self._master)
        os.close(self._slave)


class SilentListener:
    """Accepts connections and never reads nor answers: a printer that hangs."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(4)
        self.uri = f"tcp://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> SilentListener:
        return self

    def __exit__(self, *exc: object) -> None:
        self._sock.close()


def decode_raster(data: bytes) -> list[tuple[int, int, bytes]]:
    """Every ``GS v 0`` block in *data* as (width in dots, height, raster bytes), in order."""
    blocks = []
    pos = 0
    while (pos := data.find(GS_V0, pos)) != -1:
        width_bytes = int.from_bytes(data[pos + 4 : pos + 6], "little")
        height = int.from_bytes(data[pos + 6 : pos + 8], "little")
        end = pos + 8 + width_bytes * height
        blocks.append((width_bytes * 8, height, data[pos + 8 : end]))
        pos = end
    return blocks


def raster_image(data: bytes) -> object:
    """The ``GS v 0`` blocks of *data* stacked into one Pillow image (mode "1", white paper = 1)."""
    from PIL import Image, ImageChops

    parts = [Image.frombytes("1", (w, h), raw) for w, h, raw in decode_raster(data)]
    image = Image.new("1", (parts[0].width, sum(p.height for p in parts)))
    y = 0
    for part in parts:
        image.paste(part, (0, y))
        y += part.height
    return ImageChops.invert(image.convert("L")).convert("1")  # raster 1 = a burnt (black) dot
