"""The connection banner and the set-up dialog, as a person sees them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSpinBox

from client.ui.banner import ConnectionBanner
from client.ui.metrics import Metrics
from client.ui.settings import AppSettings
from client.ui.settings_dialog import SettingsDialog
from tests.fakes.waiting import free_port

from .test_settings import SCHEMA


class StubSession(QObject):
    """The two signals and two members of ``ServerSession`` the banner reads."""

    online_changed = Signal(bool)
    status_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.online = False

    def status_text(self, lang: str = "vi") -> str:
        return "Mất kết nối tới máy chủ." if lang == "vi" else "Connection to the server lost."

    def go(self, online: bool) -> None:
        self.online = online
        self.online_changed.emit(online)


def test_banner_shows_while_offline_and_hides_when_back(qtbot):
    session = StubSession()
    banner = ConnectionBanner(session, Metrics(96))
    qtbot.addWidget(banner)
    banner.show()
    assert banner.isVisible() and banner.text() == "Mất kết nối tới máy chủ."
    session.go(True)
    assert not banner.isVisible()
    session.go(False)
    banner.set_language("en")
    assert banner.isVisible() and banner.text() == "Connection to the server lost."


def dialog(qtbot, tmp_path, **kw) -> SettingsDialog:
    d = SettingsDialog(AppSettings("kiosk", SCHEMA, tmp_path / "kiosk.toml"), **kw)
    qtbot.addWidget(d)
    return d


def test_saving_writes_the_file(qtbot, tmp_path):
    d = dialog(qtbot, tmp_path)
    d.editors["server"].setText(" http://127.0.0.1:8080 ")
    d.editors["screen"].setValue(1)
    with qtbot.waitSignal(d.saved):
        d.save_button.click()
    saved = AppSettings("kiosk", SCHEMA, tmp_path / "kiosk.toml").load()
    assert saved["server"] == "http://127.0.0.1:8080" and saved["screen"] == 1


def test_a_bad_value_is_shown_and_nothing_saved(qtbot, tmp_path):
    d = dialog(qtbot, tmp_path)
    d.add_row("screen", "Screen", QSpinBox(), lambda: 99)  # above the maximum
    d.save_button.click()
    assert "screen" in d.message.text()
    assert not (tmp_path / "kiosk.toml").exists()


def test_an_unreachable_server_is_said_plainly(qtbot, tmp_path):
    d = dialog(qtbot, tmp_path)
    d.editors["server"].setText(f"http://127.0.0.1:{free_port()}")
    d.test_button.click()
    assert not d.test_button.isEnabled()  # one check at a time
    qtbot.waitUntil(d.test_button.isEnabled, timeout=8000)
    assert "Không kết nối được" in d.test_result.text()


def test_an_address_without_scheme_is_refused_before_asking(qtbot, tmp_path):
    d = dialog(qtbot, tmp_path, lang="en")
    d.editors["server"].setText("192.168.1.10:8080")
    d.test_button.click()
    assert d.test_button.isEnabled() and "http://" in d.test_result.text()
