"""What a scanned code is, told to the citizen who held it under the kiosk's scanner.

A ticket's QR code shows that ticket's status now (its number, field, state, people ahead and the wait, or
the counter to go to). A booking code (mã lịch hẹn) or a dossier code (mã hồ sơ) cannot be looked up —
the centre's booking and one-stop systems are not connected to the queue — so the screen says what the
code is and what to do instead: take a number for the field and show the code at the counter. Anything
else is said not to be the centre's. "Xong" or the idle time returns home.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from assets.texts import tr
from kiosk.look import Look
from printers.linebreaks import keep_together

# A ticket's state → the line that says what it means for the citizen now.
STATE_KEYS = {"waiting": "kiosk.scan.waiting", "called": "kiosk.scan.called", "serving": "kiosk.scan.serving",
              "done": "kiosk.scan.done", "no_show": "kiosk.scan.no_show", "transferred": "kiosk.scan.transferred",
              "held": "kiosk.scan.held", "cancelled": "kiosk.scan.cancelled"}


class ScanScreen(QWidget):
    """``show_checking()``, ``show_ticket(status)``, ``show_code(kind, code)``, ``show_failure(text)``;
    ``done()`` when the citizen taps "Xong"."""

    done = Signal()

    def __init__(self, look: Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan")
        self.lang = "vi"
        self._shown: tuple[str, Any] = ("checking", None)
        m = look.metrics.mm
        center = Qt.AlignmentFlag.AlignCenter
        self.kind = QLabel(objectName="scan_kind", alignment=center, wordWrap=True)
        self.title = QLabel(objectName="scan_title", alignment=center, wordWrap=True)
        self.lines = QLabel(objectName="scan_lines", alignment=center, wordWrap=True)
        self.lines.setProperty("role", "ticket_line")
        self.advice = QLabel(objectName="scan_advice", alignment=center, wordWrap=True)
        self.done_button = QPushButton(objectName="scan_done")
        self.done_button.setProperty("role", "done")
        self.done_button.clicked.connect(lambda: self.done.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m(12), m(10), m(12), m(10))
        layout.setSpacing(m(6))
        layout.addStretch(2)
        for label in (self.kind, self.title, self.lines, self.advice):
            layout.addWidget(label)
        layout.addStretch(3)
        layout.addWidget(self.done_button, alignment=center)
        self.set_language("vi")

    def show_checking(self) -> None:
        """A ticket's code was read: its status is on its way."""
        self._show(("checking", None))

    def show_ticket(self, status: dict[str, Any]) -> None:
        """A ticket's public status (``GET /api/v1/public/tickets/{token}``)."""
        self._show(("ticket", status))

    def show_code(self, kind: str, code: str) -> None:
        """A code that is not a ticket: ``booking``, ``dossier`` or ``unknown``."""
        self._show((kind, code))

    def show_failure(self, key: str) -> None:
        """The status could not be read: *key* (``kiosk.scan.not_found``, ``kiosk.scan.unreachable``)."""
        self._show(("failure", key))

    def set_language(self, lang: str) -> None:
        """Every text in *lang*."""
        self.lang = lang
        self.done_button.setText(tr("kiosk.done", lang))
        self._show(self._shown)

    def _show(self, shown: tuple[str, Any]) -> None:
        self._shown = shown
        what, value = shown
        def t(key: str, **values: object) -> str:
            return tr(key, self.lang, **values)

        lines = advice = ""
        if what == "checking":
            kind, title = t("kiosk.scan.ticket_kind"), t("kiosk.scan.checking")
        elif what == "ticket":
            kind, title, lines, advice = self._ticket_texts(value)
        elif what in ("booking", "dossier"):
            kind, title = t(f"kiosk.scan.{what}_kind"), value
            lines, advice = t(f"kiosk.scan.{what}_text"), t(f"kiosk.scan.{what}_advice")
        elif what == "unknown":
            kind, title = t("kiosk.scan.unknown_kind"), t("devices.scan.unknown")
            advice = t("kiosk.scan.unknown_advice")
        else:
            kind, title = t("kiosk.scan.ticket_kind"), t(str(value))
        self.kind.setText(kind)
        self.title.setText(title)
        self.lines.setText(keep_together(lines) if self.lang == "vi" else lines)
        self.lines.setVisible(bool(lines))
        self.advice.setText(keep_together(advice) if self.lang == "vi" else advice)
        self.advice.setVisible(bool(advice))

    def _ticket_texts(self, status: dict[str, Any]) -> tuple[str, str, str, str]:
        lang = self.lang
        field = status.get(f"field_name_{lang}") or status.get("field_name_vi", "")
        title = tr("kiosk.scan.ticket_title", lang, label=status.get("label", "?"), field=field)
        state = str(status.get("state", ""))
        if status.get("day_closed"):
            return tr("kiosk.scan.ticket_kind", lang), title, tr("kiosk.scan.day_closed", lang), \
                tr("kiosk.scan.new_ticket", lang)
        if state == "waiting":
            minutes = status.get("estimated_minutes")
            lines = tr("kiosk.scan.waiting", lang, ahead=status.get("ahead", 0))
            if minutes and not status.get("overloaded"):
                lines += "\n" + tr("kiosk.estimate", lang, minutes=minutes)
        else:
            lines = tr(STATE_KEYS.get(state, "kiosk.scan.other"), lang, counter=status.get("counter") or "?",
                       state=tr(f"state.{state}", lang) if state in STATE_KEYS else state)
        return tr("kiosk.scan.ticket_kind", lang), title, lines, ""
