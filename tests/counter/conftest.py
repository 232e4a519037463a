"""Fixtures of the counter tests: the real server on a fresh centre, a kiosk, counter apps logged in
through their own login screen (helpers in ``harness.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from client.api import ApiClient
from client.ui.metrics import Metrics
from client.ui.settings import AppSettings
from counter.app import CounterApp
from counter.printing import DeskPrinter

from .harness import CounterCentre, answer, counter_settings, log_in


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CounterCentre]:
    real = CounterCentre(tmp_path)
    real.start()
    yield real
    real.stop()


@pytest.fixture
def kiosk(qtbot, server: CounterCentre) -> Callable[..., dict]:
    api = ApiClient(server.url, server.kiosk_key)

    def issue(field: str = "DD", priority: str | None = None) -> dict:
        return answer(qtbot, api.issue_ticket(field, priority))["ticket"]

    issue.api = api  # type: ignore[attr-defined]
    return issue


@pytest.fixture
def open_counter(qtbot, server: CounterCentre, tmp_path: Path) -> Iterator[Callable[..., CounterApp]]:
    apps: list[CounterApp] = []

    def open_(number: int = 1, username: str = "nguyenvanan", printer: DeskPrinter | None = None,
              settings: AppSettings | None = None) -> CounterApp:
        settings = settings or counter_settings(tmp_path / f"counter-{number}-{len(apps)}.toml", server, number)
        app = CounterApp(settings, Metrics(96), "vi", printer)
        apps.append(app)
        log_in(qtbot, app, username, server.pins[username])
        assert app.window is not None
        return app

    yield open_
    for app in apps:
        # Serial ports run on threads of their own: stop them with the app, or a thread outlives its
        # objects and reports to a deleted one in a later test.
        for device in (app.hardware, app.scanner):
            if device is not None:
                device.stop()
        app.session.stop()
        if app.window is not None:
            app.window.tick_timer.stop()
            app.window.close()
        if app.login is not None:
            app.login.hide()
