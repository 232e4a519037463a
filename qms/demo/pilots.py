"""The demo's autopilot: citizens tapping the kiosk and officers working their counters, at a pace a
visitor can follow, through the apps' own paths (the kiosk window's ``field_chosen``, the counter's
``CounterDesk`` actions and login screen), so the windows show what a person would have done.

A person may take over at any time: ``HumanWatch`` sees real input (mouse, keys, touch; events the window
system sent, not the pilot's). A counter is then left to the person for the rest of the demo; the kiosk
waits until nobody has touched it for ``KIOSK_IDLE_S`` and carries on. Every pilot ticks on a named timer
that tests fire, and draws its choices from an injected ``random.Random``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

HUMAN_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}
KIOSK_IDLE_S = 30.0
PRIORITIES = ("elderly", "disability", "pregnancy")


def named_timer(parent: QObject, name: str, interval_ms: int) -> QTimer:
    """A repeating timer with a name tests can find (``findChild(QTimer, name)``) and fire."""
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setInterval(interval_ms)
    return timer


class HumanWatch(QObject):
    """Notices a person's input anywhere in this process's windows (``touched``)."""

    touched = Signal()

    def __init__(self, app: QApplication, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(app)
        self.monotonic = monotonic
        self.last: float | None = None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # One input may pass several objects (its window, then the widget): ``touched`` may repeat.
        if event.type() in HUMAN_INPUT and event.spontaneous():
            self.last = self.monotonic()
            self.touched.emit()
        return False

    def idle_for(self, seconds: float) -> bool:
        """Nobody has touched the app for *seconds* (or ever)."""
        return self.last is None or self.monotonic() - self.last >= seconds


class KioskPilot(QObject):
    """Taps a field on the kiosk's home screen now and then; one in ten citizens is a priority one.

    The first ``rush`` citizens (those who queued before the doors opened) come one after the other, so
    the counters have a queue from the start."""

    def __init__(self, window: Any, fields: list[str], interval_ms: int, rng: random.Random,
                 watch: HumanWatch | None = None, rush: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.fields, self.rng, self.watch, self.rush = window, fields, rng, watch, rush
        self.taps = 0
        self.ticket_ticks = 0
        self.timer = named_timer(self, "kiosk_pilot_timer", interval_ms)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()

    def tick(self) -> None:
        """One moment at the kiosk: maybe a citizen arrives and taps a field."""
        if self.watch is not None and not self.watch.idle_for(KIOSK_IDLE_S):
            return  # a person is using the kiosk
        screen = self.window.screen_name
        if screen == "ticket":
            # the citizen takes the ticket and taps "Xong" once the visitor has seen it
            self.ticket_ticks += 1
            if self.ticket_ticks >= (1 if self.rush else 2):
                self.window.touched()
            return
        self.ticket_ticks = 0
        if screen != "home" or not self.fields:
            return
        if self.rush:
            self.rush -= 1
        elif self.rng.random() < 0.15:
            return
        priority = self.rng.choice(PRIORITIES) if self.rng.random() < 0.1 else ""
        self.taps += 1
        self.window.field_chosen.emit(self.rng.choice(self.fields), priority)


class CounterPilot(QObject):
    """Logs an officer in on the counter app's login screen, then calls, starts, finishes, transfers,
    recalls and marks no-shows through the counter's desk, one step per tick."""

    left_alone = Signal(int)

    def __init__(self, app: Any, username: str, pin: str, counter: int, transfer_fields: list[str],
                 interval_ms: int, rng: random.Random, watch: HumanWatch | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app, self.username, self.pin, self.counter = app, username, pin, counter
        self.transfer_fields, self.rng = transfer_fields, rng
        self.ticks = 0  # ticks with the ticket in hand in its present state
        self.serve_ticks = 1
        self.person = False
        self.timer = named_timer(self, "counter_pilot_timer", interval_ms)
        self.timer.timeout.connect(self.tick)
        if watch is not None:
            watch.touched.connect(self.hand_over)

    def start(self) -> None:
        self.timer.start()

    def hand_over(self) -> None:
        """A person touched the counter: from now on it is theirs."""
        if not self.person:
            self.person = True
            self.timer.stop()
            self.left_alone.emit(self.counter)

    def tick(self) -> None:
        """One step of the officer's work."""
        if self.person:
            return
        desk = self.app.desk
        window = self.app.window
        if desk is None or window is None or not window.isVisible():
            self._log_in()
            return
        if desk.busy or not desk.online or desk.view is None:
            return
        current = desk.current
        state = current["state"] if current else None
        self.ticks += 1
        if state is None:
            self.ticks = 0
            if desk.paused:
                desk.unpause()
            elif desk.waiting:
                desk.call_next()
        elif state == "called":
            self._called(desk, int(current.get("calls") or 1))
        elif state == "serving":
            self._serving(desk)

    def _called(self, desk: Any, calls: int) -> None:
        # The citizen comes up at the first call most often; some need the number called again, and
        # some of those never come (vắng mặt).
        if self.ticks < 2:
            return
        roll = self.rng.random()
        if calls < 2 and roll < 0.15:
            desk.recall()
        elif calls >= 2 and roll < 0.5:
            desk.no_show()
        else:
            desk.start()
            self.ticks = 0
            self.serve_ticks = self.rng.randint(2, 4)

    def _serving(self, desk: Any) -> None:
        if self.ticks < self.serve_ticks:
            return
        if self.transfer_fields and self.rng.random() < 0.12:
            desk.transfer(self.rng.choice(self.transfer_fields), None)
        else:
            desk.finish()
        self.ticks = 0

    def _log_in(self) -> None:
        login = self.app.login
        if login is None or not login.isVisible() or login.busy or login.centre is None:
            return
        index = login.counter.findData(self.counter)
        if index < 0:
            return
        login.counter.setCurrentIndex(index)
        login.username.setText(self.username)
        login.pin.setText(self.pin)
        login.submit()
