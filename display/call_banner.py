"""The newest call, across the top of the wall display: "1005 → Quầy 3" on one line, as large as fits.

The call is marked four ways, so nobody depends on colour: its place (on top, alone), its size (the
largest text on the screen), a thick border, and the colour. A fresh call flashes between the highlight
colour and the hall's colour at 1 Hz for a few seconds, then stays steady in the highlight colour. Under
it: the field, a priority mark in words ("ƯU TIÊN"), and while the voice speaks, the sentence it speaks.
Painted by hand, so the line is fitted to the width (long counter names shrink the line, never wrap it).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from assets.texts import tr
from client.ui.fonts import font
from client.ui.theme import DEFAULT, Palette
from display.calls import ShownCall

FLASH_MS = 500  # half a period: 1 Hz


class CallBanner(QWidget):
    """Paints the call on top; ``set_call``, ``set_flashing`` and ``set_caption`` change what it shows."""

    def __init__(self, lang: str = "vi", palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_banner")
        self.lang = lang
        self.palette_ = palette
        self.call: ShownCall | None = None
        self.field_name = ""
        self.place = ""  # where the counter is ("Tầng 1 – Khu A")
        self.caption = ""
        self.flashing = False
        self.phase = False  # the flash's current half: True = hall colours
        self.font_px = 100
        self.border_px = 6
        self._drawn: dict[tuple, QPixmap] = {}  # look of the band -> its drawing
        self.flash_timer = QTimer(self, objectName="flash_timer")
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(self._toggle)

    # ----------------------------------------------------------------- state

    def set_sizes(self, font_px: int, border_px: int) -> None:
        self.font_px, self.border_px = font_px, border_px
        self.update()

    def set_call(self, call: ShownCall | None, field_name: str = "", place: str = "") -> None:
        if (call, field_name, place) != (self.call, self.field_name, self.place):
            self.call, self.field_name, self.place = call, field_name, place
            self.update()

    def set_flashing(self, on: bool) -> None:
        if on == self.flashing:
            return
        self.flashing = on
        self.phase = False
        if on:
            self.flash_timer.start()
        else:
            self.flash_timer.stop()
        self.update()

    def set_caption(self, text: str) -> None:
        if text != self.caption:
            self.caption = text
            self.update()

    def _toggle(self) -> None:
        self.phase = not self.phase
        self.update()

    # ----------------------------------------------------------------- text

    def line_parts(self) -> list[tuple[str, float, bool]]:
        """The call's line as (text, size relative to the digits, bold)."""
        if self.call is None:
            return [(tr("display.no_call", self.lang), 0.45, False)]
        # "Quầy" smaller than the two numbers: the numbers are what is read from the back of the hall, and
        # the line must fit a 55-inch TV's width with 160 mm digits.
        return [(self.call.ticket, 1.0, True), (" → ", 0.62, True),
                (tr("display.counter_word", self.lang) + " ", 0.58, True), (str(self.call.counter), 1.0, True)]

    def fitted_scale(self, width: int, parts: list[tuple[str, float, bool]] | None = None) -> float:
        """The factor (≤ 1) that fits the call's line (or *parts*) into *width* pixels."""
        total = sum(QFontMetrics(font(max(1, round(self.font_px * rel)), bold)).horizontalAdvance(text)
                    for text, rel, bold in (parts or self.line_parts()))
        return min(1.0, width / total) if total else 1.0

    def band_height(self, width: int, full_height: int) -> int:
        """The band's height for a *width*-wide screen: less than *full_height* when a long line
        ("1999 → Quầy 88") must shrink to fit the width, as on a portrait screen."""
        word = tr("display.counter_word", self.lang) + " "
        widest = [("1999", 1.0, True), (" → ", 0.62, True), (word, 0.58, True), ("88", 1.0, True)]
        b = self.border_px
        scale = self.fitted_scale(width - 5 * b, widest)
        # the line (0.1 em above the capitals, the capitals, the tail of "y") shrinks with the width; the
        # line under it keeps its size
        em = self.font_px * scale
        return min(full_height, round(0.99 * em + 0.36 * self.font_px + 4 * b))

    def line_text(self) -> str:
        """The call's line as one string ("1005  →  Quầy 3")."""
        return "".join(text for text, _, _ in self.line_parts())

    def second_line(self) -> str:
        """Under the call: the spoken sentence while it is spoken, else the field and where the counter is."""
        if self.caption:
            return self.caption
        if self.call is None:
            return ""
        return "  ·  ".join(part for part in (self.field_name, self.place) if part)

    # ----------------------------------------------------------------- painting

    def colours(self) -> tuple[QColor, QColor]:
        p = self.palette_
        if self.call is None:
            return QColor(p.hall), QColor(p.hall_text)
        if self.flashing and self.phase:
            return QColor(p.hall), QColor(p.hall_text)
        return QColor(p.highlight), QColor(p.highlight_text)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Text this large is drawn from glyph outlines, not Qt's glyph cache (tens of milliseconds on a
        # small PC): each look of the band is drawn once into a pixmap, and the flash toggles between two.
        key = (self.width(), self.height(), self.call, self.field_name, self.place, self.caption,
               self.flashing and self.phase, self.font_px, self.border_px, self.lang)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            self._draw(pixmap)
            while len(self._drawn) >= 2:  # the two halves of a flash; older looks are gone
                self._drawn.pop(next(iter(self._drawn)))
            self._drawn[key] = pixmap
        painter = QPainter(self)
        painter.drawPixmap(0, 0, pixmap)
        painter.end()

    def _draw(self, device: QPixmap) -> None:
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        bg, fg = self.colours()
        b = self.border_px
        outer = QRect(0, 0, self.width(), self.height())
        painter.fillRect(outer, QColor(self.palette_.hall))
        inner = outer.adjusted(b, b // 2, -b, -b // 2)
        painter.fillRect(inner, bg)
        if self.call is not None:
            # The border stays in both halves of the flash: the call is marked without its colour too.
            pen = QPen(fg if not (self.flashing and self.phase) else QColor(self.palette_.highlight))
            pen.setWidth(b)
            painter.setPen(pen)
            painter.drawRect(inner.adjusted(b // 2, b // 2, -(b // 2), -(b // 2)))
        pad = round(b * 1.5)
        area = inner.adjusted(pad, b, -pad, -b)
        scale = self.fitted_scale(area.width())
        em = self.font_px * scale
        # The digits' capitals start 0.1 em below the top (room for the marks of "ầ"), the line under
        # them starts below the tail of "y".
        baseline = area.top() + round(0.10 * em) + QFontMetrics(font(max(1, round(em)), True)).capHeight()
        self._paint_line(painter, area, baseline, scale, fg)
        second_top = baseline + round(0.17 * em)
        self._paint_second(painter, QRect(area.left(), second_top, area.width(), area.bottom() - second_top), fg)
        painter.end()

    def _paint_line(self, painter: QPainter, box: QRect, baseline: int, scale: float, fg: QColor) -> None:
        parts = self.line_parts()
        fonts = [font(max(1, round(self.font_px * rel * scale)), bold) for _, rel, bold in parts]
        widths = [QFontMetrics(f).horizontalAdvance(t) for f, (t, _, _) in zip(fonts, parts, strict=True)]
        x = box.left() + (box.width() - sum(widths)) // 2
        priority = self.call is not None and self.call.priority
        for f, w, (text, _, _) in zip(fonts, widths, parts, strict=True):
            painter.setFont(f)
            painter.setPen(fg)
            painter.drawText(x, baseline, text)
            x += w
        if priority:
            self._paint_priority_mark(painter, box, fg)

    def _paint_priority_mark(self, painter: QPainter, box: QRect, fg: QColor) -> None:
        mark = tr("display.priority_mark", self.lang)
        f = font(max(1, round(self.font_px * 0.2)), True)
        fm = QFontMetrics(f)
        w, h = fm.horizontalAdvance(mark) + fm.height(), round(fm.height() * 1.3)
        rect = QRect(box.right() - w, box.top(), w, h)
        painter.fillRect(rect, QColor(self.palette_.priority))
        painter.setPen(QColor(self.palette_.priority_text))
        painter.setFont(f)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark)

    def _paint_second(self, painter: QPainter, box: QRect, fg: QColor) -> None:
        text = self.second_line()
        if not text:
            return
        size = max(1, round(self.font_px * 0.2))
        f = font(size, bool(self.caption))
        fm = QFontMetrics(f)
        while fm.horizontalAdvance(text) > box.width() and size > 8:
            size = round(size * 0.92)
            f = font(size, bool(self.caption))
            fm = QFontMetrics(f)
        painter.setFont(f)
        painter.setPen(fg)
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
