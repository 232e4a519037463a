"""The login screen: the centre's counters by name (read without a credential), username and PIN.

The counter this PC was set up as is chosen already; an officer sitting elsewhere for the day picks
another, and the choice is kept for this machine. Logging in at a counter someone left open takes it
over (the server closes the other session). Nothing here blocks: the list and the PIN check arrive by
signal, and a server that cannot be reached is said so with a button to try again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError
from client.ui.fonts import font
from client.ui.metrics import Metrics
from client.ui.settings import AppSettings


class LoginDialog(QDialog):
    """``logged_in(login, centre)``: the server's login answer and the public counters list."""

    logged_in = Signal(dict, dict)

    def __init__(self, api: ApiClient, settings: AppSettings, metrics: Metrics, lang: str = "vi",
                 message: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api, self.settings, self.lang = api, settings, lang
        self.centre: dict[str, Any] | None = None
        self.setObjectName("login_dialog")
        self.setWindowTitle(tr("counter.login_title", lang))
        self.setMinimumWidth(metrics.mm(120))
        self.title = QLabel(tr("app.counter", lang), objectName="centre")
        self.title.setFont(font(metrics.text_px(3.5), bold=True))
        self.title.setWordWrap(True)
        self.counter = QComboBox(objectName="counter")
        self.username = QLineEdit(objectName="username")
        self.pin = QLineEdit(objectName="pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.returnPressed.connect(self.submit)
        self.message = QLabel(message or "", objectName="message", wordWrap=True)
        self.message.setProperty("role", "error")
        self.retry = QPushButton(tr("counter.retry", lang), objectName="retry")
        self.retry.setProperty("role", "secondary")
        self.retry.clicked.connect(self.load_counters)
        self.login = QPushButton(tr("counter.login", lang), objectName="login")
        self.login.setDefault(True)
        self.login.clicked.connect(self.submit)
        form = QFormLayout()
        form.addRow(tr("counter.counter", lang), self.counter)
        form.addRow(tr("ui.admin.username", lang), self.username)
        form.addRow(tr("ui.admin.pin", lang), self.pin)
        row = QHBoxLayout()
        row.addWidget(self.retry)
        row.addStretch(1)
        row.addWidget(self.login)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self._set_busy(True)
        self.load_counters()

    def load_counters(self) -> None:
        """Ask the server for the centre's counters (no credential needed)."""
        self._set_busy(True)
        self.retry.setVisible(False)
        self.api.public_counters().then(self._on_counters, self._on_counters_failed)

    def _on_counters(self, centre: dict[str, Any]) -> None:
        self.centre = centre
        self.title.setText(centre["centre"])
        self.counter.clear()
        for c in centre["counters"]:
            self.counter.addItem(c["name"] if not c.get("location") else f"{c['name']} — {c['location']}",
                                 c["number"])
        index = self.counter.findData(int(self.settings["counter"]))
        self.counter.setCurrentIndex(max(0, index))
        self._set_busy(False)
        (self.pin if self.username.text() else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_counters_failed(self, error: ApiError) -> None:
        self.message.setText(error.message(self.lang))
        self.retry.setVisible(True)
        self.retry.setEnabled(True)

    def submit(self) -> None:
        """Send username, PIN and counter (once: a second press while checking does nothing)."""
        if self.busy or self.centre is None:
            return
        username, pin, counter = self.username.text().strip(), self.pin.text(), self.counter.currentData()
        if not username or not pin:
            self.message.setText(tr("ui.admin.missing", self.lang))
            return
        self._set_busy(True)
        self.message.setText(tr("ui.admin.checking", self.lang))
        self.api.login(username, pin, int(counter)).then(self._on_login, self._on_login_failed)

    def _on_login(self, result: dict[str, Any]) -> None:
        self._set_busy(False)
        self.pin.clear()
        if int(self.settings["counter"]) != result["counter"]:
            self.settings.update({"counter": result["counter"]})
            try:
                self.settings.save()
            except OSError:
                pass  # the choice is only a convenience for the next start
        assert self.centre is not None
        self.logged_in.emit(result, self.centre)
        self.accept()

    def _on_login_failed(self, error: ApiError) -> None:
        self._set_busy(False)
        self.pin.clear()
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.setText(error.message(self.lang))

    @property
    def busy(self) -> bool:
        """True while the counters list or the PIN check is on its way."""
        return not self.login.isEnabled()

    def _set_busy(self, busy: bool) -> None:
        for w in (self.login, self.counter, self.username, self.pin):
            w.setEnabled(not busy)
