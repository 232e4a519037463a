"""The citizen's rating screen on the counter PC's second monitor.

After "Hoàn thành" the counter app calls :meth:`RatingWindow.ask`: the window shows the officer and the
counter, and four big buttons with faces (Rất hài lòng / Hài lòng / Bình thường / Không hài lòng; the
last one offers a few reasons) for 30 seconds or until the citizen answers. The answer goes to the server
through the app's own :class:`~client.api.ApiClient` (the officer's token of this counter) without
blocking; the window thanks the citizen, or says plainly why the rating was not recorded, and closes.
The server decides what is accepted (:mod:`core.ratings`); the window only shows its answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError
from client.ui.fonts import font
from client.ui.metrics import Metrics
from client.ui.theme import DEFAULT, Palette
from counter.rating_faces import face_pixmap

ANSWERS = ("very_satisfied", "satisfied", "neutral", "dissatisfied")
REASONS = ("long_wait", "attitude", "unclear_guidance", "extra_papers", "other")
ASK_SECONDS = 30
MESSAGE_SECONDS = 5


class RatingWindow(QWidget):
    """Asks the citizen to rate the service of one finished ticket; ``rated(answer)`` once the server has
    recorded it, ``closed()`` whenever the window goes away (answered, refused or timed out)."""

    rated = Signal(str)
    closed = Signal()

    def __init__(self, api: ApiClient, counter: int, lang: str, metrics: Metrics, parent: QWidget | None = None,
                 palette: Palette = DEFAULT) -> None:
        super().__init__(parent)
        # Not ``self.palette``: that is QWidget's own method.
        self.api, self.counter, self.lang, self.metrics, self.colours = api, counter, lang, metrics, palette
        self.ticket: dict[str, Any] | None = None
        self.officer_name = ""
        self.setObjectName("rating_window")
        self.setWindowTitle(tr("rating.title", lang))
        self.timeout = QTimer(self, objectName="rating_timeout", singleShot=True, interval=ASK_SECONDS * 1000)
        self.timeout.timeout.connect(self._time_out)
        self.countdown = QTimer(self, objectName="rating_countdown", interval=1000)
        self.countdown.timeout.connect(self._show_time_left)
        self.message_timer = QTimer(self, objectName="rating_message", singleShot=True,
                                    interval=MESSAGE_SECONDS * 1000)
        self.message_timer.timeout.connect(self.finish)
        self._build()
        self.setStyleSheet(self._style())
        self._retranslate()

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        m = self.metrics.mm
        self.header = QLabel(objectName="rating_header", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.header.setFont(font(self.metrics.text_px(5), bold=True))
        self.ticket_label = QLabel(objectName="rating_ticket", alignment=Qt.AlignmentFlag.AlignCenter)
        self.ticket_label.setFont(font(self.metrics.text_px(3.5)))
        self.pages = QStackedWidget(objectName="rating_pages")

        question = QWidget()
        q = QVBoxLayout(question)
        self.question = QLabel(objectName="rating_question", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.question.setFont(font(self.metrics.text_px(5.5), bold=True))
        q.addStretch(1)
        q.addWidget(self.question)
        q.addSpacing(m(6))
        row = QHBoxLayout()
        row.setSpacing(m(4))
        self.answer_buttons: dict[str, QToolButton] = {}
        for answer in ANSWERS:
            button = QToolButton(objectName=f"answer_{answer}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIcon(QIcon(face_pixmap(answer, m(32), self.devicePixelRatioF())))
            button.setIconSize(QSize(m(32), m(32)))
            # Four equal targets, as large as the screen allows (the whole screen is for this question).
            button.setMinimumSize(m(45), m(50))
            button.setMaximumHeight(m(75))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setFont(font(self.metrics.text_px(4.2), bold=True))
            button.clicked.connect(lambda _=False, a=answer: self._chose(a))
            self.answer_buttons[answer] = button
            row.addWidget(button, 1)
        q.addLayout(row, 4)
        self.time_left = QLabel(objectName="rating_time_left", alignment=Qt.AlignmentFlag.AlignCenter)
        self.time_left.setFont(font(self.metrics.text_px(3)))
        q.addSpacing(m(4))
        q.addWidget(self.time_left)
        q.addStretch(1)

        reasons = QWidget()
        r = QVBoxLayout(reasons)
        self.reasons_title = QLabel(objectName="rating_reasons_title", alignment=Qt.AlignmentFlag.AlignCenter,
                                    wordWrap=True)
        self.reasons_title.setFont(font(self.metrics.text_px(4.5), bold=True))
        r.addStretch(1)
        r.addWidget(self.reasons_title)
        r.addSpacing(m(4))
        grid = QGridLayout()
        grid.setSpacing(m(2.5))
        self.reason_buttons: dict[str, QPushButton] = {}
        for i, reason in enumerate(REASONS):
            button = QPushButton(objectName=f"reason_{reason}", checkable=True)
            button.setProperty("role", "reason")
            button.setMinimumHeight(m(14))
            button.setFont(font(self.metrics.text_px(3.6)))
            self.reason_buttons[reason] = button
            grid.addWidget(button, i // 2, i % 2)
        r.addLayout(grid)
        actions = QHBoxLayout()
        self.back = QPushButton(objectName="rating_back")
        self.back.setProperty("role", "secondary")
        self.back.clicked.connect(self._back_to_question)
        self.send = QPushButton(objectName="rating_send")
        self.send.clicked.connect(self._send_reasons)
        for button in (self.back, self.send):
            button.setMinimumHeight(m(14))
            button.setFont(font(self.metrics.text_px(4), bold=True))
            actions.addWidget(button)
        r.addSpacing(m(4))
        r.addLayout(actions)
        r.addStretch(1)

        self.message = QLabel(objectName="rating_message", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.message.setFont(font(self.metrics.text_px(6), bold=True))
        self.detail = QLabel(objectName="rating_detail", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.detail.setFont(font(self.metrics.text_px(4)))
        done = QWidget()
        d = QVBoxLayout(done)
        d.addStretch()
        d.addWidget(self.message)
        d.addWidget(self.detail)
        d.addStretch()

        for page in (question, reasons, done):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m(6), m(4), m(6), m(4))
        layout.setSpacing(m(3))
        layout.addWidget(self.header)
        layout.addWidget(self.ticket_label)
        layout.addWidget(self.pages, 1)

    def _style(self) -> str:
        p, m = self.colours, self.metrics.mm
        return f"""
QWidget#rating_window {{ background: {p.background}; }}
QLabel#rating_header {{ background: {p.primary}; color: {p.primary_text}; padding: {m(3)}px;
    border-radius: {m(2)}px; }}
QToolButton {{ background: {p.surface}; color: {p.surface_text}; border: {m(0.8)}px solid {p.muted_text};
    border-radius: {m(4)}px; padding: {m(3)}px; }}
QToolButton:pressed {{ background: {p.highlight}; color: {p.highlight_text}; }}
QToolButton:disabled {{ background: {p.disabled}; color: {p.disabled_text}; }}
QPushButton[role="reason"] {{ background: {p.surface}; color: {p.surface_text};
    border: {m(0.6)}px solid {p.muted_text}; text-align: left; padding-left: {m(4)}px; }}
QPushButton[role="reason"]:checked {{ background: {p.highlight}; color: {p.highlight_text};
    border: {m(0.8)}px solid {p.highlight_text}; }}
QLabel#rating_message[tone="ok"] {{ color: {p.ok}; }}
QLabel#rating_message[tone="refused"] {{ background: {p.danger}; color: {p.danger_text}; padding: {m(4)}px;
    border-radius: {m(2)}px; }}
"""

    # ----------------------------------------------------------------- what the app calls

    def place_on(self, screen: QScreen) -> None:
        """Show the window full screen on *screen* (the monitor turned towards the citizen)."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())

    def set_language(self, lang: str) -> None:
        """Switch the texts to *lang*."""
        self.lang = lang
        self._retranslate()

    def ask(self, ticket: dict[str, Any], officer_name: str) -> None:
        """Ask about *ticket* (``id`` and ``label``, as the server sends it), served by *officer_name*. A new
        question replaces one still on screen."""
        self.ticket, self.officer_name = ticket, officer_name
        self.message_timer.stop()
        self._enable(True)
        for button in self.reason_buttons.values():
            button.setChecked(False)
        self.pages.setCurrentIndex(0)
        self._retranslate()
        self.timeout.start()
        self.countdown.start()
        self._show_time_left()
        self.show()
        self.raise_()

    def finish(self) -> None:
        """Close the question (after the thanks, a refusal or the timeout)."""
        self.timeout.stop()
        self.countdown.stop()
        self.message_timer.stop()
        self.ticket = None
        self.hide()
        self.closed.emit()

    # ----------------------------------------------------------------- the citizen's answer

    def _chose(self, answer: str) -> None:
        if answer == "dissatisfied":
            self.pages.setCurrentIndex(1)
            self.timeout.start()  # a fresh half-minute to pick the reasons
            return
        self._submit(answer, [])

    def _back_to_question(self) -> None:
        self.pages.setCurrentIndex(0)
        self.timeout.start()

    def _send_reasons(self) -> None:
        self._submit("dissatisfied", [r for r, b in self.reason_buttons.items() if b.isChecked()])

    def _submit(self, answer: str, reasons: list[str]) -> None:
        if self.ticket is None:
            return
        ticket_id = self.ticket["id"]
        self.timeout.stop()
        self.countdown.stop()
        self._enable(False)
        self.time_left.setText(tr("rating.sending", self.lang))
        self.api.rate(self.counter, ticket_id, answer, reasons).then(
            lambda _result: self._recorded(ticket_id, answer),
            lambda error: self._refused(ticket_id, error))

    def _recorded(self, ticket_id: int, answer: str) -> None:
        if self.ticket is None or self.ticket["id"] != ticket_id:
            return  # a newer question is on screen; this answer is recorded all the same
        self._show_message("ok", tr("rating.thanks", self.lang), tr("rating.thanks_detail", self.lang))
        self.rated.emit(answer)

    def _refused(self, ticket_id: int, error: ApiError) -> None:
        if self.ticket is None or self.ticket["id"] != ticket_id:
            return
        self._show_message("refused", tr("rating.not_sent", self.lang, reason=error.message(self.lang)), "")

    def _show_message(self, tone: str, text: str, detail: str) -> None:
        self.message.setProperty("tone", tone)
        self.message.setText(text)
        self.detail.setText(detail)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.pages.setCurrentIndex(2)
        self.message_timer.start()

    def _time_out(self) -> None:
        self.finish()

    # ----------------------------------------------------------------- texts

    def _enable(self, enabled: bool) -> None:
        buttons: list[QAbstractButton] = [*self.answer_buttons.values(), *self.reason_buttons.values(), self.send,
                                          self.back]
        for button in buttons:
            button.setEnabled(enabled)

    def _show_time_left(self) -> None:
        seconds = max(0, round(self.timeout.remainingTime() / 1000)) if self.timeout.isActive() else 0
        self.time_left.setText(tr("rating.seconds_left", self.lang, seconds=seconds))

    def _retranslate(self) -> None:
        lang = self.lang
        counter = tr("rating.counter", lang, counter=self.counter)
        officer = tr("rating.officer", lang, name=self.officer_name) if self.officer_name else ""
        self.header.setText(f"{counter}  ·  {officer}" if officer else counter)
        self.ticket_label.setText(tr("rating.ticket", lang, label=self.ticket["label"]) if self.ticket else "")
        self.question.setText(tr("rating.question", lang))
        for answer, button in self.answer_buttons.items():
            button.setText(tr(f"rating.answer_{answer}", lang))
        self.reasons_title.setText(tr("rating.reasons_title", lang))
        for reason, reason_button in self.reason_buttons.items():
            reason_button.setText(tr(f"rating.reason_{reason}", lang))
        self.back.setText(tr("rating.back", lang))
        self.send.setText(tr("rating.send", lang))
        self._show_time_left()
