"""One counter's own keypad and LED sign on its PC's serial port, for the counter app to own.

The same pieces as ``qms bridge``, for one counter: :class:`BusMaster` drives the port, :class:`KeypadEntry`
and :func:`plan` turn keys into API steps, :class:`CallBoard` turns the event stream into the sign's text.
The app stays in charge of the API: it is already logged in, so ``on_steps`` hands it the steps to send
through its own session, and it passes back what the server answered and the events it receives. Every
callback runs on the bus thread: a Qt app re-emits them through a ``QObject`` with signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.bus import BusMaster
from devices.calls import CallBoard
from devices.keypad import Intent, KeypadEntry, Refused, plan

ERR_KEY, ERR_REFUSED = "E1", "E3"


class CounterDevices:
    """A keypad at *keypad* and signs at *signs* on the serial port *url*, serving counter *counter*.

    ``on_steps(intent, steps)`` is called for each key press that asks for something possible now (the
    app sends the steps in order, with ``intent.number`` as the label to call or the counter to transfer
    to); ``on_refused(reason)`` for a press that makes no sense (a ``devices.refused.*`` catalog key, or
    ``"devices.refused.state"`` when the counter's state does not allow it)."""

    def __init__(self, url: str, counter: int, *, keypad: int | None, signs: list[int],
                 on_steps: Callable[[Intent, tuple[str, ...]], None],
                 on_refused: Callable[[str], None] | None = None,
                 on_health: Callable[[int, bool], None] | None = None,
                 on_port: Callable[[bool], None] | None = None, baudrate: int = 115200,
                 bus_factory: Callable[..., BusMaster] = BusMaster, **bus_options: Any) -> None:
        self.counter, self.keypad, self.signs = counter, keypad, list(signs)
        self.on_steps, self.on_refused = on_steps, on_refused
        self.entry = KeypadEntry()
        self.board = CallBoard([counter], rows=1)
        self.bus = bus_factory(url, [keypad] if keypad is not None else [], baudrate=baudrate,
                               on_keys=self._keys, on_health=on_health, on_port=on_port, **bus_options)

    def start(self) -> None:
        self.bus.start()
        self._paint()

    def stop(self) -> None:
        self.bus.stop()

    # ----------------------------------------------------------------- from the app

    def load(self, snapshot: dict[str, Any]) -> None:
        """The app's snapshot (at start and after a reload)."""
        self.board.load(snapshot)
        self._paint()

    def apply(self, event: dict[str, Any]) -> None:
        """One event of the app's stream."""
        self.board.apply(event)
        self._paint()

    def answered(self, step: str, ticket: dict[str, Any] | None) -> None:
        """What the server answered to one of the steps (so the next press is planned from it)."""
        self.board.answered(self.counter, step, ticket)
        self._paint()

    def refused(self) -> None:
        """The server refused a step: the keypad shows ``E3``."""
        if self.keypad is not None:
            self.bus.show_display(self.keypad, ERR_REFUSED)

    # ----------------------------------------------------------------- from the bus thread

    def _keys(self, address: int, keys: str) -> None:
        state = self.board.counters[self.counter]
        for key in keys:
            result = self.entry.press(key)
            if isinstance(result, Refused):
                self._refuse(result.reason)
            elif isinstance(result, Intent):
                steps = plan(result, state.state, state.paused) if result.name != "login" else None
                if steps is None:
                    self._refuse("devices.refused.state")
                else:
                    self.on_steps(result, steps)

    def _refuse(self, reason: str) -> None:
        if self.keypad is not None:
            self.bus.show_display(self.keypad, ERR_KEY)
        if self.on_refused:
            self.on_refused(reason)

    def _paint(self) -> None:
        text = self.board.sign_text(self.counter)[:16]
        for address in self.signs:
            self.bus.show_sign(address, text)
        if self.keypad is not None:
            self.bus.show_display(self.keypad, self.board.counters[self.counter].label)
