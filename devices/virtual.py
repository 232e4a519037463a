"""A virtual RS-485 bus on a pseudo-terminal pair: the bridge opens the terminal end like any serial port;
reference devices (:mod:`devices.reference`) answer on the other end.

For tests, the benchmark and trying ``qms bridge`` without hardware. ``unplug()`` closes both ends (the
bridge sees the port fail, like a USB adapter pulled out); ``plug()`` opens a new pair and points the same
stable path at it (like udev's ``/dev/serial/by-id/…`` link), so the bridge finds it again by itself.
With *baudrate* set, each reply waits for the time its request and its own bytes take on a real line.
"""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Callable
from pathlib import Path

from devices.protocol import FrameParser, encode
from devices.reference import ReferenceDevice


class VirtualBus:
    """Reference devices behind a pseudo-terminal whose path is the symlink *link*."""

    def __init__(self, link: Path, devices: list[ReferenceDevice], *, baudrate: int | None = None,
                 clock: Callable[[], float] = time.monotonic, turnaround: float = 0.0005) -> None:
        self.link, self.baudrate, self.clock, self.turnaround = link, baudrate, clock, turnaround
        self.devices = {d.address: d for d in devices}
        self.parser = FrameParser(name=f"virtual {link.name}")
        self.received: list[bytes] = []  # every frame the bridge sent, in order (for byte-exact checks)
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        return str(self.link)

    def plug(self) -> None:
        """Open a new pseudo-terminal pair, point the link at it and answer on it."""
        master, slave = os.openpty()
        tmp = self.link.with_name(self.link.name + ".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self.link)
        self._fd, self._slave = master, slave
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(master, self._stop), name="virtual bus",
                                        daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        """Close both ends: the bridge's reads and writes fail until :meth:`plug`."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        for fd in (self._fd, self._slave):
            if fd is not None:
                os.close(fd)
        self._fd = self._slave = None
        self.link.unlink(missing_ok=True)

    def inject(self, data: bytes) -> None:
        """Write raw bytes towards the bridge (noise, a half frame, a forged reply)."""
        assert self._fd is not None
        os.write(self._fd, data)

    def _serve(self, fd: int, stop: threading.Event) -> None:
        while not stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                self.parser.silence()
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return
            frames = self.parser.feed(chunk)
            for i, frame in enumerate(frames):
                raw = encode(frame)
                with self._lock:
                    self.received.append(raw)
                    device = self.devices.get(frame.address)
                    reply = device.handle(frame, self.clock()) if device is not None else None
                if reply is None or i < len(frames) - 1:
                    # The bridge sends a frame only after it gave up waiting for the answer to the one before:
                    # a real device would have answered in time, and answering now would only be late.
                    continue
                out = encode(reply)
                if self.baudrate:
                    # 10 bits a byte (8N1): the request was still arriving, then the reply goes out
                    time.sleep(self.turnaround + (len(raw) + len(out)) * 10 / self.baudrate)
                try:
                    os.write(fd, out)
                except OSError:
                    return

    def press(self, address: int, keys: str) -> bool:
        """An officer presses *keys* on the keypad at *address*."""
        with self._lock:
            return self.devices[address].press(keys, self.clock())  # type: ignore[attr-defined]
