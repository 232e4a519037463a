"""The top of the wall display: the centre's name, the date and clock, and a quiet offline mark; and
under it, the administrator's message when there is one.

While the server cannot be reached the display keeps showing the last state it had, and says so in a
small steady tag beside the clock: "Mất kết nối · số liệu lúc 09:41". A TV in a hall full of waiting
citizens should not shout that the network is down (a banner across the calls would hide them and alarm
everyone); the people who need to know (the IT officer walking by) see the tag and the time it refers
to. The administrator's message is the opposite: a wide band in the warning colours, with its title in
words, held until it is cleared or expires (``message_timer``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from assets.texts import tr
from client.ui.clock import ClockLabel
from client.ui.fonts import font
from client.ui.theme import DEFAULT, Palette


class Header(QWidget):
    """Centre name on the left; the offline tag, the date and the clock on the right."""

    def __init__(self, zone: ZoneInfo, now: Callable[[], datetime], lang: str = "vi",
                 palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.lang = lang
        self.palette_ = palette
        self.now = now
        self.name = QLabel(objectName="centre_name")
        self.offline = QLabel(objectName="offline_mark")
        self.offline.setVisible(False)
        self.clock = ClockLabel(zone, now, lang, parent=self)
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name, 1)
        row.addWidget(self.offline)
        row.addWidget(self.clock)
        self.centre_name = ""
        self.px = 30
        self.set_font_px(30)

    def set_font_px(self, px: int) -> None:
        p = self.palette_
        self.px = px
        pad = max(6, px // 2)
        self.setStyleSheet(
            f"QWidget#header {{ background: {p.hall}; }}"
            f" QLabel {{ color: {p.hall_text}; font-size: {px}px; font-weight: bold; padding: 0 {pad}px; }}"
            f" QLabel#offline_mark {{ background: {p.warning}; color: {p.warning_text};"
            f" font-size: {round(px * 0.7)}px; border: {max(2, px // 12)}px solid {p.warning_text};"
            f" border-radius: {px // 4}px; padding: 2px {pad}px; }}")

    def set_centre(self, name: str, zone: ZoneInfo) -> None:
        self.centre_name = name
        self.clock.set_zone(zone)
        self._fit_name()

    def resizeEvent(self, event: object) -> None:
        self._fit_name()

    def _fit_name(self) -> None:
        """The centre's name, cut with "…" when the clock and the offline tag leave too little room."""
        room = self.width() - self.clock.sizeHint().width() - (
            self.offline.sizeHint().width() if not self.offline.isHidden() else 0) - self.px
        self.name.setText(QFontMetrics(font(self.px, True)).elidedText(
            self.centre_name, Qt.TextElideMode.ElideRight, max(10, room)))

    def set_online(self, online: bool, since: datetime | None = None) -> None:
        """Show or hide the offline tag; *since* is the moment of the last state shown."""
        if not online:
            when = (since or self.now()).astimezone(self.clock.zone)
            self.offline.setText(tr("display.offline", self.lang, time=f"{when.hour:02d}:{when.minute:02d}"))
        self.offline.setVisible(not online)
        self._fit_name()


class MessageBand(QLabel):
    """The administrator's message; hidden when there is none or it has expired."""

    def __init__(self, now: Callable[[], datetime], lang: str = "vi", palette: Palette = DEFAULT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_band")
        self.now = now
        self.lang = lang
        self.palette_ = palette
        self.message: dict | None = None
        self.base_px = 30
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_timer = QTimer(self, objectName="message_timer", singleShot=True)
        self.message_timer.timeout.connect(self.expire)
        self.set_font_px(30)
        self.setVisible(False)

    def set_font_px(self, px: int) -> None:
        self.base_px = px
        self._fit()

    def _style(self, px: int) -> None:
        p = self.palette_
        self.setStyleSheet(
            f"QLabel#message_band {{ background: {p.warning}; color: {p.warning_text}; font-size: {px}px;"
            f" font-weight: bold; border-top: {max(3, px // 8)}px solid {p.warning_text};"
            f" border-bottom: {max(3, px // 8)}px solid {p.warning_text}; padding: 0 {px // 2}px; }}")

    def show_message(self, message: dict | None) -> None:
        """Show *message* (``text``, ``until``), or hide the band for ``None``."""
        self.message_timer.stop()
        self.message = message
        if message and message.get("until"):
            left = (datetime.fromisoformat(message["until"]) - self.now()).total_seconds()
            if left <= 0:
                self.message = None
            else:
                self.message_timer.start(min(2**31 - 1, round(left * 1000) + 50))
        if self.message:
            self.setText(f"{tr('display.message_title', self.lang)}:  {self.message['text']}")
            self._fit()
        self.setVisible(bool(self.message))

    def resizeEvent(self, event: object) -> None:
        self._fit()

    def _fit(self) -> None:
        """One line when it fits at down to 60 % of the size; a long message wraps onto two lines."""
        px = self.base_px
        fm = QFontMetrics(font(px, True))
        room = self.width() - px
        while fm.horizontalAdvance(self.text()) > room and px > self.base_px * 0.6:
            px = round(px * 0.94)
            fm = QFontMetrics(font(px, True))
        if fm.horizontalAdvance(self.text()) > room:
            px = min(px, round(self.height() / 2.9))
        self._style(px)

    def expire(self) -> None:
        self.show_message(self.message)  # checks the time again: hides it once its minutes are over
