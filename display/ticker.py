"""The scrolling line along the bottom of the wall display (opening hours, a hotline, a notice).

It moves at a speed in millimetres a second on the panel (``[display] ticker_speed``), the same on a
1080p and a 4K TV, slow enough to read from the back of the hall. It is painted from the elapsed time,
not stepped, so a late frame on a busy PC does not slow the text down; ``ticker_timer`` asks for frames.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from client.ui.fonts import font
from client.ui.theme import DEFAULT, Palette

SEPARATOR = "     •     "
FRAME_MS = 33


class Ticker(QWidget):
    """Scrolls its texts right to left, joined by a dot, round and round."""

    def __init__(self, px_per_second: float, palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticker")
        self.px_per_second = px_per_second
        self.palette_ = palette
        self.text = ""
        self.font_px = 30
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self.parked = False
        self.ticker_timer = QTimer(self, objectName="ticker_timer")
        self.ticker_timer.setInterval(FRAME_MS)
        self.ticker_timer.timeout.connect(self.update)

    def set_texts(self, texts: tuple[str, ...] | list[str]) -> None:
        self.text = SEPARATOR.join(texts)
        self.setVisible(bool(self.text))
        if self.text:
            self.ticker_timer.start()
        else:
            self.ticker_timer.stop()
        self.update()

    def set_font_px(self, px: int) -> None:
        self.font_px = px
        self.update()

    def offset(self, width: int) -> int:
        """The text's left edge now: it enters at the right and leaves at the left, then starts again."""
        if self.parked:
            return self.font_px // 2
        span = width + max(1, width_of(self.text + SEPARATOR, self.font_px))
        moved = self._elapsed.elapsed() / 1000 * self.px_per_second
        return width - round(moved % span)

    def park(self) -> None:
        """Stop the text at the left edge (for still pictures of the screen)."""
        self.parked = True
        self.ticker_timer.stop()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(self.palette_.primary))
        painter.setPen(QColor(self.palette_.primary_text))
        painter.setFont(font(self.font_px, True))
        x = self.offset(self.width())
        loop = width_of(self.text + SEPARATOR, self.font_px)
        while x < self.width():  # the text follows itself, so a short one keeps the band full
            painter.drawText(QRect(x, 0, loop, self.height()), Qt.AlignmentFlag.AlignVCenter, self.text + SEPARATOR)
            x += loop
        painter.end()


def width_of(text: str, px: int) -> int:
    return QFontMetrics(font(px, True)).horizontalAdvance(text)
