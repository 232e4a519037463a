"""Reference devices: a keypad, a counter sign and a hall board that speak the bus protocol exactly as
docs/devices.md says, as small pure state machines (a frame and the time in, a reply out).

They are what a shop can read next to the document when it writes firmware, and what the virtual bus
(:mod:`devices.virtual`) serves on a pseudo-terminal for the tests and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.protocol import ACK, BOOTED, BROADCAST, DISPLAY, KEYS, LINE, NAK, POLL, SIGN, Frame

OFFLINE_AFTER = 3.0  # a keypad not polled for this long shows "----" and drops key presses
SIGN_OFFLINE_AFTER = 60.0  # a sign or board not addressed for this long lights its offline dot
MAX_BATCH = 16


@dataclass
class ReferenceDevice:
    """What every device does: answer only frames for its address, say "B" once after power-up."""

    address: int
    booted: bool = True
    last_heard: float | None = None
    frames: int = 0

    def handle(self, frame: Frame, now: float) -> Frame | None:
        """The reply to *frame* (``None``: not for this device, or a broadcast)."""
        if frame.address not in (self.address, BROADCAST):
            return None
        self.frames += 1
        self.last_heard = now
        reply = self.command(frame, now)
        if frame.address == BROADCAST or reply is None:
            return None
        if self.booted and reply.command == ACK:
            self.booted = False
            return Frame(self.address, ACK, BOOTED)
        return reply

    def command(self, frame: Frame, now: float) -> Frame | None:
        return self.nak("C")

    def ack(self, data: str = "") -> Frame:
        return Frame(self.address, ACK, data)

    def nak(self, why: str) -> Frame:
        return Frame(self.address, NAK, why)

    def link_silent(self, now: float, after: float) -> bool:
        return self.last_heard is None or now - self.last_heard >= after


@dataclass
class ReferenceKeypad(ReferenceDevice):
    """A keypad: keeps key presses until the bridge has acknowledged them, numbered in batches 1-9."""

    pending: str = ""
    batch: str = ""  # keys sent and not yet acknowledged
    batch_no: str = ""
    next_no: int = 1
    display: str = ""
    dropped: int = 0

    def press(self, keys: str, now: float) -> bool:
        """The officer pressed *keys*; ``False`` (and a beep, on real hardware) when the link is silent."""
        if self.link_silent(now, OFFLINE_AFTER):
            self.dropped += len(keys)
            return False
        self.pending += keys
        return True

    def shown(self, now: float) -> str:
        """What the keypad's own display shows."""
        return "----" if self.link_silent(now, OFFLINE_AFTER) else self.display

    def handle(self, frame: Frame, now: float) -> Frame | None:
        if frame.address == self.address and self.link_silent(now, OFFLINE_AFTER):
            self.pending = self.batch = ""  # presses from before the silence are never sent later
        return super().handle(frame, now)

    def command(self, frame: Frame, now: float) -> Frame | None:
        if frame.command == POLL:
            if len(frame.data) > 1:
                return self.nak("D")
            if self.batch and frame.data == self.batch_no:
                self.batch = ""
            if not self.batch and self.pending and not self.booted:
                self.batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
                self.batch_no, self.next_no = str(self.next_no), self.next_no % 9 + 1
            return Frame(self.address, KEYS, self.batch_no + self.batch) if self.batch else self.ack()
        if frame.command == DISPLAY:
            if len(frame.data) > 16:
                return self.nak("D")
            self.display = frame.data
            return self.ack()
        return self.nak("C")


@dataclass
class ReferenceSign(ReferenceDevice):
    """A counter sign: shows the last text it was sent; keeps it when the link goes silent."""

    text: str = ""
    changes: list[str] = field(default_factory=list)

    def command(self, frame: Frame, now: float) -> Frame | None:
        if frame.command != SIGN:
            return self.nak("C")
        if len(frame.data) > 16:
            return self.nak("D")
        if frame.data != self.text:
            self.changes.append(frame.data)  # a new text blinks for three seconds on real signs
        self.text = frame.data
        return self.ack()

    def offline_dot(self, now: float) -> bool:
        return self.link_silent(now, SIGN_OFFLINE_AFTER)


@dataclass
class ReferenceBoard(ReferenceDevice):
    """A hall board of up to 16 rows."""

    rows: list[str] = field(default_factory=lambda: [""] * 16)

    def command(self, frame: Frame, now: float) -> Frame | None:
        if frame.command != LINE:
            return self.nak("C")
        if not frame.data or frame.data[0] not in "0123456789ABCDEF" or len(frame.data) > 33:
            return self.nak("D")
        self.rows[int(frame.data[0], 16)] = frame.data[1:]
        return self.ack()
