"""The ticket on screen: the number very large, the field, the counters, people ahead, the estimated wait
and the QR code of the ticket's status page, with how printing went.

When the printer cannot print, this screen is the ticket: it stays longer, says so plainly in a framed
band ("Máy in tạm hết giấy — vui lòng chụp lại số thứ tự"), and the QR code lets the citizen follow the
turn on a phone. A touch (or "Xong") returns home sooner.
"""

from __future__ import annotations

from typing import Any

import qrcode
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assets.texts import tr
from kiosk.look import Look

PRINT_STATES = ("printing", "printed", "trouble", "failed", "no_printer")


def qr_image(text: str, size: int) -> QImage:
    """A QR code of *text*, *size* pixels square, black on white with a quiet zone."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    cells = len(matrix)
    cell = max(1, size // cells)
    image = QImage(cells * cell, cells * cell, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * cell, y * cell, cell, cell, QColor("black"))
    painter.end()
    return image


class QrCode(QWidget):
    """The ticket's QR code, painted from its image.

    Not a ``QLabel`` pixmap: a label turns each new pixmap into an icon whose drawn copy Qt keeps in its
    pixmap cache, so every ticket's code — never shown again — stayed in memory until the cache's 10 MB
    were full, pushing out what the style keeps there.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr")
        self.image = QImage()

    def set_image(self, image: QImage) -> None:
        """Show *image* (an empty one shows nothing)."""
        self.image = image
        self.setFixedSize(image.size())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.image.isNull():
            painter = QPainter(self)
            painter.drawImage(0, 0, self.image)
            painter.end()


class TicketScreen(QWidget):
    """``show_ticket(answer, counters)``, ``set_print_state(state)``, ``set_countdown(seconds)``;
    ``done()`` when the citizen taps "Xong"."""

    done = Signal()

    def __init__(self, look: Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticket")
        self.look = look
        self.lang = "vi"
        self.answer: dict[str, Any] = {}
        self.counters: list[int] = []
        self.print_state = "printing"
        self.seconds = 0
        m = look.metrics.mm
        center = Qt.AlignmentFlag.AlignCenter
        self.number_label = QLabel(objectName="number_label", alignment=center)
        self.number = QLabel(objectName="number", alignment=center)
        self.field = QLabel(objectName="ticket_field", alignment=center, wordWrap=True)
        self.priority = QLabel(objectName="ticket_priority", alignment=center)
        self.counter_line = QLabel(objectName="ticket_counters", alignment=center, wordWrap=True)
        self.ahead = QLabel(objectName="ticket_ahead", alignment=center, wordWrap=True)
        self.estimate = QLabel(objectName="ticket_estimate", alignment=center, wordWrap=True)
        for label in (self.counter_line, self.ahead, self.estimate):
            label.setProperty("role", "ticket_line")
        self.qr = QrCode()
        self.qr_hint = QLabel(objectName="qr_hint", alignment=center, wordWrap=True)
        self.print_status = QLabel(objectName="print_status", alignment=center, wordWrap=True)
        self.countdown = QLabel(objectName="ticket_countdown", alignment=center)
        self.countdown.setProperty("role", "countdown")
        self.done_button = QPushButton(objectName="done")
        self.done_button.setProperty("role", "done")
        self.done_button.clicked.connect(lambda: self.done.emit())

        number_side = QVBoxLayout()
        number_side.setSpacing(m(2))
        for w in (self.number_label, self.number, self.field):
            number_side.addWidget(w)
        number_side.addWidget(self.priority, alignment=center)
        for w in (self.counter_line, self.ahead, self.estimate):
            number_side.addWidget(w)
        qr_side = QVBoxLayout()
        qr_side.setSpacing(m(2))
        qr_side.addStretch(1)
        qr_side.addWidget(self.qr, alignment=center)
        qr_side.addWidget(self.qr_hint)
        qr_side.addStretch(1)
        # One layout for both orientations: side by side in landscape, stacked in portrait.
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(m(6))
        self.body.addLayout(number_side, 3)
        self.body.addLayout(qr_side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m(8), m(3), m(8), m(3))
        layout.setSpacing(m(2))
        layout.addStretch(1)
        layout.addLayout(self.body)
        layout.addStretch(1)
        layout.addWidget(self.print_status)
        layout.addWidget(self.countdown)
        layout.addWidget(self.done_button, alignment=center)

    def set_orientation(self, portrait: bool) -> None:
        """Stack (portrait) or set side by side (landscape)."""
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        self.body.setDirection(direction)
        self.number.setProperty("landscape", not portrait)  # the number shares the height with the rest
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)

    def show_ticket(self, answer: dict[str, Any], counters: list[int]) -> None:
        """The server's answer to ``POST /tickets`` and the counters that serve its field."""
        self.answer, self.counters = answer, counters
        self.print_state = "printing"
        url = answer.get("status_url") or ""
        self.qr.set_image(qr_image(url, self.look.metrics.mm(55)) if url else QImage())
        self.qr.setVisible(bool(url))
        self.qr_hint.setVisible(bool(url))
        self.redraw()

    def set_print_state(self, state: str) -> None:
        """``printing``, ``printed``, ``trouble`` (the printer is not ready), ``failed``, ``no_printer``."""
        self.print_state = state
        self.redraw()

    def set_countdown(self, seconds: int) -> None:
        """Seconds left before the kiosk returns home by itself."""
        self.seconds = seconds
        self.countdown.setText(tr("kiosk.returning", self.lang, seconds=seconds))

    def set_language(self, lang: str) -> None:
        """Show every text in *lang*."""
        self.lang = lang
        self.redraw()

    def redraw(self) -> None:
        """Fill the labels from the ticket, in the current language."""
        lang, answer = self.lang, self.answer
        ticket = answer.get("ticket") or {}
        self.number_label.setText(tr("kiosk.number_label", lang))
        self.number.setText(str(ticket.get("label", "")))
        self.field.setText(str(answer.get("field_name_en" if lang == "en" else "field_name_vi", "")))
        kind = ticket.get("priority")
        self.priority.setVisible(bool(kind))
        self.priority.setText("★  " + tr(f"priority.{kind}", lang) if kind else "")
        self.counter_line.setVisible(bool(self.counters))
        self.counter_line.setText(tr("kiosk.counters", lang, counters=", ".join(map(str, self.counters))))
        ahead = int(answer.get("ahead") or 0)
        self.ahead.setText(tr("kiosk.ahead", lang, count=ahead) if ahead else tr("kiosk.ahead_none", lang))
        minutes = answer.get("estimated_minutes")
        if answer.get("overloaded"):  # the server says the wait may run past today's hours: no number
            self.estimate.setText(tr("printer.ticket.wait_overloaded", lang))
        else:
            self.estimate.setText(tr("kiosk.estimate", lang, minutes=minutes) if minutes else "")
        self.estimate.setVisible(bool(self.estimate.text()) and bool(ahead))
        self.qr_hint.setText(tr("kiosk.qr_hint", lang))
        texts = {"printing": "kiosk.printing", "printed": "kiosk.printed", "trouble": "kiosk.print_trouble",
                 "failed": "kiosk.print_failed", "no_printer": "kiosk.no_printer"}
        self.print_status.setText(tr(texts[self.print_state], lang))
        trouble = self.print_state in ("trouble", "failed", "no_printer")
        if self.print_status.property("trouble") != trouble:
            self.print_status.setProperty("trouble", trouble)
            self.print_status.style().unpolish(self.print_status)
            self.print_status.style().polish(self.print_status)
        self.done_button.setText(tr("kiosk.done", lang))
        self.set_countdown(self.seconds)
