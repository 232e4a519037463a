"""The counter app against the real server in a subprocess: a centre, a kiosk to issue tickets, and
counter apps logged in through their own login screen."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from client.api import ApiClient, Call
from client.ui.metrics import Metrics
from client.ui.settings import AppSettings
from counter.app import CounterApp
from counter.printing import DeskPrinter
from counter.settings import SCHEMA

from ..client.fake_server import free_port
from ..client.real_server import RealServer

TIMEOUT = 15000
# Qt's offscreen platform says so whenever a shown window's layout changes its minimum size; it draws
# nothing and cannot honour size hints. Any other warning still fails a test.
OFFSCREEN_SIZE_HINTS = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def answer(qtbot, call: Call) -> Any:
    qtbot.waitUntil(lambda: call.done, timeout=TIMEOUT)
    if call.error is not None:
        raise call.error
    return call.result


@pytest.fixture(scope="session")
def template_centre(tmp_path_factory: pytest.TempPathFactory) -> RealServer:
    """One centre made with ``qms init`` for the whole run; each test gets a fresh copy of its folder."""
    return RealServer(tmp_path_factory.mktemp("counter-template") / "centre")


@pytest.fixture
def server(qtbot, tmp_path: Path, template_centre: RealServer) -> Iterator[RealServer]:
    real = copy.copy(template_centre)
    real.data = tmp_path / "centre"
    shutil.copytree(template_centre.data, real.data)
    real.port, real.log, real.proc = free_port(), real.data / "server.log", None
    real.start()
    qtbot.waitUntil(real.up, timeout=20000)
    yield real
    real.stop()


@pytest.fixture
def kiosk(qtbot, server: RealServer) -> Callable[..., dict]:
    api = ApiClient(server.url, server.kiosk_key)

    def issue(field: str = "DD", priority: str | None = None) -> dict:
        return answer(qtbot, api.issue_ticket(field, priority))["ticket"]

    issue.api = api  # type: ignore[attr-defined]
    return issue


def counter_settings(path: Path, server: RealServer, number: int) -> AppSettings:
    settings = AppSettings("counter", SCHEMA, path=path)
    settings.update({"server": server.url, "counter": number})
    settings.save()
    return settings


def log_in(qtbot, app: CounterApp, username: str, pin: str) -> None:
    login = app.start()
    qtbot.waitUntil(lambda: login.centre is not None and not login.busy, timeout=TIMEOUT)
    login.username.setText(username)
    login.pin.setText(pin)
    qtbot.mouseClick(login.login, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.desk is not None and app.desk.view is not None and app.session.online,
                    timeout=TIMEOUT)


@pytest.fixture
def open_counter(qtbot, server: RealServer, tmp_path: Path) -> Iterator[Callable[..., CounterApp]]:
    apps: list[CounterApp] = []

    def open_(number: int = 1, username: str = "nguyenvanan", printer: DeskPrinter | None = None,
              settings: AppSettings | None = None) -> CounterApp:
        settings = settings or counter_settings(tmp_path / f"counter-{number}-{len(apps)}.toml", server, number)
        app = CounterApp(settings, Metrics(96), "vi", printer)
        apps.append(app)
        log_in(qtbot, app, username, server.pins[username])
        assert app.window is not None
        qtbot.addWidget(app.window)
        return app

    yield open_
    for app in apps:
        app.session.stop()
        if app.window is not None:
            app.window.tick_timer.stop()
            app.window.close()


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


def event_rows(server: RealServer, kind: str) -> list[tuple]:
    """Events of *kind* from the server's database file (read-only, beside the running server)."""
    db = sqlite3.connect(f"file:{server.data / 'qms.db'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT label, counter, username, data FROM events WHERE kind = ? ORDER BY seq",
                          (kind,)).fetchall()
    finally:
        db.close()
