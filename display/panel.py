"""A titled table painted by hand: the recent calls, the counters, the waiting per field.

Painted rather than built from labels: a wall display runs for months, and a table that creates no child
widgets cannot grow with the events it shows. Rows that do not fit are shown a page at a time, turning
every few seconds (``page_timer``) with "1/3" in the title, as signage does; nothing is scrolled or
squeezed below a readable size. A cell may be a badge (priority, paused) drawn with its own colours and
a word, so its meaning never rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from client.ui.fonts import font
from client.ui.theme import DEFAULT, Palette

PAGE_MS = 8000


@dataclass(frozen=True)
class Cell:
    """One cell: its text, its share of the row's width, its alignment and its look."""

    text: str
    share: float = 1.0
    short: str = ""  # shown instead of *text* when that does not fit ("Quầy 5" for "Quầy 5 – Hộ tịch, Chứng thực")
    right: bool = False
    look: str = "plain"  # plain, bold, priority, paused, closed


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


class TablePanel(QWidget):
    """A title and rows; ``set_rows`` replaces them, pages turn by themselves when they do not fit."""

    def __init__(self, name: str, title: str, palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = title
        self.palette_ = palette
        self.rows: list[Row] = []
        self.page = 0
        self.row_font_px = 40
        self.row_h = 58
        self.title_font_px = 24
        self.empty_text = ""
        self.paged = True  # False: show the first rows that fit, never turn pages (the recent calls)
        self.page_timer = QTimer(self, objectName="page_timer")
        self.page_timer.setInterval(PAGE_MS)
        self.page_timer.timeout.connect(self.next_page)

    def set_sizes(self, row_font_px: int, row_h: int, title_font_px: int) -> None:
        self.row_font_px, self.row_h, self.title_font_px = row_font_px, row_h, title_font_px
        self._pages_changed()

    def set_rows(self, rows: list[Row]) -> None:
        if rows != self.rows:
            self.rows = rows
            self._pages_changed()
            self.update()

    def title_h(self) -> int:
        return round(self.title_font_px * 1.9)

    def per_page(self) -> int:
        """Rows that fit under the title (at least one)."""
        return max(1, (self.height() - self.title_h()) // max(1, self.row_h))

    def pages(self) -> int:
        if not self.paged:
            return 1
        return max(1, -(-len(self.rows) // self.per_page()))

    def visible_rows(self) -> list[Row]:
        n = self.per_page()
        return self.rows[self.page * n:(self.page + 1) * n]

    def next_page(self) -> None:
        self.page = (self.page + 1) % self.pages()
        self.update()

    def _pages_changed(self) -> None:
        if self.page >= self.pages():
            self.page = 0
        if self.pages() > 1:
            if not self.page_timer.isActive():
                self.page_timer.start()
        else:
            self.page_timer.stop()

    def resizeEvent(self, event: object) -> None:
        self._pages_changed()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.palette_
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(p.hall))
        pad = max(4, self.row_font_px // 4)
        th = self.title_h()
        title = self.title if self.pages() == 1 else f"{self.title}   {self.page + 1}/{self.pages()}"
        painter.setFont(font(self.title_font_px, True))
        painter.setPen(QColor(p.hall_text))
        painter.drawText(QRect(pad, 0, self.width() - 2 * pad, th), Qt.AlignmentFlag.AlignVCenter, title)
        painter.fillRect(QRect(pad, th - max(2, pad // 3), self.width() - 2 * pad, max(2, pad // 3)),
                         QColor(p.hall_text))
        rows = self.visible_rows()
        if not rows and self.empty_text:
            painter.setFont(font(round(self.row_font_px * 0.7)))
            painter.drawText(QRect(pad, th, self.width() - 2 * pad, self.row_h), Qt.AlignmentFlag.AlignVCenter,
                             self.empty_text)
        for i, row in enumerate(rows):
            top = th + i * self.row_h
            if i % 2 == 1:  # alternate rows a shade lighter: the eye follows a row across the table
                painter.fillRect(QRect(0, top, self.width(), self.row_h), QColor(p.hall).lighter(135))
            self._paint_row(painter, row, QRect(pad, top, self.width() - 2 * pad, self.row_h), pad)
        painter.end()

    def _paint_row(self, painter: QPainter, row: Row, box: QRect, pad: int) -> None:
        total = sum(c.share for c in row.cells) or 1.0
        x = box.left()
        for cell in row.cells:
            w = round(box.width() * cell.share / total)
            self._paint_cell(painter, cell, QRect(x, box.top(), w, box.height()), pad)
            x += w

    def _paint_cell(self, painter: QPainter, cell: Cell, box: QRect, pad: int) -> None:
        p = self.palette_
        badge = cell.look in ("priority", "paused")
        size = self.row_font_px if not badge else round(self.row_font_px * 0.72)
        f = font(size, cell.look != "closed")
        fm = QFontMetrics(f)
        room = max(1, box.width() - pad - (2 * pad if badge else 0))
        full = cell.text if not cell.short or fm.horizontalAdvance(cell.text) <= room else cell.short
        text = fm.elidedText(full, Qt.TextElideMode.ElideRight, room)
        painter.setFont(f)
        side = Qt.AlignmentFlag.AlignRight if cell.right else Qt.AlignmentFlag.AlignLeft
        align = side | Qt.AlignmentFlag.AlignVCenter
        if badge:
            bg, fg = (p.priority, p.priority_text) if cell.look == "priority" else (p.warning, p.warning_text)
            w = min(box.width() - pad, fm.horizontalAdvance(text) + 2 * pad)
            h = round(fm.height() * 1.25)
            left = box.right() - w if cell.right else box.left()
            rect = QRect(left, box.top() + (box.height() - h) // 2, w, h)
            painter.fillRect(rect, QColor(bg))
            painter.setPen(QColor(fg))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            return
        painter.setPen(QColor(p.hall_text))
        painter.drawText(box.adjusted(0, 0, -pad // 2, 0), align, text)
