"""The bridge's side of one bus: a thread that owns a serial port, polls its keypads and keeps its signs and
boards showing what they should.

:class:`BusMaster` is the piece a counter PC reuses for its own keypad and sign: give it a port URL, the
keypad addresses and two callbacks, then ``show()`` texts. It never blocks its caller; callbacks run on its
thread (a Qt app re-emits them as signals, the bridge hands them to its asyncio loop).

Order of work, each round: texts waiting to be sent first (a new call must not wait behind seventy polls),
then one keypad poll, round-robin. A command without a valid reply is sent again up to ``retries`` times;
a poll is not (the next round polls again). A device silent for ``dead_seconds`` is reported dead, and alive
again at its first good reply. A port that fails (unplugged USB adapter, closed pty) is closed and opened
again with backoff until it comes back; nothing the officers typed in between is replayed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import serial

from devices.backoff import Backoff
from devices.protocol import ACK, BOOTED, DISPLAY, KEYS, LINE, NAK, POLL, REPLIES, SIGN, Frame, FrameParser, encode

log = logging.getLogger(__name__)
DEAD_POLL_SECONDS = 1.0


class Port(Protocol):
    """What the bus needs of a pyserial port."""

    def write(self, data: bytes) -> int | None: ...

    def read(self, size: int = 1) -> bytes: ...

    @property
    def in_waiting(self) -> int: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


def open_serial(url: str, baudrate: int, timeout: float) -> Port:
    """Open a pyserial URL (``/dev/ttyUSB0``, ``COM3``, ``rfc2217://…``, ``socket://…``, ``loop://``)."""
    return serial.serial_for_url(url, baudrate=baudrate, timeout=timeout, write_timeout=1.0)


@dataclass
class DeviceHealth:
    """What the bus knows of one device."""

    alive: bool | None = None  # None: not heard from yet
    last_reply: float | None = None
    replies: int = 0
    missed: int = 0
    boots: int = 0
    last_try: float = 0.0


@dataclass
class BusStats:
    """Counters of one bus, for the log and the benchmark."""

    polls: int = 0
    sent: int = 0
    retries: int = 0
    reopened: int = 0
    key_batches: int = 0
    devices: dict[int, DeviceHealth] = field(default_factory=dict)


class BusMaster:
    """One serial port, the keypads to poll on it and the texts its signs and boards should show."""

    def __init__(self, url: str, keypads: list[int], *, baudrate: int = 115200,
                 on_keys: Callable[[int, str], None], on_health: Callable[[int, bool], None] | None = None,
                 on_port: Callable[[bool], None] | None = None,
                 opener: Callable[[str, int, float], Port] = open_serial, poll_timeout: float = 0.03,
                 retries: int = 2, dead_seconds: float = 5.0, refresh_seconds: float = 10.0,
                 cycle_seconds: float = 0.02,
                 clock: Callable[[], float] = time.monotonic, backoff: Backoff | None = None) -> None:
        self.url, self.baudrate, self.keypads = url, baudrate, list(keypads)
        self.on_keys, self.on_health, self.on_port = on_keys, on_health, on_port
        self.opener, self.poll_timeout, self.retries = opener, poll_timeout, retries
        self.dead_seconds, self.refresh_seconds, self.clock = dead_seconds, refresh_seconds, clock
        self.cycle_seconds = cycle_seconds
        self._cycle_start = 0.0
        self.backoff = backoff or Backoff(base=0.25, cap=5.0)
        self.parser = FrameParser(name=url)
        self.stats = BusStats()
        self._texts: dict[tuple[int, str], str] = {}  # (address, command[+row]) -> data
        self._pending: dict[tuple[int, str], float] = {}  # key -> time it became pending
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._acked: dict[int, str] = {a: "" for a in self.keypads}  # last key batch accepted per keypad
        self._next_poll = 0
        self._sending: tuple[int, str] | None = None
        self._last_refresh = self._t0 = clock()  # _t0: when the port last opened (dead counts from there)
        self._port: Port | None = None
        self._thread: threading.Thread | None = None
        self.connected = False

    # ----------------------------------------------------------------- the caller's side

    def start(self) -> None:
        """Start serving the bus on its own thread."""
        self._thread = threading.Thread(target=self._run, name=f"bus {self.url}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and close the port."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.on_port = None  # a port closed on purpose is not "lost"
        self._close()

    def show_sign(self, address: int, text: str) -> None:
        """Make the sign at *address* show *text* (sent at once, and again every ``refresh_seconds``)."""
        self._set((address, SIGN), text)

    def show_line(self, address: int, row: int, text: str) -> None:
        """Make row *row* (0-15) of the board at *address* show *text*."""
        self._set((address, f"{LINE}{row:X}"), text)

    def show_display(self, address: int, text: str) -> None:
        """Make the small display of the keypad at *address* show *text*."""
        self._set((address, DISPLAY), text)

    def health(self, address: int) -> DeviceHealth:
        """What the bus knows of the device at *address*."""
        return self.stats.devices.setdefault(address, DeviceHealth())

    def _set(self, key: tuple[int, str], text: str) -> None:
        with self._lock:
            if self._texts.get(key) == text and key not in self._pending:
                return
            self._texts[key] = text
            self._pending[key] = self.clock()
        self._wake.set()

    # ----------------------------------------------------------------- the bus thread

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._port is None and not self._open():
                self._stop.wait(self.backoff.next_delay())
                continue
            try:
                self._round()
            except (serial.SerialException, OSError) as exc:
                log.warning("%s: port failed (%s); reopening", self.url, exc)
                self._close()
            except Exception:  # a bug must not silence every counter on the bus for the rest of the day
                log.exception("%s: bus round failed; reopening the port", self.url)
                self._close()
                self._stop.wait(self.backoff.next_delay())

    def _open(self) -> bool:
        try:
            self._port = self.opener(self.url, self.baudrate, self.poll_timeout)
        except (serial.SerialException, OSError, ValueError) as exc:
            log.debug("%s: cannot open yet: %s", self.url, exc)
            return False
        self.backoff.reset()
        self._t0 = self.clock()
        self.stats.reopened += 1
        self.connected = True
        log.info("%s: port open", self.url)
        with self._lock:  # a device may have lost power with the adapter: show everything again
            now = self.clock()
            self._pending = {k: now for k in self._texts}
        for address in self._acked:
            self._acked[address] = ""
        if self.on_port:
            self.on_port(True)
        return True

    def _close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError):
                pass
        self.parser.silence()
        if self.connected:
            self.connected = False
            if self.on_port:
                self.on_port(False)

    def _round(self) -> None:
        self._refresh_due()
        while (key := self._take_pending()) is not None:
            self._send_text(*key)
            if self._stop.is_set():
                return
        if not self.keypads:
            self._wake.wait(min(1.0, self.refresh_seconds))
        elif (address := self._next_keypad()) is not None:
            self._poll(address)
        self._check_dead()

    def _next_keypad(self) -> int | None:
        """The next keypad to poll, round-robin. A dead keypad is asked only once a second, so that a few
        broken ones do not slow the calls of all the others."""
        now = self.clock()
        for _ in range(len(self.keypads)):
            if self._next_poll % len(self.keypads) == 0:
                # A whole round takes at least ``cycle_seconds``: fast enough for fingers, and a bus of a
                # few keypads does not spin. A text to send ends the wait at once.
                rest = self._cycle_start + self.cycle_seconds - now
                if rest > 0 and self._wake.wait(rest):
                    return None
                self._cycle_start = now = self.clock()
            address = self.keypads[self._next_poll % len(self.keypads)]
            self._next_poll += 1
            h = self.health(address)
            if h.alive is not False or now - h.last_try >= DEAD_POLL_SECONDS:
                h.last_try = now
                return address
        return None

    def _take_pending(self) -> tuple[int, str] | None:
        with self._lock:
            if not self._pending:
                self._wake.clear()
                return None
            key = min(self._pending, key=self._pending.__getitem__)
            del self._pending[key]
            return key

    def _refresh_due(self) -> None:
        """Send every text again now and then: a sign that was switched off and on shows it again, and its
        silence is noticed even when nothing changes."""
        now = self.clock()
        if now - self._last_refresh < self.refresh_seconds:
            return
        self._last_refresh = now
        with self._lock:
            for key in self._texts:
                self._pending.setdefault(key, now)

    def _send_text(self, address: int, what: str) -> None:
        with self._lock:
            text = self._texts[(address, what)]
        command, data = (what[0], what[1:] + text) if what[0] == LINE else (what, text)
        self._sending = (address, what)
        for attempt in range(self.retries + 1):
            if attempt:
                self.stats.retries += 1
            reply = self._exchange(Frame(address, command, data))
            if reply is not None:
                if reply.command == NAK:
                    log.warning("%s: device %02X refused %s %r (%s)", self.url, address, command, data, reply.data)
                return
        # No reply after the retries: the device is silent (its text is sent again at the next refresh).
        h = self.health(address)
        if h.alive is not False:
            h.alive = False
            if self.on_health:
                self.on_health(address, False)

    def _poll(self, address: int) -> None:
        self._sending = None
        self.stats.polls += 1
        reply = self._exchange(Frame(address, POLL, self._acked[address]))
        if reply is None or reply.command != KEYS:
            return
        batch, keys = reply.data[:1], reply.data[1:]
        if not ("1" <= batch <= "9") or not keys:
            self.parser.errors["unexpected"] += 1
            log.warning("%s: keypad %02X sent a key batch without its number or keys: %r", self.url, address,
                        reply.data)
            return
        if batch == self._acked[address]:
            return  # our acknowledgement was lost and the keypad sent the same batch again
        self._acked[address] = batch
        self.stats.key_batches += 1
        self.on_keys(address, keys)

    def _exchange(self, frame: Frame) -> Frame | None:
        """Send *frame* and return the device's valid reply, or ``None`` after ``poll_timeout``."""
        port = self._port
        assert port is not None
        if port.in_waiting:  # a reply after its time, or a frame nobody asked for: counted, not acted on
            for late in self.parser.feed(port.read(port.in_waiting)):
                if late.command in REPLIES:
                    self.parser.errors["unexpected"] += 1
                    log.warning("%s: answer from %02X when nothing was asked ignored", self.url, late.address)
        self.parser.silence()
        port.write(encode(frame))
        self.stats.sent += 1
        deadline = self.clock() + self.poll_timeout
        grace = False
        while True:
            chunk = port.read(max(1, port.in_waiting))
            answer = None
            for reply in self.parser.feed(chunk):
                if reply.command not in REPLIES:
                    continue  # our own frame echoed by a two-wire adapter
                if reply.address != frame.address or answer is not None:
                    self.parser.errors["foreign" if reply.address != frame.address else "unexpected"] += 1
                    log.warning("%s: answer from %02X while asking %02X ignored", self.url, reply.address,
                                frame.address)
                    continue
                answer = reply
            if answer is not None:
                self._heard(frame.address, answer)
                return answer
            if self.clock() >= deadline:
                if not self.parser.idle and not grace:
                    grace = True  # a reply is arriving: give it the time of a whole frame
                    deadline += 50 * 10 / self.baudrate
                    continue
                self.parser.silence()
                self.health(frame.address).missed += 1
                return None

    def _heard(self, address: int, reply: Frame) -> None:
        h = self.health(address)
        h.last_reply, h.replies = self.clock(), h.replies + 1
        if reply.command == ACK and reply.data == BOOTED:
            h.boots += 1
            log.info("%s: device %02X started up; showing its texts again", self.url, address)
            if address in self._acked:
                self._acked[address] = ""  # a fresh keypad numbers its batches from 1 again
            with self._lock:
                for key in self._texts:
                    if key[0] == address and key != self._sending:  # the text being sent is delivered
                        self._pending.setdefault(key, self.clock())
        if h.alive is not True:
            came_back, h.alive = h.alive is False, True
            if came_back and self.on_health:  # first contact is not news; coming back after a fault is
                self.on_health(address, True)

    def _check_dead(self) -> None:
        """A keypad is polled all the time: silent for ``dead_seconds``, it is dead. (A sign or board is
        dead as soon as a text to it goes unanswered after its retries.)"""
        now = self.clock()
        if now - self._t0 < self.dead_seconds:
            return
        for address in self.keypads:
            h = self.health(address)
            if h.alive is False:
                continue
            if now - max(h.last_reply or self._t0, self._t0) >= self.dead_seconds:
                h.alive = False
                if self.on_health:
                    self.on_health(address, False)

    def snapshot(self) -> dict[str, Any]:
        """Figures for the log and ``qms bridge`` status lines."""
        return {"port": self.url, "connected": self.connected, "polls": self.stats.polls, "sent": self.stats.sent,
                "retries": self.stats.retries, "errors": dict(self.parser.errors),
                "dead": sorted(a for a, h in self.stats.devices.items() if h.alive is False)}
