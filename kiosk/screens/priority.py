"""Priority choice: one large button per kind the centre enables, then the same field choice as
everyone (the ticket carries the kind)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from assets.texts import tr
from kiosk.look import Look


class PriorityScreen(QWidget):
    """Signals: ``kind_chosen(kind)``, ``back()``."""

    kind_chosen = Signal(str)
    back = Signal()

    def __init__(self, look: Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priority")
        self.look = look
        self.lang = "vi"
        self.kinds: tuple[str, ...] = ()
        self.buttons: dict[str, QPushButton] = {}
        m = look.metrics.mm
        self.title = QLabel(objectName="priority_title", wordWrap=True)
        self.hint = QLabel(objectName="priority_hint", wordWrap=True)
        self.back_button = QPushButton(objectName="priority_back")
        self.back_button.setProperty("role", "nav")
        self.back_button.clicked.connect(lambda: self.back.emit())
        self.list = QVBoxLayout()
        self.list.setSpacing(m(5))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m(8), m(6), m(8), m(4))
        layout.setSpacing(m(5))
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self.list)
        layout.addStretch(1)
        layout.addWidget(self.back_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def set_kinds(self, kinds: tuple[str, ...]) -> None:
        """The priority kinds the centre enables, in its order."""
        if kinds == self.kinds:
            return
        for button in self.buttons.values():
            self.list.removeWidget(button)
            button.deleteLater()
        self.kinds, self.buttons = kinds, {}
        for kind in kinds:
            button = QPushButton(objectName=f"kind_{kind}")
            button.setProperty("role", "kind")
            button.clicked.connect(lambda _=False, k=kind: self.kind_chosen.emit(k))
            self.list.addWidget(button)
            self.buttons[kind] = button
        self.set_language(self.lang)

    def set_language(self, lang: str) -> None:
        """Show every text in *lang*."""
        self.lang = lang
        self.title.setText(tr("kiosk.priority_title", lang))
        self.hint.setText(tr("kiosk.priority_hint", lang))
        self.back_button.setText(tr("kiosk.back", lang))
        for kind, button in self.buttons.items():
            button.setText(tr(f"priority.{kind}", lang))
