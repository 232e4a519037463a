"""Printer status from DLE EOT replies (Epson real-time status), as a small enum for the kiosk.

Parsing is pure: :func:`status_from_replies` takes the reply bytes of ``DLE EOT 1``, ``2`` and ``4``
(``None`` or ``b""`` when the printer said nothing) and decides. The transports only do the I/O
(:func:`query_status`). A silent printer is OFFLINE and a missing paper reply is UNKNOWN: an empty
reply never counts as "paper OK" (python-escpos's ``paper_status()`` returns 2, "adequate", for it).
"""

from __future__ import annotations

import enum
import time
from typing import Protocol

from assets.texts import tr

DLE_EOT = b"\x10\x04"
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4

# Every DLE EOT reply byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a reply
# (noise, an echo, an Automatic Status Back block) and is skipped.
_FIXED_MASK, _FIXED_BITS = 0b1001_0011, 0b0001_0010
_OFFLINE = 0x08  # n=1 bit 3
_COVER_OPEN = 0x04  # n=2 bit 2
_PAPER_END_STOP = 0x20  # n=2 bit 5
_ERROR = 0x40  # n=2 bit 6
_NEAR_END = 0x0C  # n=4 bits 2-3
_PAPER_OUT = 0x60  # n=4 bits 5-6


class PrinterStatus(enum.Enum):
    """What the kiosk shows about its printer; ``text(lang)`` gives the words."""

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"
    OFFLINE = "offline"
    # The transport cannot read back (file, CUPS, Windows spooler) or the reply was garbled.
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        """Whether a ticket may be sent: a low roll still prints; an unknown state is tried."""
        return self in (PrinterStatus.READY, PrinterStatus.PAPER_NEAR_END, PrinterStatus.UNKNOWN)

    def text(self, lang: str = "vi") -> str:
        """The status in words, for the kiosk screen and the log."""
        return tr(f"printer.status.{self.value}", lang)


def _reply_byte(reply: bytes | None) -> int | None:
    """The last byte of *reply* that looks like a DLE EOT answer, or None."""
    for b in reversed(reply or b""):
        if b & _FIXED_MASK == _FIXED_BITS:
            return b
    return None


def status_from_replies(printer: bytes | None, offline_cause: bytes | None, paper: bytes | None) -> PrinterStatus:
    """Decide the status from the raw replies to ``DLE EOT 1``, ``DLE EOT 2`` and ``DLE EOT 4``."""
    if not printer and not offline_cause and not paper:
        return PrinterStatus.OFFLINE
    p, c, r = _reply_byte(printer), _reply_byte(offline_cause), _reply_byte(paper)
    if c is not None and c & _COVER_OPEN:
        return PrinterStatus.COVER_OPEN
    if (r is not None and r & _PAPER_OUT) or (c is not None and c & _PAPER_END_STOP):
        return PrinterStatus.PAPER_OUT
    if c is not None and c & _ERROR:
        return PrinterStatus.ERROR
    if p is None or r is None:
        return PrinterStatus.UNKNOWN
    if p & _OFFLINE:
        # Offline without cover, paper or error cause (FEED held, waiting for recovery): not usable now.
        return PrinterStatus.OFFLINE
    if r & _NEAR_END:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.READY


class ReadBack(Protocol):
    """The part of a transport that status queries need."""

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes: ...

    def discard_input(self) -> None: ...


def query_status(port: ReadBack, timeout: float = 2.0) -> PrinterStatus:
    """Ask ``DLE EOT 1, 2, 4`` on *port* within *timeout* seconds in all; silence is OFFLINE."""
    deadline = time.monotonic() + timeout
    port.discard_input()  # stale bytes from an earlier query would answer the wrong question
    replies: dict[int, bytes] = {}
    for n in (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        port.write(DLE_EOT + bytes((n,)))
        replies[n] = port.read(1, left)
        if not replies[n] and n == PRINTER_STATUS:
            break  # silent on the first question: do not wait twice more
    return status_from_replies(replies.get(PRINTER_STATUS), replies.get(OFFLINE_CAUSE), replies.get(PAPER_SENSOR))
