"""The date and the time of day, as a kiosk or a counter shows them in its header.

``DateClock`` is two labels (time ``07:42``, date ``Thứ Hai, 30/11/2026``) updated by a named timer
(``clock_timer``) from an injected ``now()``, so a test sets the time instead of waiting for it. The
text changes once a minute; nothing blinks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assets.texts import tr


def date_text(moment: datetime, lang: str) -> str:
    """``Thứ Hai, 30/11/2026`` / ``Monday, 30/11/2026``."""
    return tr("ui.date", lang, weekday=tr(f"ui.weekday.{moment.weekday()}", lang), date=moment.strftime("%d/%m/%Y"))


class DateClock(QWidget):
    """Time above date; ``set_language`` switches the weekday's words."""

    def __init__(self, now: Callable[[], datetime], lang: str = "vi", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self.lang = lang
        self.time_label = QLabel(objectName="clock")
        self.date_label = QLabel(objectName="date")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.time_label)
        layout.addWidget(self.date_label)
        self.clock_timer = QTimer(self, objectName="clock_timer")
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self.refresh)
        self.clock_timer.start()
        self.refresh()

    def set_language(self, lang: str) -> None:
        """Show the date in *lang*."""
        self.lang = lang
        self.refresh()

    def refresh(self) -> None:
        """Show the time now."""
        moment = self.now()
        self.time_label.setText(moment.strftime("%H:%M"))
        self.date_label.setText(date_text(moment, self.lang))
