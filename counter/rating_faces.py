"""The faces on the rating buttons, drawn with QPainter (no image files): a circle, two eyes and a mouth
from a broad smile to a frown. The word under each face says the same thing, so nobody has to read the
colour."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

# answer -> (colour, mouth as (start, control, end) in a 100 × 100 box, filled)
FACES: dict[str, tuple[str, tuple[tuple[float, float], tuple[float, float], tuple[float, float]], bool]] = {
    "very_satisfied": ("#0d5c2e", ((30, 58), (50, 80), (70, 58)), True),
    "satisfied": ("#2e6b12", ((32, 60), (50, 74), (68, 60)), False),
    "neutral": ("#6b4d00", ((33, 64), (50, 64), (67, 64)), False),
    "dissatisfied": ("#8a1414", ((32, 70), (50, 54), (68, 70)), False),
}


def face_pixmap(answer: str, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A square pixmap of *size* logical pixels with the face of *answer*."""
    colour, (start, control, end), filled = FACES[answer]
    pixmap = QPixmap(round(size * device_pixel_ratio), round(size * device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100, size / 100)
    pen = QPen(QColor(colour), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(QRectF(5, 5, 90, 90))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QPointF(36, 40), 6, 6)
    painter.drawEllipse(QPointF(64, 40), 6, 6)
    mouth = QPainterPath(QPointF(*start))
    mouth.quadTo(QPointF(*control), QPointF(*end))
    if filled:
        mouth.closeSubpath()
    painter.setBrush(QColor(colour) if filled else Qt.BrushStyle.NoBrush)
    painter.drawPath(mouth)
    painter.end()
    return pixmap
