"""The QMS bus protocol for keypads, counter signs and hall boards (docs/devices.md, "Wire protocol").

A frame is printable ASCII between two control bytes, so a shop can read it on any serial terminal::

    STX  A A  C  D...D  ETX  K K
    02   address, command, data (0-40 bytes 0x20-0x7E)   03   checksum

``A A`` is the device address in two upper-case hex digits (``01``-``FE``; ``00`` is the bridge, ``FF``
every device, which then never answers). ``C`` is one upper-case letter. ``K K`` is the low byte of the sum
of every byte from the first address digit through ETX, in two upper-case hex digits.

Encoding and parsing are pure: :func:`encode` gives bytes, :class:`FrameParser` takes bytes in any pieces
and hands back whole, valid frames. Everything else (noise, a wrong checksum, a frame cut short by the next
STX or by silence, an oversized frame) is counted in :class:`LinkErrors`, logged, and never acted on.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

STX, ETX = 0x02, 0x03
BRIDGE, BROADCAST = 0x00, 0xFF
MAX_DATA = 40
_HEX = b"0123456789ABCDEF"

# Commands from the bridge.
POLL = "P"  # keypad: data = the last key batch the bridge accepted ("" before any)
DISPLAY = "D"  # keypad's own small display: up to 16 characters
SIGN = "S"  # counter sign: up to 16 characters
LINE = "L"  # hall board: one hex digit (row 0-F) then up to 32 characters
# Replies from a device.
ACK = "A"  # data "" (done / nothing to send) or "B" (first reply since power-up)
KEYS = "K"  # keypad: a batch digit 1-9, then 1-16 key codes
NAK = "N"  # understood the frame, refused the command: data "C" unknown command, "D" bad data

BOOTED = "B"
COMMANDS = (POLL, DISPLAY, SIGN, LINE)
REPLIES = (ACK, KEYS, NAK)
DATA_LIMITS = {POLL: 1, DISPLAY: 16, SIGN: 16, LINE: 33, ACK: 1, KEYS: 17, NAK: 1}

log = logging.getLogger(__name__)


class FrameError(ValueError):
    """A frame that cannot be encoded (bad address, command or data)."""


@dataclass(frozen=True)
class Frame:
    """One frame on the bus: to or from *address*."""

    address: int
    command: str
    data: str = ""


def checksum(body: bytes) -> bytes:
    """The two hex digits closing a frame whose bytes from the address through ETX are *body*."""
    total = sum(body) & 0xFF
    return bytes((_HEX[total >> 4], _HEX[total & 0x0F]))


def encode(frame: Frame) -> bytes:
    """The bytes of *frame* on the wire."""
    if not 0 <= frame.address <= 0xFF:
        raise FrameError(f"address {frame.address} is not 0-255")
    if len(frame.command) != 1 or not "A" <= frame.command <= "Z":
        raise FrameError(f"command {frame.command!r} is not one upper-case letter")
    if len(frame.data) > MAX_DATA or any(not " " <= ch <= "~" for ch in frame.data):
        raise FrameError(f"data {frame.data!r} is not 0-{MAX_DATA} printable ASCII characters")
    body = b"%02X" % frame.address + frame.command.encode("ascii") + frame.data.encode("ascii") + bytes((ETX,))
    return bytes((STX,)) + body + checksum(body)


class LinkErrors(Counter[str]):
    """What a parser threw away, by kind: ``noise``, ``checksum``, ``truncated``, ``oversized``,
    ``malformed`` (bad address digits, command or data byte), ``foreign`` (a valid frame for another
    address), ``unexpected`` (a valid frame that makes no sense here: an unknown reply, a stale batch)."""

    KINDS = ("noise", "checksum", "truncated", "oversized", "malformed", "foreign", "unexpected")

    def total(self) -> int:
        return sum(self.values())


@dataclass
class FrameParser:
    """Bytes in, valid frames out. Keeps the half frame between calls; resynchronises on every STX.

    *name* is used in log lines (a port and a direction). A frame cut short is noticed when the next STX
    arrives or when the caller says the line went quiet (:meth:`silence`)."""

    name: str = "bus"
    errors: LinkErrors = field(default_factory=LinkErrors)
    _buf: bytearray | None = None  # bytes after an STX, or None between frames
    _noise: int = 0
    _skipping: bool = False

    def feed(self, data: bytes) -> list[Frame]:
        """Parse *data*; return the complete valid frames in it, in order."""
        frames: list[Frame] = []
        for b in data:
            if b == STX:
                self._skipping = False
                self._end_noise()
                if self._buf is not None:
                    self._reject("truncated", self._buf)
                self._buf = bytearray()
            elif self._buf is None:
                if not self._skipping:
                    self._noise += 1
            else:
                self._buf.append(b)
                if len(self._buf) >= 3 and self._buf[-3] == ETX:
                    frame = self._decode(bytes(self._buf))
                    self._buf = None
                    if frame is not None:
                        frames.append(frame)
                elif len(self._buf) > 3 + MAX_DATA + 3:
                    self._reject("oversized", self._buf)
                    self._buf, self._skipping = None, True  # the rest of it is not noise of its own
        self._end_noise()
        return frames

    def silence(self) -> None:
        """The line went quiet: a frame still open will never be finished."""
        if self._buf is not None:
            self._reject("truncated", self._buf)
            self._buf = None

    @property
    def idle(self) -> bool:
        """No half frame is waiting for its end."""
        return self._buf is None

    def _decode(self, raw: bytes) -> Frame | None:
        body, check = raw[:-2], raw[-2:]
        if check != checksum(body):
            self._reject("checksum", raw)
            return None
        addr, command, data = body[:2], body[2:3], body[3:-1]
        if len(data) > MAX_DATA:
            self._reject("oversized", raw)
            return None
        if (len(body) < 4 or any(c not in _HEX for c in addr) or not b"A" <= command <= b"Z"
                or any(not 0x20 <= c <= 0x7E for c in data)):
            self._reject("malformed", raw)
            return None
        return Frame(int(addr, 16), command.decode("ascii"), data.decode("ascii"))

    def _end_noise(self) -> None:
        if self._noise:
            self.errors["noise"] += self._noise
            log.warning("%s: %d byte(s) of noise between frames ignored", self.name, self._noise)
            self._noise = 0

    def _reject(self, kind: str, raw: bytes | bytearray) -> None:
        self.errors[kind] += 1
        log.warning("%s: %s frame ignored: %r", self.name, kind, bytes(raw[:60]))
