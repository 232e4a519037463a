"""The counter app against the real server: a centre from ``tests/fakes`` served by ``qms server`` in a
subprocess, a kiosk to issue tickets, and helpers that press buttons and wait for the answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from client.api import Call
from client.ui.settings import AppSettings
from counter.app import CounterApp
from counter.settings import SCHEMA
from tests.fakes.centre import PINS, Centre, make_centre
from tests.fakes.server_process import ServerProcess

TIMEOUT = 15000
# Qt's offscreen platform says so whenever a shown window's layout changes its minimum size, or a window
# is raised; it draws nothing and has no stacking of windows. Any other warning still fails a test.
OFFSCREEN_SIZE_HINTS = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                                 "This plugin does not support raise")
KIOSK_NAME = "Ki-ốt 0"  # the first kiosk of tests/fakes/centre.py


class CounterCentre:
    """A sample centre and its server process, with what the counter tests need to reach them."""

    def __init__(self, root: Path) -> None:
        self.centre: Centre = make_centre(root / "data", "issue_interval_seconds = 0\n")
        self.process = ServerProcess(self.centre.data, root / "server.log")
        self.url, self.log, self.pins = self.process.url, self.process.log, PINS
        self.kiosk_key = self.centre.kiosk

    def start(self) -> None:
        self.process.start()

    def stop(self) -> None:
        self.process.stop()

    def events(self, kind: str) -> list[tuple]:
        """Events of *kind* from the database file (read-only, beside the running server)."""
        db = sqlite3.connect(f"file:{self.centre.data.database}?mode=ro", uri=True)
        try:
            return db.execute("SELECT label, counter, username, data FROM events WHERE kind = ? ORDER BY seq",
                              (kind,)).fetchall()
        finally:
            db.close()


def answer(qtbot, call: Call) -> Any:
    """The result of *call* (raises its error)."""
    qtbot.waitUntil(lambda: call.done, timeout=TIMEOUT)
    if call.error is not None:
        raise call.error
    return call.result


def counter_settings(path: Path, server: CounterCentre, number: int) -> AppSettings:
    """A counter PC's settings file pointing at *server*, set up as counter *number*."""
    settings = AppSettings("counter", SCHEMA, path=path)
    settings.update({"server": server.url, "counter": number})
    settings.save()
    return settings


def log_in(qtbot, app: CounterApp, username: str, pin: str) -> None:
    """Through the login screen, as an officer would."""
    login = app.start()
    qtbot.waitUntil(lambda: login.centre is not None and not login.busy, timeout=TIMEOUT)
    login.username.setText(username)
    login.pin.setText(pin)
    qtbot.mouseClick(login.login, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.desk is not None and app.desk.view is not None and app.session.online,
                    timeout=TIMEOUT)


def click(qtbot, app: CounterApp, action: str, index: int = 0) -> None:
    """Press the action's button and wait until the desk has its answer and the view that follows."""
    assert app.window is not None and app.desk is not None
    button = app.window.buttons[action][index]
    assert button.isEnabled(), f"{action} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, app)


def settle(qtbot, app: CounterApp) -> None:
    """Wait until no request of the desk is on its way."""
    desk = app.desk
    assert desk is not None
    qtbot.waitUntil(lambda: not desk.busy and not desk._loading and not desk.refresh_timer.isActive(),
                    timeout=TIMEOUT)
