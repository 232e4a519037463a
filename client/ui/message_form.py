"""The administrator's message on every wall display, typed on a screen instead of with a command.

Opened behind the administrator's gate (``AdminGate(keep_token=True)``, which hands over the token it
obtained): the form puts a message up (``PUT /api/v1/display/message``, for some minutes or until taken
down) or takes the one in force down (``DELETE``). The server keeps the message and sends it to every
display as an event, so one form serves them all. On closing, the form logs the token out: it opens a
door, it keeps no session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError

MAX_TEXT = 200  # the server's limit (two lines on a TV); it refuses longer texts itself
MAX_MINUTES = 24 * 60


class MessageForm(QDialog):
    """Put up or take down the message on every display. ``changed(message_or_None)`` after the server
    agreed (the message it stored, or ``None`` once taken down)."""

    changed = Signal(object)

    def __init__(self, base_url: str, token: str, lang: str = "vi", api: ApiClient | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.api = api or ApiClient(base_url, token=token, timeout=8.0, parent=self)
        self.setObjectName("message_form")
        self.setWindowTitle(tr("ui.message.title", lang))
        self.setModal(True)

        intro = QLabel(tr("ui.message.intro", lang), wordWrap=True)
        self.text = QLineEdit(objectName="text", maxLength=MAX_TEXT)
        self.text.setPlaceholderText(tr("ui.message.example", lang))
        self.minutes = QSpinBox(objectName="minutes", minimum=0, maximum=MAX_MINUTES, singleStep=5)
        self.minutes.setSpecialValueText(tr("ui.message.until_cleared", lang))
        self.minutes.setSuffix(tr("ui.message.minutes_suffix", lang))
        self.current = QLabel(objectName="current", wordWrap=True)
        self.answer = QLabel(objectName="answer", wordWrap=True)
        self.post_button = QPushButton(tr("ui.message.post", lang), objectName="post")
        self.post_button.clicked.connect(self.post)
        self.clear_button = QPushButton(tr("ui.message.clear", lang), objectName="clear")
        self.clear_button.setProperty("role", "secondary")
        self.clear_button.clicked.connect(self.clear)
        close = QPushButton(tr("ui.message.close", lang), objectName="close")
        close.setProperty("role", "secondary")
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(tr("ui.message.text", lang), self.text)
        form.addRow(tr("ui.message.minutes", lang), self.minutes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(self.answer)
        layout.addLayout(buttons)
        self.finished.connect(self._log_out)
        self._busy = False
        self.refresh()

    @property
    def busy(self) -> bool:
        """A request is on its way (the buttons wait for it)."""
        return self._busy

    def refresh(self) -> None:
        """Ask the server which message is in force now."""
        self.api.request("GET", "/display/message").then(
            lambda answer: self._show_current((answer or {}).get("message")), self._on_error)

    def post(self) -> None:
        """Put the typed message on every display."""
        text = self.text.text().strip()
        if not text:
            self._say("error", tr("ui.message.empty", self.lang))
            return
        body: dict[str, Any] = {"text": text}
        if self.minutes.value():
            body["minutes"] = self.minutes.value()
        self._send("PUT", body, self._on_posted)

    def clear(self) -> None:
        """Take the message in force off every display."""
        self._send("DELETE", None, lambda _answer: self._on_cleared())

    def _send(self, method: str, body: object, done: Any) -> None:
        if self._busy:
            return
        self._set_busy(True)
        self.api.request(method, "/display/message", body).then(done, self._on_error)

    def _on_posted(self, message: dict[str, Any]) -> None:
        self._set_busy(False)
        self._show_current(message)
        self._say("ok", tr("ui.message.posted", self.lang))
        self.changed.emit(message)

    def _on_cleared(self) -> None:
        self._set_busy(False)
        self._show_current(None)
        self._say("ok", tr("ui.message.cleared", self.lang))
        self.changed.emit(None)

    def _on_error(self, error: ApiError) -> None:
        self._set_busy(False)
        self._say("error", error.message(self.lang))

    def _show_current(self, message: dict[str, Any] | None) -> None:
        if not message:
            self.current.setText(tr("ui.message.none", self.lang))
            return
        until = message.get("until")
        key = "ui.message.current_until" if until else "ui.message.current"
        self.current.setText(tr(key, self.lang, text=message.get("text", ""), until=local_time(until)))

    def _say(self, kind: str, text: str) -> None:
        self.answer.setProperty("role", "error" if kind == "error" else "info")
        self.answer.setText(text)
        self.answer.style().unpolish(self.answer)
        self.answer.style().polish(self.answer)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.post_button.setEnabled(not busy)
        self.clear_button.setEnabled(not busy)

    def _log_out(self) -> None:
        self.api.logout()


def local_time(stamp: str | None) -> str:
    """``HH:MM`` on this PC's clock for a server time stamp (ISO 8601, UTC)."""
    if not stamp:
        return ""
    from datetime import datetime

    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    return f"{moment.hour:02d}:{moment.minute:02d}"

