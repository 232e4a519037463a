"""The kiosk's one window: a header (centre, clock, language), a notice band, the screens, and the idle
countdown.

It shows what it is told and passes the citizen's choices on (``field_chosen(code, priority)``); the
controller talks to the server and the printer. The window decides only what a screen needs: which
screen is up, portrait or landscape (from its own size, so a rotated panel needs no restart), and going
back home after ``idle_seconds`` without a touch — with a visible countdown, driven by ``idle_timer``
(named, one tick a second, so tests fire it instead of waiting).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from assets.texts import tr
from client.ui.clock import DateClock
from client.ui.language import LanguageToggle
from kiosk.config import KioskConfig
from kiosk.look import Look
from kiosk.screens.home import HomeScreen
from kiosk.screens.offline import OfflineScreen
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.scan import ScanScreen
from kiosk.screens.ticket import TicketScreen
from printers.linebreaks import keep_together

COUNTDOWN_FROM = 10  # the idle countdown shows for the last ten seconds
TOUCH_GUARD = 1.5  # seconds a new ticket ignores touches: the second tap of a double tap must not hide it
OFFLINE_GRACE_MS = 3000  # a stream that drops and comes back at once does not flash the offline screen
TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)


class KioskWindow(QWidget):
    """Signals: ``field_chosen(code, priority or "")``, ``language_changed(lang)``, and for spoken
    guidance ``touched_beside(screen)``: a touch that landed on no button (the citizen looks for one)."""

    field_chosen = Signal(str, str)
    language_changed = Signal(str)
    touched_beside = Signal(str)

    def __init__(self, look: Look, lang: str = "vi", now: Callable[[], datetime] = datetime.now,
                 monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_window")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.look = look
        self.default_lang = self.lang = lang
        self.monotonic = monotonic
        self.config = KioskConfig()
        self.portrait = True
        self.online = False
        self.status = ""
        self.idle_left = self.config.idle_seconds
        self.ticket_shown_at = 0.0
        self.last_press = -1  # the timestamp of the last press seen: a press passed up to parents counts once
        self.setStyleSheet(look.style_sheet())

        m = look.metrics.mm
        self.header = QWidget(objectName="header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.centre_name = QLabel(objectName="centre_name", wordWrap=True)
        self.clock = DateClock(now, lang)
        self.language = LanguageToggle(lang)
        self.language.language_changed.connect(self.set_language)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(m(5), m(3), m(5), m(3))
        head.setSpacing(m(4))
        head.addWidget(self.centre_name, 1)
        head.addWidget(self.clock)
        head.addWidget(self.language)

        self.notice = QLabel(objectName="notice", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.notice.setProperty("role", "notice")
        self.notice.hide()
        self.refusal = ""
        self.printer_trouble = False

        self.home = HomeScreen(look)
        self.priority = PriorityScreen(look)
        self.ticket = TicketScreen(look)
        self.offline = OfflineScreen(look)
        self.scan = ScanScreen(look)
        self.stack = QStackedWidget(objectName="screens")
        for screen in (self.home, self.priority, self.ticket, self.offline, self.scan):
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(self.offline)
        self.home.field_chosen.connect(self._field_chosen)
        self.home.priority_requested.connect(self.show_priority)
        self.priority.kind_chosen.connect(self._kind_chosen)
        self.priority.back.connect(self.go_home)
        self.ticket.done.connect(self.go_home)
        self.scan.done.connect(self.go_home)

        self.countdown = QLabel(objectName="idle_countdown", alignment=Qt.AlignmentFlag.AlignCenter)
        self.countdown.setProperty("role", "countdown")
        self.countdown.setMinimumHeight(look.text(3.2) * 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.countdown)

        self.idle_timer = QTimer(self, objectName="idle_timer")
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(self._tick)
        self.idle_timer.start()
        self.offline_timer = QTimer(self, objectName="offline_timer", singleShot=True)
        self.offline_timer.setInterval(OFFLINE_GRACE_MS)
        self.offline_timer.timeout.connect(self._show_offline)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_language(lang)

    # ----------------------------------------------------------------- what the controller tells

    def set_centre(self, name: str) -> None:
        """The centre's name in the header, wrapped only between words ("Ninh Bình" stays on one line)."""
        self.centre_name.setText(keep_together(name))

    def set_kiosk_config(self, config: KioskConfig) -> None:
        """The ``[kiosk]`` table's choices."""
        self.config = config
        self.priority.set_kinds(config.priorities)
        self.home.set_options(config.categories, bool(config.priorities), config.show_wait)

    def set_fields(self, rows: list[dict[str, Any]], today: str | None) -> None:
        """Fields with their waiting counts and states, as the live queue has them."""
        self.home.set_fields(rows, today)

    def set_online(self, online: bool, status: str) -> None:
        """The server is reachable (tickets can be issued) or not; *status* is the session's line."""
        self.status = status
        self.offline.set_language(self.lang, status)
        if online == self.online:
            return
        self.online = online
        if online:
            self.offline_timer.stop()
            if self.stack.currentWidget() is self.offline:
                self.go_home()
        elif self.stack.currentWidget() is self.ticket:
            pass  # a ticket already issued stays on screen; offline shows after it
        else:
            self.offline_timer.start()

    def set_printer_trouble(self, trouble: bool) -> None:
        """The printer cannot print now: say so on the home screen before a citizen taps."""
        self.printer_trouble = trouble
        self._render_notice()

    def show_refusal(self, text: str) -> None:
        """No ticket was issued: say why on the home screen until the next tap or reset."""
        self.refusal = text
        self._render_notice()
        self.show_home()

    # ----------------------------------------------------------------- screens

    @property
    def screen_name(self) -> str:
        """``home``, ``priority``, ``ticket``, ``offline`` or ``scan``."""
        current = self.stack.currentWidget()
        return current.objectName() if current is not None else ""

    def show_home(self) -> None:
        """Show the field choice (or the offline screen while the server is away)."""
        if not self.online:
            self._show_offline()
            return
        self.stack.setCurrentWidget(self.home)
        self._render_notice()
        self._reset_idle()

    def go_home(self) -> None:
        """Back to the start: first page, no priority, the default language."""
        self.home.reset()
        self.refusal = ""
        self._render_notice()
        if self.lang != self.default_lang:
            self.set_language(self.default_lang)
        self.show_home()

    def show_priority(self) -> None:
        """Ask which priority applies."""
        self.stack.setCurrentWidget(self.priority)
        self._render_notice()
        self._reset_idle()

    def show_ticket(self, answer: dict[str, Any], counters: list[int]) -> None:
        """The issued ticket, while it prints."""
        self.refusal = ""
        self._render_notice()
        self.ticket.show_ticket(answer, counters)
        self.idle_left = self.config.confirmation_seconds
        self.ticket.set_countdown(self.idle_left)
        self.ticket_shown_at = self.monotonic()
        self.stack.setCurrentWidget(self.ticket)
        self.countdown.clear()
        self._render_notice()

    def show_scan_checking(self) -> None:
        """A ticket's QR code was scanned: its status is being looked up."""
        self._show_scan()
        self.scan.show_checking()

    def show_scan_ticket(self, status: dict[str, Any]) -> None:
        """The scanned ticket's status."""
        self._show_scan()
        self.scan.show_ticket(status)

    def show_scan_code(self, kind: str, code: str) -> None:
        """A scanned code that is not a ticket (``booking``, ``dossier``, ``unknown``): what to do with it."""
        self._show_scan()
        self.scan.show_code(kind, code)

    def show_scan_failure(self, key: str) -> None:
        """The scanned ticket could not be looked up (a ``kiosk.scan.*`` key says why)."""
        self._show_scan()
        self.scan.show_failure(key)

    def _show_scan(self) -> None:
        self.stack.setCurrentWidget(self.scan)
        self._render_notice()
        self._reset_idle()

    def set_print_state(self, state: str) -> None:
        """How printing the ticket on screen went; a ticket that was not printed stays longer."""
        self.ticket.set_print_state(state)
        if state in ("trouble", "failed", "no_printer"):
            self.idle_left = max(self.idle_left, self.config.trouble_seconds)
            self.ticket.set_countdown(self.idle_left)

    def set_language(self, lang: str) -> None:
        """Every text in *lang* (the toggle, or back to the default on reset)."""
        changed = lang != self.lang
        self.lang = lang
        self.language.set_language(lang)
        self.clock.set_language(lang)
        for screen in (self.home, self.priority, self.ticket, self.scan):
            screen.set_language(lang)
        self.offline.set_language(lang, self.status)
        self._render_notice()
        if changed:
            self.language_changed.emit(lang)
        self._reset_idle()

    # ----------------------------------------------------------------- behaviour

    def _field_chosen(self, code: str) -> None:
        self.refusal = ""
        self._render_notice()
        self.field_chosen.emit(code, self.home.priority or "")

    def _kind_chosen(self, kind: str) -> None:
        self.home.set_priority(kind)
        self.show_home()

    def _show_offline(self) -> None:
        if not self.online and self.stack.currentWidget() is not self.ticket:
            self.home.reset()
            self.stack.setCurrentWidget(self.offline)
            self._render_notice()

    def _render_notice(self) -> None:
        text = self.refusal or (tr("kiosk.printer_notice", self.lang) if self.printer_trouble else "")
        self.notice.setText(text)
        # the ticket screen says how its own printing went; the offline screen issues nothing
        self.notice.setVisible(bool(text) and self.stack.currentWidget() in (self.home, self.priority))

    def _reset_idle(self) -> None:
        if self.stack.currentWidget() is not self.ticket:
            self.idle_left = self.config.idle_seconds
            self.countdown.clear()

    def _idle_matters(self) -> bool:
        current = self.stack.currentWidget()
        if current in (self.ticket, self.priority, self.scan):
            return True
        return current is self.home and not (self.home.at_start and self.lang == self.default_lang)

    def _tick(self) -> None:
        if not self._idle_matters():
            self.countdown.clear()
            return
        self.idle_left -= 1
        if self.stack.currentWidget() is self.ticket:
            self.ticket.set_countdown(max(0, self.idle_left))
        elif self.idle_left <= COUNTDOWN_FROM:
            self.countdown.setText(tr("kiosk.idle", self.lang, seconds=max(0, self.idle_left)))
        if self.idle_left <= 0:
            self.go_home()

    def touched(self) -> None:
        """A touch anywhere: restart the idle time; on a ticket shown long enough, go home sooner."""
        if self.stack.currentWidget() is self.ticket:
            if self.monotonic() - self.ticket_shown_at >= TOUCH_GUARD:
                self.go_home()
            return
        self._reset_idle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCHES and isinstance(watched, QWidget) and watched.window() is self:
            # after the widget had the press, so the button's own click is handled first
            QTimer.singleShot(0, self.touched)
            if event.type() != QEvent.Type.KeyPress and event.timestamp() != self.last_press:  # type: ignore[attr-defined]
                self.last_press = event.timestamp()  # type: ignore[attr-defined]
                if not isinstance(watched, QAbstractButton):
                    self.touched_beside.emit(self.screen_name)
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        portrait = event.size().height() >= event.size().width()
        if portrait != self.portrait:
            self.portrait = portrait
            self.home.set_orientation(portrait)
            self.ticket.set_orientation(portrait)
        super().resizeEvent(event)

    def closeEvent(self, event: object) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)  # type: ignore[arg-type]
