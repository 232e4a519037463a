"""The language toggle: one button that names the other language in that language ("English" on a
Vietnamese screen, "Tiếng Việt" on an English one), so whoever needs it can read it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from assets.texts import LANGUAGES

NAMES = {"vi": "Tiếng Việt", "en": "English"}


class LanguageToggle(QPushButton):
    """Switches between Vietnamese and English; ``language_changed(lang)`` after each switch."""

    language_changed = Signal(str)

    def __init__(self, lang: str = "vi", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language")
        self.lang = lang
        self.clicked.connect(self.toggle)
        self._show()

    def set_language(self, lang: str) -> None:
        """Show *lang* as the current language (no signal)."""
        self.lang = lang
        self._show()

    def toggle(self) -> None:
        """Switch to the other language."""
        self.lang = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        self._show()
        self.language_changed.emit(self.lang)

    def _show(self) -> None:
        other = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        self.setText(NAMES[other])
