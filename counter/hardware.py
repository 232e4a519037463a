"""The counter PC's own keypad and LED sign on its serial port, driven like ``qms bridge`` drives a bus.

``devices.counter_devices.CounterDevices`` owns the port on its own thread and turns key presses into API
steps; this module is the Qt side of it. The bus thread's callbacks are re-emitted as signals (queued onto
the GUI thread by Qt), the steps go to the server one after the other through the officer's own session
(the app is logged in, so the keypad needs no PIN), and the live stream's events reach the sign. A dead
keypad or sign, and a port lost and back, are shown to the officer in the window's message line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assets.texts import tr
from client.api import ApiClient, Call
from client.errors import ApiError
from client.session import ServerSession
from client.ui.settings import AppSettings
from devices.counter_devices import CounterDevices
from devices.keypad import Intent, plan

TICKET_STEPS = ("recall", "start", "finish", "no-show")


class _BusSignals(QObject):
    """The bus thread's callbacks as signals: connected to slots of GUI-thread objects, Qt queues them."""

    steps = Signal(object, object)  # Intent, tuple of step names
    refused = Signal(str)
    health = Signal(int, bool)
    port = Signal(bool)


class CounterHardware(QObject):
    """A keypad and signs at counter *counter*, on the port named in the counter PC's settings.

    Signals: ``message(kind, text)`` for the officer's window (``error`` when a device or the port stops
    answering, ``info`` when it is back or the server refused a key's step); ``logout_requested()`` for
    the keypad's Đăng xuất key (the app logs out the way its own button does).
    """

    message = Signal(str, str)
    logout_requested = Signal()

    def __init__(self, api: ApiClient, session: ServerSession, counter: int, settings: AppSettings,
                 lang: str = "vi", devices_factory: Callable[..., CounterDevices] = CounterDevices,
                 port_grace_ms: int = 3000, parent: QObject | None = None, **bus_options: Any) -> None:
        super().__init__(parent)
        self.api, self.session, self.counter, self.lang = api, session, counter, lang
        self.port_url = str(settings["device_port"])
        keypad, sign = int(settings["keypad_address"]), int(settings["sign_address"])
        self.keypad = keypad if keypad > 0 else None
        self.signs = [sign] if sign > 0 else []
        self._bus = _BusSignals(self)
        self.devices = devices_factory(
            self.port_url, counter, keypad=self.keypad, signs=self.signs, baudrate=int(settings["device_baudrate"]),
            on_steps=self._bus.steps.emit, on_refused=self._bus.refused.emit, on_health=self._bus.health.emit,
            on_port=self._bus.port.emit, **bus_options)
        # A port that never opens (wrong name, adapter missing) says nothing on the bus thread: say it here.
        self.port_timer = QTimer(self, objectName="port_timer", singleShot=True, interval=port_grace_ms)
        self.port_timer.timeout.connect(self._on_port_silent)
        self.port_open = False
        self._intents: deque[Intent] = deque()  # key presses waiting for the one in flight
        self._intent = Intent("")
        self._steps: list[str] = []  # what is left of the key in flight
        self._running = False
        self.refusals = 0
        self._bus.steps.connect(self._on_steps)
        self._bus.health.connect(self._on_health)
        self._bus.port.connect(self._on_port)
        session.event_received.connect(self.devices.apply)
        session.snapshot_loaded.connect(self._on_snapshot)

    @property
    def busy(self) -> bool:
        """A key's steps are on their way to the server."""
        return self._running

    def start(self) -> None:
        """Open the port (on the bus thread) and show what the live state already knows."""
        self.devices.start()
        self.port_timer.start()
        self._on_snapshot()

    def stop(self) -> None:
        """Close the port; the sign keeps its last text, as a sign does when its link goes quiet."""
        self.session.event_received.disconnect(self.devices.apply)
        self.session.snapshot_loaded.disconnect(self._on_snapshot)
        self.port_timer.stop()
        self.devices.stop()

    # ----------------------------------------------------------------- the live state

    def _on_snapshot(self) -> None:
        state = getattr(self.session.queue, "state", None)
        if state is not None and state.seq:
            self.devices.load(state.snapshot())

    # ----------------------------------------------------------------- keys to steps

    def _on_steps(self, intent: Intent, _steps: tuple[str, ...]) -> None:
        # Each key's steps are planned when its turn comes, on the GUI thread that alone changes the
        # counter's state: the bus thread planned from a state that the steps in flight are changing.
        self._intents.append(intent)
        if not self._running:
            self._next()

    def _next(self) -> None:
        while not self._steps:
            if not self._intents:
                self._running = False
                return
            self._intent = self._intents.popleft()
            state = self.devices.board.counters[self.counter]
            planned = plan(self._intent, state.state, state.paused)
            if not planned:
                self._refuse(tr("devices.refused.state", self.lang))
                return
            self._steps = list(planned)
        self._running = True
        step = self._steps.pop(0)
        if step == "logout":
            self._stop_all()
            self.logout_requested.emit()
            return
        call = self._send(self._intent, step)
        if call is None:
            self._refuse(tr("counter.no_ticket", self.lang))
            return
        call.then(lambda result: self._answered(step, result), self._failed)

    def _stop_all(self) -> None:
        self._intents.clear()
        self._steps = []
        self._running = False

    def _send(self, intent: Intent, step: str) -> Call | None:
        n = self.counter
        if step == "call-next":
            return self.api.call_next(n)
        if step == "call":
            return self.api.call_number(n, intent.number)
        if step == "pause":
            return self.api.pause(n)
        if step == "unpause":
            return self.api.unpause(n)
        ticket_id = self.devices.board.counters[n].ticket_id
        if ticket_id is None:
            return None
        if step == "transfer":
            return self.api.transfer(n, ticket_id, None, int(intent.number))
        return self.api.ticket_action(n, ticket_id, step) if step in TICKET_STEPS else None

    def _answered(self, step: str, result: object) -> None:
        ticket = result.get("ticket") if isinstance(result, dict) else None
        self.devices.answered(step, ticket)
        if step == "call-next" and ticket is None:
            self.message.emit("info", tr("counter.nobody_waiting", self.lang))
        self._next()

    def _failed(self, error: ApiError) -> None:
        if error.http_status != 401:  # a 401 brings the login screen back through the session
            self._refuse(error.message(self.lang))
        else:
            self._stop_all()

    def _refuse(self, text: str) -> None:
        self.refusals += 1
        self._stop_all()
        self.devices.refused()
        self.message.emit("error", text)

    # ----------------------------------------------------------------- health

    def _on_health(self, address: int, alive: bool) -> None:
        kind = "keypad" if address == self.keypad else "sign"
        key = f"devices.report.{'alive' if alive else 'dead'}_{kind}"
        self.message.emit("info" if alive else "error",
                          tr(key, self.lang, address=f"{address:02X}", counter=self.counter, port=self.port_url))

    def _on_port_silent(self) -> None:
        if not self.port_open:
            self.message.emit("error", tr("counter.device_port_silent", self.lang, port=self.port_url))

    def _on_port(self, up: bool) -> None:
        self.port_open = up
        key = "devices.report.port_up" if up else "devices.report.port_down"
        self.message.emit("info" if up else "error", tr(key, self.lang, port=self.port_url))
