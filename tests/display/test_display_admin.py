"""The display's administrator's gate against the real server: the right PIN opens the set-up and saving
it restarts the display with the new settings; a wrong PIN opens nothing; the exit gate quits."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.ui.admin_gate import AdminGate
from client.ui.settings import AppSettings
from client.ui.settings_dialog import SettingsDialog
from display.app import RESTART, open_gate
from display.settings import SCHEMA
from tests.fakes.centre import PINS

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]
TIMEOUT = 15000


class Exits:
    """Stands for the QApplication: the exit codes the display's event loop would end with."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, code: int) -> None:
        self.codes.append(code)


@pytest.fixture
def server(server_factory):
    return server_factory()


def settings_file(path: Path, url: str, key: str) -> AppSettings:
    settings = AppSettings("display", SCHEMA, path=path)
    settings.update({"server": url, "key": key})
    settings.save()
    return settings


def through_the_gate(qtbot, display, settings: AppSettings, purpose: str, pin: str, exits: Exits) -> AdminGate:
    open_gate(exits, display.runtime, settings, purpose, "vi")
    gate = display.window.findChild(AdminGate)
    assert gate is not None and gate.isVisible()
    gate.username.setText("admin")
    gate.pin.setText(pin)
    gate.check()
    qtbot.waitUntil(lambda: not gate.busy, timeout=TIMEOUT)
    return gate


def test_the_gate_opens_the_setup_and_saving_it_restarts_the_display(qtbot, display, server, tmp_path):
    process, centre = server
    settings = settings_file(tmp_path / "display.toml", process.url, centre.display)
    exits = Exits()
    through_the_gate(qtbot, display, settings, "settings", PINS["admin"], exits)
    qtbot.waitUntil(lambda: display.window.findChild(SettingsDialog) is not None, timeout=TIMEOUT)
    dialog = display.window.findChild(SettingsDialog)
    assert exits.codes == []  # nothing restarts before the set-up is saved
    dialog.editors["diagonal"].setValue(65.0)
    dialog.save()
    assert exits.codes == [RESTART]
    assert AppSettings("display", SCHEMA, path=tmp_path / "display.toml").load()["diagonal"] == 65.0


def test_a_wrong_pin_opens_no_setup(qtbot, display, server, tmp_path):
    process, centre = server
    settings = settings_file(tmp_path / "display.toml", process.url, centre.display)
    exits = Exits()
    gate = through_the_gate(qtbot, display, settings, "settings", "000000", exits)
    assert gate.message.text() and display.window.findChild(SettingsDialog) is None and exits.codes == []


def test_the_exit_gate_quits_the_display(qtbot, display, server, tmp_path):
    process, centre = server
    settings = settings_file(tmp_path / "display.toml", process.url, centre.display)
    exits = Exits()
    through_the_gate(qtbot, display, settings, "exit", PINS["admin"], exits)
    assert exits.codes == [0]
