"""Keys typed in an app's window fed to a keyboard-wedge code scanner (a scanner that types like a
keyboard), shared by the kiosk and the counter apps.

An application event filter sees a key once for each widget it propagates through; only its first
receiver (the focused widget, or the window when nothing has focus) counts. The scanner decides from the
typing speed whether a key is part of a scan; the keys of a scan are swallowed, a person's keys pass on.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class KeyFed(Protocol):
    """A keyboard-wedge scanner (``devices.scanners.WedgeScanner``): ``feed`` says whether it took the key."""

    def feed(self, char: str) -> bool: ...


class WedgeFilter(QObject):
    """Feeds the keys typed in *window* to *scanner* and swallows those of a scan."""

    def __init__(self, scanner: KeyFed, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner, self.window = scanner, window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is not (QApplication.focusWidget() or self.window):
            return False
        text = event.text()
        return bool(text) and self.scanner.feed(text[:1])
