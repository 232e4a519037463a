"""The administrator's gate in front of an app's settings and exit.

A kiosk and a wall TV stand in a public hall: their set-up screen and their exit must not be reachable
by a citizen who finds the hidden corner. ``AdminGate`` asks for an administrator's username and PIN and
checks them with the centre's server (``POST /auth/login``, no counter), the same accounts and the same
lockout as everywhere else; an officer's account is refused. The token the check obtains is given back
at once (``/auth/logout``): the gate opens a door, it does not keep a session — except with
``keep_token=True``, for a form that acts as the administrator (the display's message form), which is
handed the token by ``granted_token`` and logs it out when it closes.

Nothing waits on the GUI thread: the dialog stays responsive while the server answers, and says in
plain words when it cannot be reached (the settings can then not be opened from here; an IT officer with
the machine's keyboard edits the settings file instead — docs/client.md).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError


class AdminGate(QDialog):
    """Asks for an administrator's username and PIN; ``granted(username)`` once the server agrees."""

    granted = Signal(str)
    granted_token = Signal(str, str)  # username, token: only with keep_token (the caller logs it out)

    def __init__(self, base_url: str, lang: str = "vi", purpose: str = "settings",
                 api: ApiClient | None = None, parent: QWidget | None = None, keep_token: bool = False) -> None:
        super().__init__(parent)
        self.lang, self.keep_token = lang, keep_token
        # A client of its own: the app's client carries the device key, which must stay as it is.
        self.api = api or ApiClient(base_url, timeout=8.0, parent=self)
        self.setObjectName("admin_gate")
        self.setWindowTitle(tr("ui.admin.title", lang))
        self.setModal(True)

        self.prompt = QLabel(tr(f"ui.admin.purpose.{purpose}", lang))
        self.prompt.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        self.pin = QLineEdit(objectName="pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ui.admin.open", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("ui.cancel", lang))
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(tr("ui.admin.username", lang), self.username)
        form.addRow(tr("ui.admin.pin", lang), self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons, alignment=Qt.AlignmentFlag.AlignRight)

    @property
    def busy(self) -> bool:
        """True while the server is checking the PIN."""
        return not self.buttons.isEnabled()

    def check(self) -> None:
        """Send the username and PIN to the server (once: a second press while checking does nothing)."""
        if self.busy:
            return
        username, pin = self.username.text().strip(), self.pin.text()
        if not username or not pin:
            self._refuse(tr("ui.admin.missing", self.lang))
            return
        self._set_busy(True)
        self.message.setText(tr("ui.admin.checking", self.lang))
        self.api.request("POST", "/auth/login", {"username": username, "pin": pin}, auth=False).then(
            self._on_login, self._on_error)

    def _on_login(self, result: dict[str, Any]) -> None:
        token = result.get("token")
        admin = result.get("role") == "admin"
        if token and not (admin and self.keep_token):  # give the token back: the gate keeps no session
            ApiClient(self.api.base_url, token=token, parent=self).logout()
        if not admin:
            self._refuse(tr("ui.admin.not_admin", self.lang))
            return
        self._set_busy(False)
        self.pin.clear()
        self.message.clear()
        username = str(result.get("username", ""))
        self.granted.emit(username)
        if self.keep_token and token:
            self.granted_token.emit(username, str(token))
        self.accept()

    def _on_error(self, error: ApiError) -> None:
        # An officer's right PIN without a counter is refused as "choose a counter": here it only means
        # the account is not an administrator's.
        text = tr("ui.admin.not_admin", self.lang) if error.code == "counter_required" else error.message(self.lang)
        self._refuse(text)

    def _refuse(self, text: str) -> None:
        self._set_busy(False)
        self.pin.clear()
        self.pin.setFocus()
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.pin.setEnabled(not busy)
