"""The date and the time, as every public screen shows them ("Thứ Hai, 30/11/2026 · 09:41"): one line
(``ClockLabel``, the wall display) or time above date (``DateClock``, the kiosk).

The time comes from an injected clock (an aware datetime) in the centre's time zone, so a PC set to UTC
still shows local time and tests set the hour. Each has one named timer (``clock_timer``); the wall
display's fires at the next minute boundary, not every second, so a 4K screen repaints nothing in between.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assets.texts import tr

Now = Callable[[], datetime]


def system_now() -> datetime:
    """The machine's clock, as an aware datetime."""
    return datetime.now(UTC)


def date_text(moment: datetime, lang: str = "vi") -> str:
    """"Thứ Hai, 30/11/2026" (Monday is weekday 0)."""
    return tr("ui.date", lang, weekday=tr(f"ui.weekday.d{moment.weekday()}", lang),
              day=f"{moment.day:02d}", month=f"{moment.month:02d}", year=moment.year)


class ClockLabel(QLabel):
    """Shows the local date and time (``date`` and ``time`` can be shown apart with *parts*)."""

    def __init__(self, zone: ZoneInfo, now: Now = system_now, lang: str = "vi", parts: str = "date time",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.now = now
        self.lang = lang
        self.parts = parts.split()
        self.clock_timer = QTimer(self, objectName="clock_timer", singleShot=True)
        self.clock_timer.timeout.connect(self.refresh)
        self.refresh()

    def text_at(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        shown = {"date": date_text(local, self.lang), "time": f"{local.hour:02d}:{local.minute:02d}"}
        return "  ·  ".join(shown[p] for p in self.parts)

    def refresh(self) -> None:
        """Show the time now, and wake at the next minute."""
        moment = self.now()
        text = self.text_at(moment)
        if text != self.text():
            self.setText(text)
        ms = (60 - moment.second) * 1000 - moment.microsecond // 1000
        self.clock_timer.start(max(50, ms + 20))

    def set_zone(self, zone: ZoneInfo) -> None:
        """Follow the centre's time zone (known once its configuration arrives)."""
        self.zone = zone
        self.refresh()


class DateClock(QWidget):
    """Time above date, as the kiosk's header shows them; ``set_language`` switches the weekday's words.

    The time is whatever *now()* returns (the kiosk passes the centre's local time).
    """

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
        self.time_label.setText(f"{moment.hour:02d}:{moment.minute:02d}")
        self.date_label.setText(date_text(moment, self.lang))
