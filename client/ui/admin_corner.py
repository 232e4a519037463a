"""The hidden administrator's corner: five quick taps on one spot (the centre's name in the header)
open the administrator's gate. A citizen who taps it once or twice sees nothing happen; the gate behind
it asks for an administrator's PIN anyway (``client.ui.admin_gate``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

TAPS = 5
WITHIN_SECONDS = 4.0


class HiddenCorner(QObject):
    """Watches *target* for ``taps`` presses within ``within`` seconds; then emits ``opened()``."""

    opened = Signal()

    def __init__(self, target: QWidget, taps: int = TAPS, within: float = WITHIN_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.taps, self.within, self.monotonic = taps, within, monotonic
        self.presses: list[float] = []
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.tap()
        return False

    def tap(self) -> None:
        """One press on the corner."""
        now = self.monotonic()
        self.presses = [t for t in self.presses if now - t <= self.within] + [now]
        if len(self.presses) >= self.taps:
            self.presses = []
            self.opened.emit()
