"""The wall display's window: the newest call on top, recent calls, counters, waiting per field.

The window only shows: it is told the centre's configuration (``apply_config``), follows a
``LiveQueue`` (``client.models``) for the tables, and takes calls one by one (``show_call``) for the
line on top, which a :class:`~display.calls.CallSequencer` orders. Sizes come from
:func:`display.layout.plan` for the window's size and the panel's DPI; geometry is set by hand on resize,
the same code for landscape and portrait.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QWidget

from assets.texts import tr
from client.models import LiveQueue
from client.ui.metrics import Metrics
from client.ui.theme import DEFAULT, Palette
from client.wire import DEFAULT_TIMEZONE, centre_zone
from display.call_banner import CallBanner
from display.calls import CallSequencer, ShownCall, ticket_key
from display.config import DisplayConfig
from display.header import Header, MessageBand
from display.layout import Plan, plan
from display.panel import TablePanel
from display.rows import call_rows, counter_rows, field_rows, priority_text
from display.slideshow import Slideshow
from display.ticker import Ticker

ZONE = ZoneInfo(DEFAULT_TIMEZONE)


class DisplayWindow(QWidget):
    """Everything on the TV. ``admin_requested(purpose)`` when the keyboard asks for set-up or exit."""

    admin_requested = Signal(str)

    def __init__(self, queue: LiveQueue, metrics: Metrics, now: Callable[[], datetime],
                 monotonic: Callable[[], float], config: DisplayConfig | None = None, lang: str = "vi",
                 portrait: bool | None = None, palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("display_window")
        self.setWindowTitle(tr("app.display", lang))
        self.queue = queue
        self.metrics = metrics
        self.now = now
        self.lang = lang
        self.portrait = portrait
        self.palette_ = palette
        self.config = config or DisplayConfig()
        self.field_names: dict[str, str] = {}
        self.counter_places: dict[int, str] = {}
        self.sequencer = CallSequencer(monotonic, self.config.call_seconds, self.config.highlight_seconds)
        self.caption_seq = 0
        self.caption_text = ""
        self.plan: Plan | None = None
        self._listed_under: ShownCall | None = None  # the call on top when the recent list was last made

        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(palette.hall))
        self.setPalette(pal)
        self.setAutoFillBackground(True)

        self.header = Header(ZONE, now, lang, palette, self)
        self.message = MessageBand(now, lang, palette, self)
        self.banner = CallBanner(lang, palette, self)
        self.recent = TablePanel("recent_calls", tr("display.recent_title", lang), palette, self)
        self.counters = TablePanel("counters", tr("display.counters_title", lang), palette, self)
        self.fields = TablePanel("fields", tr("display.fields_title", lang), palette, self)
        self.recent.paged = False  # the newest calls only: an older page would be misread as new
        self.slides = Slideshow(self.config.slide_seconds, palette, self)
        self.ticker = Ticker(metrics.mm(self.config.ticker_speed), palette, self)
        self.ticker.set_texts(self.config.ticker)
        # One timer moves the calls on: it wakes when the flash ends or the next call may come on top.
        self.call_timer = QTimer(self, objectName="call_timer", singleShot=True)
        self.call_timer.timeout.connect(self.step_calls)

        self.slides.changed.connect(self._relayout)
        self.message.message_timer.timeout.connect(self._relayout)  # an expired message gives its room back
        queue.updated.connect(self.refresh_tables)
        self.refresh_tables()

    # ----------------------------------------------------------------- configuration

    def apply_config(self, config: dict[str, Any], display: DisplayConfig) -> None:
        """Take the centre's configuration (``GET /api/v1/config``) and its checked ``[display]`` table."""
        centre = config.get("centre", {})
        zone = centre_zone(config)
        self.header.set_centre(centre.get("name", ""), zone)
        name = "name_vi" if self.lang == "vi" else "name_en"
        self.field_names = {f["code"]: f[name] for f in config.get("fields", [])}
        self.counter_places = {c["number"]: c.get("location", "") for c in config.get("counters", [])}
        self.config = display
        self.sequencer.call_seconds = display.call_seconds
        self.sequencer.highlight_seconds = display.highlight_seconds
        self.ticker.px_per_second = self.metrics.mm(display.ticker_speed)
        self.ticker.set_texts(display.ticker)
        self.slides.slide_timer.setInterval(round(display.slide_seconds * 1000))
        self.slides.load(display.slides)
        self._relayout()
        self.refresh_tables()

    # ----------------------------------------------------------------- live state

    def show_call(self, call: ShownCall, fresh: bool) -> None:
        """A call event: listed at once; on top in its turn (fresh), or steady on top if it is old news."""
        self.sequencer.add(call, fresh)
        self.step_calls()

    def load_calls(self) -> None:
        """After a snapshot: the newest call of the day stands on top if nothing else is being shown."""
        self.sequencer.load([ShownCall.from_row(r) for r in self.queue.recent_calls.rows()])
        self.step_calls()

    def set_speaking(self, seq: int, text: str) -> None:
        """The voice started (or, with an empty text, finished) the call *seq*."""
        self.caption_seq = seq if text else 0
        self.caption_text = text
        self.sequencer.speaking(self.caption_seq)
        self.step_calls()

    def step_calls(self) -> None:
        """Bring the next call on top when its turn has come, and flash or steady the one there."""
        self.sequencer.advance()
        call = self.sequencer.current
        if call is not None:
            self.banner.set_call(call, self.field_names.get(call.field or "", call.field or ""),
                                 self.counter_places.get(call.counter, ""))
        else:
            self.banner.set_call(None)
        # The spoken sentence is shown under the call it belongs to, and only there.
        on_top = call is not None and self.caption_seq and call.seq == self.caption_seq
        self.banner.set_caption(self.caption_text if on_top else "")
        self.banner.set_flashing(self.sequencer.flashing())
        wait = self.sequencer.next_deadline()
        if wait is not None:
            self.call_timer.start(max(20, round(wait * 1000) + 10))
        else:
            self.call_timer.stop()
        if call is not self._listed_under:
            self._listed_under = call
            self.refresh_recent()

    def refresh_tables(self, parts: set[str] | None = None) -> None:
        """Redo the tables whose part of the queue changed (all of them without *parts*)."""
        if parts is None or "counters" in parts:
            self.counters.set_rows(counter_rows(self.queue.counters.rows(), self.lang))
        if parts is None or "fields" in parts:
            self.fields.set_rows(field_rows(self.queue.fields.rows(), self.lang))
        if parts is None or "recent_calls" in parts:
            if self.queue.recent_calls.rowCount() == 0:
                self.load_calls()  # a new service day: no call of today yet
            self.refresh_recent()

    def refresh_recent(self) -> None:
        top = self.sequencer.current
        on_top = (ticket_key(top.ticket), top.counter) if top else None
        calls = [ShownCall.from_row(r) for r in self.queue.recent_calls.rows()]
        # The call on top is not listed again (nor its recalls): the list is of the calls before it.
        shown = [c for c in calls if (ticket_key(c.ticket), c.counter) != on_top][: self.config.recent_calls]
        self.recent.set_rows(call_rows(shown, self.lang))

    def set_online(self, online: bool) -> None:
        self.header.set_online(online)

    def set_message(self, message: dict | None) -> None:
        was = self.message.isHidden()
        self.message.show_message(message)
        if self.message.isHidden() != was:
            self._relayout()

    # ----------------------------------------------------------------- text of the top line

    def call_text(self) -> str:
        """The top line as read on screen ("1005  →  Quầy 3"), for tests and the log."""
        return self.banner.line_text()

    def second_text(self) -> str:
        return self.banner.second_line()

    def priority_on_top(self) -> str:
        call = self.sequencer.current
        return priority_text(call.priority if call else None, self.lang)

    # ----------------------------------------------------------------- keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc or Ctrl+Q: exit; F2 or Ctrl+S: set-up; F3 or Ctrl+M: the message on every display. All only
        through the administrator's gate."""
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Q and ctrl):
            self.admin_requested.emit("exit")
        elif key == Qt.Key.Key_F2 or (key == Qt.Key.Key_S and ctrl):
            self.admin_requested.emit("settings")
        elif key == Qt.Key.Key_F3 or (key == Qt.Key.Key_M and ctrl):
            self.admin_requested.emit("message")
        else:
            super().keyPressEvent(event)

    # ----------------------------------------------------------------- geometry

    def resizeEvent(self, event: object) -> None:
        self._relayout()

    def _relayout(self) -> None:
        w, h = self.width(), self.height()
        if w < 10 or h < 10:
            return
        p = plan(w, h, self.metrics, self.portrait, ticker=bool(self.config.ticker))
        self.plan = p
        self.header.set_font_px(p.header_font_px)
        self.message.set_font_px(round(p.message_h * 0.42))
        self.banner.set_sizes(p.call_font_px, p.border_px)
        for panel in (self.recent, self.counters, self.fields):
            panel.set_sizes(p.row_font_px, p.row_h, p.title_font_px)
        self.ticker.set_font_px(round(p.ticker_h * 0.5))

        y = 0
        self.header.setGeometry(0, y, w, p.header_h)
        y += p.header_h
        if not self.message.isHidden():
            self.message.setGeometry(0, y, w, p.message_h)
            y += p.message_h
        call_h = self.banner.band_height(w, p.call_h)
        self.banner.setGeometry(0, y, w, call_h)
        y += call_h
        bottom = h - p.ticker_h
        self.ticker.setGeometry(0, bottom, w, p.ticker_h)
        m = p.margin_px
        area = QRect(m, y + m, w - 2 * m, bottom - y - 2 * m)
        slides = not self.slides.isHidden()
        if not p.portrait:
            cols = [0.28, 0.40, 0.32]
            xs = [area.left()]
            for share in cols:
                xs.append(xs[-1] + round(area.width() * share))
            self.recent.setGeometry(QRect(xs[0], area.top(), xs[1] - xs[0] - m, area.height()))
            self.counters.setGeometry(QRect(xs[1], area.top(), xs[2] - xs[1] - m, area.height()))
            fields_h = area.height() // 2 if slides else area.height()
            self.fields.setGeometry(QRect(xs[2], area.top(), xs[3] - xs[2], fields_h))
            self.slides.setGeometry(QRect(xs[2], area.top() + fields_h + m, xs[3] - xs[2],
                                          area.height() - fields_h - m))
        else:
            # the recent calls and the fields side by side, as tall as the calls listed; the counters below
            wanted = self.recent.title_h() + self.config.recent_calls * p.row_h + m
            top_h = min(wanted, round(area.height() * (0.38 if slides else 0.45)))
            counters_h = round((area.height() - top_h) * (0.6 if slides else 1.0)) - m
            half = (area.width() - m) // 2
            self.recent.setGeometry(QRect(area.left(), area.top(), half, top_h - m))
            self.fields.setGeometry(QRect(area.left() + half + m, area.top(), area.width() - half - m, top_h - m))
            self.counters.setGeometry(QRect(area.left(), area.top() + top_h, area.width(), counters_h))
            sy = area.top() + top_h + counters_h + m
            self.slides.setGeometry(QRect(area.left(), sy, area.width(), area.bottom() - sy))
