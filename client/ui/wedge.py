"""Code scanners in the apps, shared by the kiosk and the counter: ``ScanReader`` brings a scanner's codes
to the GUI thread, ``WedgeFilter`` feeds the keys typed in an app's window to a keyboard-wedge scanner (a
scanner that types like a keyboard).

An application event filter sees a key once for each widget it propagates through; only its first
receiver (the focused widget, or the window when nothing has focus) counts. The scanner decides from the
typing speed whether a key is part of a scan; the keys of a scan are swallowed, a person's keys pass on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Signal
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


class CodeScanner(Protocol):
    """A code scanner (``devices.scanners.Scanner``): started with a callback, stopped when closing."""

    def start(self, on_scan: Callable[[Any], None]) -> None: ...

    def stop(self) -> None: ...


class ScanReader(QObject):
    """What the kiosk's and the counter's scanners share: codes read by *scanner* come out as
    ``scanned(Scan)`` on the GUI thread (a serial scanner's thread emits it, Qt queues it), and a
    keyboard-wedge scanner (*wedge*) is fed the keys typed in *window* while reading."""

    scanned = Signal(object)

    def __init__(self, scanner: CodeScanner, window: QWidget, wedge: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self._filter = WedgeFilter(scanner, window, parent=self) if wedge else None  # type: ignore[arg-type]

    def start(self) -> None:
        """Start reading codes."""
        self.scanner.start(self.scanned.emit)
        app = QApplication.instance()
        if self._filter is not None and app is not None:
            app.installEventFilter(self._filter)

    def stop(self) -> None:
        """Stop reading codes (a serial port is closed)."""
        app = QApplication.instance()
        if self._filter is not None and app is not None:
            app.removeEventFilter(self._filter)
        self.scanner.stop()
