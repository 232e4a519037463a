"""Server down: "Tạm ngừng cấp số", what is happening, and the reconnect status — no number is issued
while the server cannot confirm it, and the kiosk comes back by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assets.texts import tr
from kiosk.look import Look


class OfflineScreen(QWidget):
    """Title, explanation and the session's status line (``thử kết nối lại sau 2 giây…``)."""

    def __init__(self, look: Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offline")
        m = look.metrics.mm
        self.title = QLabel(objectName="offline_title", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.text = QLabel(objectName="offline_text", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.status = QLabel(objectName="offline_status", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m(12), m(10), m(12), m(10))
        layout.setSpacing(m(8))
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.status)
        layout.addStretch(3)
        self.set_language("vi", "")

    def set_language(self, lang: str, status: str) -> None:
        """Show the texts in *lang* with the session's *status* line."""
        self.title.setText(tr("kiosk.offline_title", lang))
        self.text.setText(tr("kiosk.offline_text", lang))
        self.status.setText(status)
