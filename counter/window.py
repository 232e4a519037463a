"""The officer's window: the ticket in hand, the action buttons with their shortcuts, the waiting list,
held tickets, today's own figures — and a compact always-on-top strip with the number and the main
buttons for officers who work in the one-stop software. The window shows the desk's state and passes the
officer's choices on; the server decides."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QMoveEvent, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from client.session import ServerSession
from client.ui.banner import ConnectionBanner
from client.ui.fonts import font
from client.ui.metrics import Metrics
from client.ui.settings import AppSettings
from client.ui.theme import DEFAULT
from counter.desk import CounterDesk
from counter.dialogs import CallNumberDialog, IssueDialog, PauseDialog, ShortcutsDialog, TransferDialog
from counter.panels import HeldPanel, TicketPanel, WaitingPanel, duration
from counter.settings import SHORTCUTS, shortcut

COMPACT_ACTIONS = ("call_next", "recall", "start", "finish", "no_show")


class CounterWindow(QWidget):
    """One counter's window. ``logout_requested()`` when the officer asks to log out."""

    logout_requested = Signal()

    def __init__(self, desk: CounterDesk, session: ServerSession, settings: AppSettings, metrics: Metrics,
                 centre: dict[str, Any], officer: dict[str, Any], lang: str = "vi",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.settings, self.metrics, self.centre, self.officer, self.lang = \
            desk, settings, metrics, centre, officer, lang
        self.setObjectName("counter_window")
        self.fields = {f["code"]: f["name_vi" if lang == "vi" else "name_en"] for f in centre["fields"]}
        self.spec = next((c for c in centre["counters"] if c["number"] == desk.counter),
                         {"number": desk.counter, "name": str(desk.counter)})
        self.setWindowTitle(tr("counter.window_title", lang, counter=self.spec["name"], centre=centre["centre"]))
        self.dialog: Any = None
        self.buttons: dict[str, list[QPushButton]] = {a: [] for a in SHORTCUTS}
        self.shortcuts: dict[str, QShortcut] = {}
        self.tick_timer = QTimer(self, objectName="tick_timer", interval=1000)
        self.tick_timer.timeout.connect(self._tick)

        self.banner = ConnectionBanner(session, metrics, lang)
        self.notice = QLabel(objectName="notice", wordWrap=True)
        self.notice.setStyleSheet(f"background: {DEFAULT.warning}; color: {DEFAULT.warning_text};"
                                  f" padding: {metrics.mm(1.5)}px; font-weight: bold;")
        self.notice.setVisible(False)
        self.notice_close = QPushButton(tr("ui.close", lang), objectName="notice_close")
        self.notice_close.setProperty("role", "secondary")
        self.notice_close.setVisible(False)
        self.notice_close.clicked.connect(self.clear_notice)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setFont(font(metrics.text_px(2.6), bold=True))
        self.message.setVisible(False)

        self.stack = QStackedWidget(objectName="modes")
        self.full_page, self.compact_page = self._full_page(), self._compact_page()
        self.stack.addWidget(self.full_page)
        self.stack.addWidget(self.compact_page)
        layout = self.root = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(self.notice, 1)
        row.addWidget(self.notice_close)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        self.apply_shortcuts()

        desk.changed.connect(self.update_view)
        desk.message.connect(self.show_message)
        desk.notice.connect(self.show_notice)
        desk.issued.connect(self._on_issued)
        self.tick_timer.start()
        self.set_compact(bool(settings["compact"]), remember=False)
        self.update_view()

    # ----------------------------------------------------------------- building

    def _button(self, action: str, big: bool = True) -> QPushButton:
        button = QPushButton(objectName=f"{action}_{len(self.buttons[action])}")
        button.setProperty("action", action)
        if big:
            button.setMinimumHeight(self.metrics.mm(14))
            button.setFont(font(self.metrics.text_px(2.8), bold=True))
        if action in ("no_show", "return", "hold", "transfer", "call_number", "pause", "issue"):
            button.setProperty("role", "secondary")
        button.clicked.connect(lambda: self.trigger(action))
        self.buttons[action].append(button)
        return button

    def _full_page(self) -> QWidget:
        page = QWidget(objectName="full")
        m = self.metrics.mm
        self.header = QLabel(objectName="header")
        self.header.setFont(font(self.metrics.text_px(3), bold=True))
        self.figures = QLabel(objectName="figures")
        self.figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tools = QHBoxLayout()
        tools.addWidget(self.header, 1)
        tools.addWidget(self.figures)
        for name, slot in (("compact", lambda: self.set_compact(True)), ("shortcuts", self.edit_shortcuts),
                           ("logout", lambda: self.logout_requested.emit())):
            b = QPushButton(tr(f"counter.tool.{name}", self.lang), objectName=f"tool_{name}")
            b.setProperty("role", "secondary")
            b.clicked.connect(slot)
            tools.addWidget(b)
        self.ticket = TicketPanel(self.desk, self.fields, self.metrics, self.lang)
        grid = QGridLayout()
        grid.setSpacing(m(2))
        for i, action in enumerate(SHORTCUTS):
            grid.addWidget(self._button(action), i // 4, i % 4)
        self.waiting = WaitingPanel(self.desk, self.fields, self.metrics, self.lang)
        self.waiting.number_chosen.connect(self.ask_call_number)
        self.held = HeldPanel(self.desk, self.metrics, self.lang)
        self.held.resume_chosen.connect(self.desk.resume)
        left = QVBoxLayout()
        left.addWidget(self.ticket, 1)
        left.addLayout(grid)
        right = QVBoxLayout()
        right.addWidget(self.waiting, 3)
        right.addWidget(self.held, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(m(3), m(2), m(3), m(2))
        layout.addLayout(tools)
        layout.addLayout(body, 1)
        return page

    def _compact_page(self) -> QWidget:
        page = QWidget(objectName="compact")
        self.compact_number = QLabel(objectName="compact_number")
        self.compact_number.setFont(font(self.metrics.text_px(5), bold=True))
        self.compact_number.setMinimumWidth(self.metrics.mm(28))
        self.compact_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout(page)
        row.setContentsMargins(self.metrics.mm(1), self.metrics.mm(1), self.metrics.mm(1), self.metrics.mm(1))
        row.addWidget(self.compact_number)
        for action in COMPACT_ACTIONS:
            row.addWidget(self._button(action, big=False))
        expand = QPushButton(tr("counter.tool.expand", self.lang), objectName="tool_expand")
        expand.setProperty("role", "secondary")
        expand.clicked.connect(lambda: self.set_compact(False))
        row.addWidget(expand)
        return page

    # ----------------------------------------------------------------- shortcuts and modes

    def apply_shortcuts(self) -> None:
        """(Re)bind each action's key from the settings and show it on the buttons."""
        for sc in self.shortcuts.values():
            sc.setEnabled(False)
            sc.deleteLater()
        self.shortcuts = {}
        for action in SHORTCUTS:
            keys = shortcut(self.settings, action)
            if keys:
                sc = QShortcut(QKeySequence(keys), self, objectName=f"shortcut_{action}")
                sc.setContext(Qt.ShortcutContext.WindowShortcut)
                sc.activated.connect(lambda a=action: self.trigger(a))
                self.shortcuts[action] = sc
        self.update_view()

    def edit_shortcuts(self) -> None:
        """Open the shortcuts dialog; saved keys take effect at once."""
        dialog = ShortcutsDialog({a: shortcut(self.settings, a) for a in SHORTCUTS}, self.lang, self)

        def save() -> None:
            self.settings.update({f"shortcut_{a}": k for a, k in dialog.chosen().items()})
            self.settings.save()
            self.apply_shortcuts()

        self._open(dialog, save)

    @property
    def compact(self) -> bool:
        """The window is the small always-on-top strip."""
        return self.stack.currentIndex() == 1

    def set_compact(self, compact: bool, remember: bool = True) -> None:
        """Switch between the full window and the compact strip (kept on top of other windows)."""
        self.stack.setCurrentIndex(1 if compact else 0)
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, compact)
        # The stack would keep the size of its largest page: only the page shown counts.
        ignored, preferred = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        for i, page in enumerate((self.full_page, self.compact_page)):
            page.setSizePolicy(*((preferred, preferred) if i == self.stack.currentIndex() else (ignored, ignored)))
        self.update_view()
        self.stack.updateGeometry()
        self.root.activate()  # the window's minimum size follows the page now shown
        if compact:
            self.resize(self.root.sizeHint())
        else:
            self.resize(max(self.width(), self.metrics.mm(300)), max(self.height(), self.metrics.mm(180)))
        x, y = int(self.settings["window_x"]), int(self.settings["window_y"])
        if x >= 0 and y >= 0:
            self.move(QPoint(x, y))
        if visible:
            self.show()  # a change of window flags hides the window
        if remember:
            self.remember()
        self.update_view()

    def remember(self) -> None:
        """Keep the mode and position in this machine's settings."""
        self.settings.update({"compact": self.compact, "window_x": max(0, self.x()), "window_y": max(0, self.y())})
        try:
            self.settings.save()
        except OSError as exc:
            self.show_message("error", tr("ui.setup.cannot_save", self.lang, path=str(self.settings.path),
                                          detail=str(exc)))

    def moveEvent(self, event: QMoveEvent) -> None:
        """Follow the window's place (written to the file on mode change and at close)."""
        super().moveEvent(event)
        if self.isVisible():
            self.settings.update({"window_x": max(0, self.x()), "window_y": max(0, self.y())})

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember mode and place at exit."""
        self.remember()
        super().closeEvent(event)

    # ----------------------------------------------------------------- actions

    def trigger(self, action: str) -> None:
        """Do *action* (a button or its shortcut); nothing when it makes no sense now."""
        desk = self.desk
        if action == "pause" and desk.paused and desk.enabled("pause"):
            desk.unpause()
            return
        if not desk.enabled(action):
            return
        direct = {"call_next": desk.call_next, "recall": desk.recall, "start": desk.start, "finish": desk.finish,
                  "no_show": desk.no_show, "return": desk.return_to_queue, "hold": desk.hold}
        if action in direct:
            direct[action]()
        elif action == "transfer":
            transfer = TransferDialog(self.centre["fields"], self.centre["counters"], desk.counter, self.lang, self)
            self._open(transfer, lambda: desk.transfer(*transfer.choice()))
        elif action == "call_number":
            self.ask_call_number("")
        elif action == "pause":
            pause = PauseDialog(self.lang, self)
            self._open(pause, lambda: desk.pause(pause.choice()))
        elif action == "issue":
            issue = IssueDialog(self.centre["fields"], self.lang, self)
            self._open(issue, lambda: desk.issue(*issue.choice()))

    def ask_call_number(self, label: str) -> None:
        """Gọi số, with *label* already chosen (from the waiting list) or to be typed."""
        if not self.desk.enabled("call_number"):
            return
        dialog = CallNumberDialog(self.desk.waiting, self.lang, label, self)
        self._open(dialog, lambda: self.desk.call_number(*dialog.choice()))

    def _open(self, dialog: Any, on_accept: Any) -> None:
        # open(), not exec(): the event loop — and the live queue — keeps running behind the dialog.
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def _on_issued(self, result: dict[str, Any]) -> None:
        ticket = result.get("ticket") or {}
        self.show_message("info", tr("counter.issued", self.lang, label=ticket.get("label", "?"),
                                     field=self.fields.get(ticket.get("field", ""), "")))

    # ----------------------------------------------------------------- showing

    def show_message(self, kind: str, text: str) -> None:
        """A refusal or a piece of information, until the next one."""
        self.message.setProperty("role", "error" if kind == "error" else "info")
        self.message.setStyleSheet(f"color: {DEFAULT.danger if kind == 'error' else DEFAULT.ok};"
                                   f" padding: {self.metrics.mm(1)}px {self.metrics.mm(3)}px;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_notice(self, text: str) -> None:
        """Kiosk printer trouble: stays until someone closes it."""
        self.notice.setText(text)
        self.notice.setVisible(True)
        self.notice_close.setVisible(True)

    def clear_notice(self) -> None:
        """Close the notice."""
        self.notice.setVisible(False)
        self.notice_close.setVisible(False)

    def label_of(self, action: str) -> str:
        """A button's text: the action and its key."""
        name = action
        if action == "pause" and self.desk.paused:
            name = "unpause"
        keys = shortcut(self.settings, action)
        text = tr(f"counter.action.{name}", self.lang)
        native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        return f"{text}\n[{native}]" if native else text

    def update_view(self) -> None:
        """Redraw everything from the desk."""
        desk = self.desk
        for action, buttons in self.buttons.items():
            enabled = desk.enabled(action) or (action == "pause" and desk.paused and desk.enabled("pause"))
            for b in buttons:
                b.setText(self.label_of(action))
                b.setEnabled(enabled)
        status = tr("counter.status.paused" if desk.paused else "counter.status.open", self.lang)
        self.header.setText(tr("counter.header", self.lang, counter=self.spec["name"],
                               officer=self.officer.get("full_name", ""), status=status))
        today = desk.view["today"] if desk.view else {"served": 0, "serve_avg_seconds": None}
        avg = today["serve_avg_seconds"]
        self.figures.setText(tr("counter.figures", self.lang, served=today["served"],
                                average=duration(round(avg) if avg is not None else None, self.lang)))
        current = desk.current
        self.compact_number.setText(current["label"] if current else "—")
        self.ticket.update_view()
        self.waiting.update_view()
        self.held.update_view()

    def _tick(self) -> None:
        # the clocks move: serving time, waited time, the longest wait per field
        self.ticket.update_view()
        self.waiting.update_view()
