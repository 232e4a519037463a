"""The counter's small dialogs: transfer, call a number, pause, issue a ticket at a guidance desk, and the
keyboard shortcuts. Each only collects what the officer chose; the window hands it to the desk."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assets.texts import tr
from counter.panels import ticket_text

PAUSE_REASONS = ("lunch", "meeting", "break", "other_work")
PRIORITIES = ("elderly", "disability", "pregnancy", "appointment", "other")


def _buttons(dialog: QDialog, ok_text: str, lang: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("ui.cancel", lang))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TransferDialog(QDialog):
    """Chuyển: another field of the centre, and/or a counter (then out of turn, with a reason)."""

    def __init__(self, fields: list[dict[str, Any]], counters: list[dict[str, Any]], here: int, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transfer_dialog")
        self.setWindowTitle(tr("counter.transfer_title", lang))
        self.field = QComboBox(objectName="field")
        self.field.addItem(tr("counter.same_field", lang), None)
        for f in fields:
            self.field.addItem(f["name_vi" if lang == "vi" else "name_en"], f["code"])
        self.counter = QComboBox(objectName="to_counter")
        self.counter.addItem(tr("counter.any_counter", lang), None)
        for c in counters:
            if c["number"] != here:
                self.counter.addItem(c["name"], c["number"])
        self.reason = QLineEdit(objectName="reason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(tr("counter.reason_optional", lang))
        form = QFormLayout()
        form.addRow(tr("counter.to_field", lang), self.field)
        form.addRow(tr("counter.to_counter", lang), self.counter)
        form.addRow(tr("counter.reason", lang), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(tr("counter.transfer_note", lang), wordWrap=True)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, tr("counter.action.transfer", lang), lang))

    def choice(self) -> tuple[str | None, int | None, str | None]:
        """(field code or None, counter number or None, reason or None)."""
        return self.field.currentData(), self.counter.currentData(), self.reason.text().strip() or None


class CallNumberDialog(QDialog):
    """Gọi số: pick from the waiting list or type the number; a reason for calling out of turn."""

    def __init__(self, waiting: list[dict[str, Any]], lang: str, label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_number_dialog")
        self.setWindowTitle(tr("counter.call_number_title", lang))
        self.number = QLineEdit(label, objectName="number")
        self.number.setMaxLength(20)
        self.list = QListWidget(objectName="waiting")
        for t in waiting:
            item = QListWidgetItem(ticket_text(t))
            item.setData(256, t["label"])
            self.list.addItem(item)
        self.list.currentItemChanged.connect(lambda item, _old: item and self.number.setText(item.data(256)))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.reason = QLineEdit(objectName="reason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(tr("counter.reason_optional", lang))
        form = QFormLayout()
        form.addRow(tr("counter.number", lang), self.number)
        form.addRow(tr("counter.reason", lang), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("counter.out_of_turn_note", lang), wordWrap=True))
        layout.addWidget(_buttons(self, tr("counter.action.call_number", lang), lang))

    def choice(self) -> tuple[str, str | None]:
        """(number, reason or None)."""
        return self.number.text().strip(), self.reason.text().strip() or None


class PauseDialog(QDialog):
    """Tạm nghỉ: a reason from a short list, or typed."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pause_dialog")
        self.setWindowTitle(tr("counter.pause_title", lang))
        self.reason = QComboBox(objectName="reason")
        self.reason.setEditable(True)
        self.reason.addItems([tr(f"counter.pause_reason.{r}", lang) for r in PAUSE_REASONS])
        form = QFormLayout()
        form.addRow(tr("counter.reason", lang), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, tr("counter.action.pause", lang), lang))

    def choice(self) -> str | None:
        """The reason, or None."""
        return self.reason.currentText().strip()[:200] or None


class IssueDialog(QDialog):
    """Quầy hướng dẫn: a ticket for a citizen in a field, priority when the officer has checked it."""

    def __init__(self, fields: list[dict[str, Any]], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issue_dialog")
        self.setWindowTitle(tr("counter.issue_title", lang))
        self.field = QComboBox(objectName="field")
        for f in fields:
            self.field.addItem(f["name_vi" if lang == "vi" else "name_en"], f["code"])
        self.priority = QComboBox(objectName="priority")
        self.priority.addItem(tr("counter.no_priority", lang), None)
        for p in PRIORITIES:
            self.priority.addItem(tr(f"priority.{p}", lang), p)
        form = QFormLayout()
        form.addRow(tr("counter.to_field", lang), self.field)
        form.addRow(tr("counter.priority", lang), self.priority)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, tr("counter.action.issue", lang), lang))

    def choice(self) -> tuple[str, str | None]:
        """(field code, priority kind or None)."""
        return self.field.currentData(), self.priority.currentData()


class ShortcutsDialog(QDialog):
    """Phím tắt: one key per action; a key given to two actions is refused."""

    def __init__(self, current: dict[str, str], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(tr("counter.shortcuts_title", lang))
        self.editors: dict[str, QKeySequenceEdit] = {}
        form = QFormLayout()
        for action, keys in current.items():
            edit = QKeySequenceEdit(QKeySequence(keys), objectName=action)
            edit.setMaximumSequenceLength(1)
            self.editors[action] = edit
            form.addRow(tr(f"counter.action.{action}", lang), edit)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setProperty("role", "error")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, tr("ui.setup.save", lang), lang))

    def chosen(self) -> dict[str, str]:
        """action → key sequence in portable text."""
        return {a: e.keySequence().toString(QKeySequence.SequenceFormat.PortableText) for a, e in self.editors.items()}

    def accept(self) -> None:
        """Refuse a key used twice; otherwise close."""
        seen: dict[str, str] = {}
        for action, keys in self.chosen().items():
            if keys and keys in seen:
                self.message.setText(tr("counter.shortcut_twice", self.lang, keys=keys,
                                        first=tr(f"counter.action.{seen[keys]}", self.lang),
                                        second=tr(f"counter.action.{action}", self.lang)))
                return
            seen[keys] = action
        super().accept()
