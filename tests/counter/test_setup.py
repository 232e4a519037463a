"""First run: the set-up form asks for the server and the counter, keeps them for this machine and opens
the login screen on that counter; a bad settings file is named and changes nothing."""

from __future__ import annotations

import pytest

from client.ui.metrics import Metrics
from client.ui.settings import AppSettings
from client.ui.settings_dialog import SettingsDialog
from counter.app import CounterApp, launch
from counter.settings import SCHEMA

from .harness import OFFSCREEN_SIZE_HINTS, TIMEOUT

pytestmark = [pytest.mark.slow, OFFSCREEN_SIZE_HINTS]


def test_first_run_asks_for_server_and_counter_then_opens_the_login_there(qtbot, server, tmp_path) -> None:
    path = tmp_path / "counter.toml"
    started: list[CounterApp] = []
    form = launch(AppSettings("counter", SCHEMA, path=path), Metrics(96), {}, started.append)
    assert isinstance(form, SettingsDialog)
    qtbot.addWidget(form)
    # shortcuts and the window's place are not asked here
    assert set(form.editors) == {"server", "counter", "lang", "printer", "rating_screen", "device_port",
                                 "device_baudrate", "keypad_address", "sign_address"}
    form.editors["server"].setText(server.url)
    form.editors["counter"].setValue(2)
    form.save()
    qtbot.waitUntil(lambda: bool(started) and started[0].login.centre is not None, timeout=TIMEOUT)
    app = started[0]
    try:
        assert app.login.counter.currentData() == 2
        assert app.login.title.text().startswith("Trung tâm Phục vụ hành chính công")
        kept = AppSettings("counter", SCHEMA, path=path).load()
        assert (kept["server"], kept["counter"]) == (server.url, 2)
        # the next start goes straight to the login screen
        again: list[CounterApp] = []
        assert isinstance(launch(AppSettings("counter", SCHEMA, path=path), Metrics(96), {}, again.append),
                          CounterApp)
        again[0].login.hide()
    finally:
        app.login.hide()


def test_a_bad_settings_file_is_named_and_left_as_it_was(qtbot, tmp_path) -> None:
    path = tmp_path / "counter.toml"
    text = 'server = "http://127.0.0.1:9"\ncounter = "ba"\n'
    path.write_text(text, "utf-8")
    form = launch(AppSettings("counter", SCHEMA, path=path), Metrics(96), {"counter": 4})
    assert isinstance(form, SettingsDialog)
    qtbot.addWidget(form)
    assert str(path) in form.message.text() and "counter" in form.message.text()
    assert "số nguyên" in form.message.text()
    assert path.read_text("utf-8") == text
