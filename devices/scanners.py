"""Barcode and QR scanners behind one small interface: a scanner calls ``on_scan(Scan)`` for every code.

Two kinds exist in centres: a serial (or USB-CDC) scanner that sends each code as a line, and a
keyboard-wedge scanner that types the code as fast key presses ending with Enter. Both end in
:func:`parse_scan`, which says what was scanned: a ticket's QR code (the ``/t/<token>`` link printed on
every ticket, or the bare token), a dossier code of the one-stop software (mã hồ sơ), a booking code, or
something else. Parsing is pure; the apps decide
what to do (docs/devices.md, "Scanners": the kiosk shows the ticket's status, a counter calls that number).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import serial

log = logging.getLogger(__name__)

MAX_CODE = 512
_TICKET_LINK = re.compile(r"^https?://[^/\s]+(?:/[^\s]*)?/t/([A-Za-z0-9_-]{16,64})/?(?:[?#]\S*)?$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_BOOKING = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,19}$")
# A dossier code (mã hồ sơ) on the receipt of the one-stop software: the receiving office's identifier
# (mã định danh, dotted groups such as 000.00.17.H42), the day it was received (YYMMDD), a serial number.
_DOSSIER = re.compile(r"^[0-9A-Z]{2,3}(?:\.[0-9A-Z]{2,3}){2,4}-\d{6}-\d{4,6}$")
# Scanners type a code in a few milliseconds a key; people take 80 ms or more.
WEDGE_KEY_GAP = 0.05
WEDGE_MIN_LENGTH = 4


@dataclass(frozen=True)
class Scan:
    """A scanned code: ``kind`` is ``ticket`` (``value`` = the ticket's secret token), ``dossier`` (a
    one-stop dossier code, upper case), ``booking`` (``value`` = the code, upper case) or ``unknown``
    (``value`` = the text as read)."""

    kind: str
    value: str

    def __repr__(self) -> str:  # a ticket token is a secret: keep it out of logs
        shown = self.value[:4] + "…" if self.kind == "ticket" else self.value
        return f"Scan({self.kind!r}, {shown!r})"


def parse_scan(text: str) -> Scan:
    """What *text* (one scanned code, as read) is."""
    code = text.strip().strip("\x00")
    if match := _TICKET_LINK.match(code):
        return Scan("ticket", match.group(1))
    if _TOKEN.match(code) and not code.isdigit() and any(c.islower() for c in code):
        return Scan("ticket", code)  # a bare token (some QR apps strip the link); tokens mix cases
    if _DOSSIER.match(code.upper()):
        return Scan("dossier", code.upper())
    if _BOOKING.match(code.upper()) and not code.isdigit():
        return Scan("booking", code.upper())
    return Scan("unknown", code[:MAX_CODE])


OnScan = Callable[[Scan], None]


class Scanner(Protocol):
    """What the kiosk and counter apps hold: start with a callback, stop when closing."""

    def start(self, on_scan: OnScan) -> None: ...

    def stop(self) -> None: ...


class LineReader:
    """Bytes from a serial scanner in, whole codes out: a code ends with CR, LF or both. An over-long line
    or one that is not UTF-8 is counted and dropped, never parsed."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._overflow = False
        self.dropped = 0

    def feed(self, data: bytes) -> list[str]:
        lines: list[str] = []
        for b in data:
            if b in (0x0D, 0x0A):
                if self._buf and not self._overflow:
                    try:
                        lines.append(self._buf.decode("utf-8"))
                    except UnicodeDecodeError:
                        self.dropped += 1
                elif self._overflow:
                    self.dropped += 1
                self._buf.clear()
                self._overflow = False
            elif len(self._buf) >= MAX_CODE:
                self._overflow = True
            else:
                self._buf.append(b)
        return lines


class SerialScanner:
    """A scanner on a serial port (pyserial URL). ``on_scan`` runs on the scanner's own thread; a port
    that fails is opened again until it comes back."""

    def __init__(self, url: str, baudrate: int = 9600,
                 opener: Callable[[str, int], serial.SerialBase] | None = None, retry_seconds: float = 1.0) -> None:
        self.url, self.baudrate, self.retry_seconds = url, baudrate, retry_seconds
        self.opener = opener or (lambda u, b: serial.serial_for_url(u, baudrate=b, timeout=0.2))
        self.reader = LineReader()
        self.connected = threading.Event()  # the port is open (for a status line in the app)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_scan: OnScan) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_scan,), name=f"scanner {self.url}",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self, on_scan: OnScan) -> None:
        while not self._stop.is_set():
            try:
                port = self.opener(self.url, self.baudrate)
            except (serial.SerialException, OSError, ValueError):
                self._stop.wait(self.retry_seconds)
                continue
            self.connected.set()
            try:
                while not self._stop.is_set():
                    for line in self.reader.feed(port.read(max(1, port.in_waiting))):
                        on_scan(parse_scan(line))
            except (serial.SerialException, OSError) as exc:
                log.warning("scanner %s lost: %s", self.url, exc)
            finally:
                self.connected.clear()
                port.close()


class WedgeScanner:
    """A keyboard-wedge scanner: the app passes every typed character (``feed``) from its key handler.

    Characters that arrive faster than ``WEDGE_KEY_GAP`` apart and end with Enter are a scan; ``feed``
    answers ``True`` for them so the app swallows them instead of typing them into a field. Slower typing
    is a person's, and ``feed`` answers ``False`` (the app handles the key as usual)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, gap: float = WEDGE_KEY_GAP) -> None:
        self.clock, self.gap = clock, gap
        self._on_scan: OnScan | None = None
        self._buf = ""
        self._last = 0.0

    def start(self, on_scan: OnScan) -> None:
        self._on_scan = on_scan

    def stop(self) -> None:
        self._on_scan = None

    def feed(self, char: str) -> bool:
        """One character typed (``"\\r"`` or ``"\\n"`` for Enter); ``True`` if it belongs to a scan."""
        now = self.clock()
        fast = bool(self._buf) and now - self._last <= self.gap
        self._last = now
        if char in ("\r", "\n"):
            code, self._buf = self._buf, ""
            if fast and len(code) >= WEDGE_MIN_LENGTH:
                if self._on_scan is not None:
                    self._on_scan(parse_scan(code))
                return True
            return False
        if not fast:
            self._buf = ""
        if len(self._buf) < MAX_CODE:
            self._buf += char
        # The first character cannot be told from a person's yet; later ones arrive too fast for a person.
        return fast
