"""The connection banner: one line across the top of every app while the server cannot be reached.

It says what is wrong and what the app is doing about it ("Mất kết nối tới máy chủ; thử kết nối lại sau
2 giây…"), in the app's language, and disappears by itself when the link is back. It never blinks: a
steady band with a word is readable by everyone; flashing is not.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from client.session import ServerSession
from client.ui.metrics import Metrics
from client.ui.theme import DEFAULT, Palette


class ConnectionBanner(QLabel):
    """Shows ``session.status_text(lang)`` while ``session.online`` is false; hidden otherwise."""

    def __init__(self, session: ServerSession, metrics: Metrics, lang: str = "vi",
                 palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("connection_banner")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pad = metrics.mm(1.5)
        self.setStyleSheet(
            f"QLabel#connection_banner {{ background: {palette.warning}; color: {palette.warning_text};"
            f" border-bottom: {metrics.mm(0.6)}px solid {palette.warning_text}; padding: {pad}px;"
            f" font-size: {metrics.text_px(3.5)}px; font-weight: bold; }}")
        session.online_changed.connect(self.refresh)
        session.status_changed.connect(self.refresh)
        self.refresh()

    def set_language(self, lang: str) -> None:
        """Switch the banner's language (the app's language toggle)."""
        self.lang = lang
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Follow the session: the status line while offline, nothing while online."""
        self.setText(self.session.status_text(self.lang))
        self.setVisible(not self.session.online)
