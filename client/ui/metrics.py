"""Sizes in millimetres on the actual panel, not in pixels.

A 25 mm touch target is 95 px on a 96-dpi office monitor and 170 px on a 21-inch full-HD kiosk panel
held in portrait; a wall TV's digits must be measured the same way. ``Metrics`` turns millimetres into
pixels from the screen's physical DPI, which Qt reports from the monitor's EDID. Virtual screens
(offscreen, Xvfb, some TVs) report nothing believable, so a value outside a sane range falls back to
96 dpi, and ``QMS_DPI`` (or the constructor) can state the panel's real DPI.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication, QScreen

FALLBACK_DPI = 96.0
# A 100-inch 1080p TV is 22 dpi, a 65-inch one 34: the wall display needs the low end.
SANE_DPI = (20.0, 600.0)
MM_PER_INCH = 25.4


class Metrics:
    """Millimetre and point conversions for one screen."""

    def __init__(self, dpi: float = FALLBACK_DPI) -> None:
        if not SANE_DPI[0] <= dpi <= SANE_DPI[1]:
            raise ValueError(f"dpi {dpi} outside {SANE_DPI}")
        self.dpi = dpi

    @classmethod
    def for_screen(cls, screen: QScreen | None = None, override: float | None = None) -> Metrics:
        """The metrics of *screen* (the primary one by default); *override* or ``$QMS_DPI`` win."""
        if override is None:
            env = os.environ.get("QMS_DPI", "").strip()
            try:
                override = float(env) if env else None
            except ValueError:
                override = None
        if override is not None and SANE_DPI[0] <= override <= SANE_DPI[1]:
            return cls(override)
        screen = screen or QGuiApplication.primaryScreen()
        dpi = screen.physicalDotsPerInch() if screen is not None else 0.0
        return cls(dpi if SANE_DPI[0] <= dpi <= SANE_DPI[1] else FALLBACK_DPI)

    def mm(self, millimetres: float) -> int:
        """Pixels for a length in millimetres (at least 1)."""
        return max(1, round(millimetres * self.dpi / MM_PER_INCH))

    def px_to_mm(self, pixels: float) -> float:
        """Millimetres covered by *pixels* on this screen."""
        return pixels * MM_PER_INCH / self.dpi

    def text_px(self, cap_height_mm: float) -> int:
        """A font pixel size whose capital letters are about *cap_height_mm* tall (Noto Sans: cap ≈ 0.71 em)."""
        return self.mm(cap_height_mm / 0.714)
