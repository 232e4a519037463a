"""The pieces of the counter window: the ticket in hand with its clocks, the waiting list of the counter's
fields, and the held tickets. Each reads a ``CounterDesk`` and draws; none acts on the server itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from client.ui.fonts import font
from client.ui.metrics import Metrics
from client.ui.theme import DEFAULT
from counter.desk import CounterDesk

PRIORITY_MARK = "★"


def duration(seconds: int | None, lang: str) -> str:
    """``12 phút``, ``1 giờ 05 phút``, ``45 giây``."""
    if seconds is None:
        return "–"
    if seconds < 60:
        return tr("counter.seconds", lang, n=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return tr("counter.minutes", lang, n=minutes)
    return tr("counter.hours_minutes", lang, h=minutes // 60, m=f"{minutes % 60:02d}")


def stopwatch(seconds: int | None) -> str:
    """``03:12`` or ``1:03:12``."""
    if seconds is None:
        return "–"
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def ticket_text(ticket: dict[str, Any]) -> str:
    """A number with its priority mark."""
    return f"{PRIORITY_MARK} {ticket['label']}" if ticket.get("priority") else str(ticket["label"])


class TicketPanel(QFrame):
    """The ticket in hand: number, field, priority, waited, calls, serving timer."""

    def __init__(self, desk: CounterDesk, fields: dict[str, str], metrics: Metrics, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.fields, self.lang = desk, fields, lang
        self.setObjectName("ticket_panel")
        self.number = QLabel(objectName="number")
        self.number.setFont(font(metrics.text_px(16), bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field = QLabel(objectName="field")
        self.field.setFont(font(metrics.text_px(3.2), bold=True))
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setWordWrap(True)
        self.priority = QLabel(objectName="priority")
        self.priority.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.priority.setFont(font(metrics.text_px(2.6), bold=True))
        # a colour and a mark: priority is never told by colour alone
        self.priority.setStyleSheet(f"background: {DEFAULT.priority}; color: {DEFAULT.priority_text};"
                                    f" border-radius: {metrics.mm(1)}px; padding: {metrics.mm(1)}px {metrics.mm(3)}px;")
        self.details = QLabel(objectName="details")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setFont(font(metrics.text_px(2.6)))
        self.timer = QLabel(objectName="serving_timer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer.setFont(font(metrics.text_px(4), bold=True))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.number, self.field):
            layout.addWidget(w)
        layout.addWidget(self.priority, 0, Qt.AlignmentFlag.AlignHCenter)
        for w in (self.details, self.timer):
            layout.addWidget(w)
        layout.addStretch(1)
        self.update_view()

    def update_view(self) -> None:
        """Redraw from the desk (called on every change and every second)."""
        t, lang = self.desk.current, self.lang
        if t is None:
            self.number.setText("—")
            status = tr("counter.paused_now", lang) if self.desk.paused else tr("counter.no_ticket_now", lang)
            self.field.setText(status)
            for w in (self.priority, self.details, self.timer):
                w.clear()
            self.priority.setVisible(False)
            return
        self.number.setText(str(t["label"]))
        self.field.setText(self.fields.get(t["field"], t["field"]))
        self.priority.setVisible(bool(t.get("priority")))
        if t.get("priority"):
            self.priority.setText(f"{PRIORITY_MARK} {tr('priority.' + t['priority'], lang)}")
        waited = self.desk.seconds_since(t["issued_at"])
        if t.get("first_called_at"):
            first, issued = self.desk.seconds_since(t["first_called_at"]), waited
            waited = None if first is None or issued is None else max(0, issued - first)
        self.details.setText(tr("counter.ticket_details", lang, waited=duration(waited, lang), calls=t["calls"],
                                state=tr(f"state.{t['state']}", lang)))
        serving = t["state"] == "serving"
        since = self.desk.seconds_since(t.get("started_at" if serving else "called_at"))
        self.timer.setText(tr("counter.serving_for" if serving else "counter.called_ago", lang, time=stopwatch(since)))


class WaitingPanel(QWidget):
    """Counts per field with the oldest wait and priority citizens, and the waiting numbers themselves
    (double-click one to call it: ``number_chosen(label)``)."""

    number_chosen = Signal(str)

    def __init__(self, desk: CounterDesk, fields: dict[str, str], metrics: Metrics, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.fields, self.lang = desk, fields, lang
        self.title = QLabel(objectName="waiting_title")
        self.title.setFont(font(metrics.text_px(3), bold=True))
        self.table = QTableWidget(0, 4, objectName="waiting_fields")
        self.table.setStyleSheet(
            f"QHeaderView::section {{ background: {DEFAULT.surface}; color: {DEFAULT.surface_text};"
            f" font-weight: bold; border: none; border-bottom: {metrics.mm(0.4)}px solid {DEFAULT.primary};"
            f" padding: {metrics.mm(1)}px; }}")
        self.table.setHorizontalHeaderLabels([tr(f"counter.column.{c}", lang)
                                              for c in ("field", "waiting", "priority", "oldest")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.numbers = QListWidget(objectName="waiting_numbers")
        self.numbers.setFlow(QListWidget.Flow.LeftToRight)
        self.numbers.setWrapping(True)
        self.numbers.setSpacing(4)
        self.numbers.itemDoubleClicked.connect(
            lambda item: self.number_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        hint = QLabel(tr("counter.numbers_hint", lang), objectName="numbers_hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.numbers, 3)

    def update_view(self) -> None:
        """Redraw from the desk."""
        view = self.desk.view
        rows = view["fields"] if view else []
        total = sum(r["waiting"] for r in rows)
        self.title.setText(tr("counter.waiting_title", self.lang, n=total))
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            oldest = duration(self.desk.seconds_since(r["oldest_queue_at"]), self.lang) if r["oldest_queue_at"] else "–"
            cells = (self.fields.get(r["field"], r["field"]), str(r["waiting"]),
                     f"{PRIORITY_MARK} {r['priority']}" if r["priority"] else "0", oldest)
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        self.table.setMaximumHeight(header + sum(self.table.rowHeight(i) for i in range(len(rows))))
        labels = [t["label"] for t in self.desk.waiting]
        shown = [self.numbers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.numbers.count())]
        if labels != shown:
            self.numbers.clear()
            for t in self.desk.waiting:
                item = QListWidgetItem(ticket_text(t))
                item.setData(Qt.ItemDataRole.UserRole, t["label"])
                item.setToolTip(self.fields.get(t["field"], t["field"]))
                self.numbers.addItem(item)


class HeldPanel(QWidget):
    """The tickets parked at this counter, each with a button to take it back (``resume_chosen(id)``)."""

    resume_chosen = Signal(int)

    def __init__(self, desk: CounterDesk, metrics: Metrics, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.lang = desk, lang
        self.title = QLabel(objectName="held_title")
        self.title.setFont(font(metrics.text_px(3), bold=True))
        self.list = QListWidget(objectName="held_list")
        self.resume = QPushButton(tr("counter.resume", lang), objectName="resume")
        self.resume.clicked.connect(self._resume)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.resume)
        layout.addLayout(row)
        layout.addWidget(self.list)

    def update_view(self) -> None:
        """Redraw from the desk."""
        held = self.desk.held
        self.title.setText(tr("counter.held_title", self.lang, n=len(held)))
        ids = [t["id"] for t in held]
        if ids != [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]:
            self.list.clear()
            for t in held:
                item = QListWidgetItem(ticket_text(t))
                item.setData(Qt.ItemDataRole.UserRole, t["id"])
                self.list.addItem(item)
            if held:
                self.list.setCurrentRow(0)
        self.resume.setEnabled(self.desk.enabled("resume"))
        self.setVisible(bool(held))

    def _resume(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        if item is not None:
            self.resume_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
