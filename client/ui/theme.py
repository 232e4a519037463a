"""Colours every QMS screen uses, chosen for reading by the elderly in a bright hall.

Each text colour is paired with the background it is drawn on, and every pair keeps a contrast ratio of
at least 7:1 (WCAG 2 level AAA; ``tests/client/ui/test_theme.py`` computes them all). State is never told
by colour alone: screens pair it with a word, a border or a position, so a colour-blind citizen reads
the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from client.ui.metrics import Metrics

AAA = 7.0


@dataclass(frozen=True)
class Palette:
    """Named colours as ``#rrggbb``; ``*_text`` fields are drawn on the surface named before them."""

    background: str = "#f4f6f9"       # the window
    text: str = "#10213a"
    muted_text: str = "#2f3e52"       # secondary lines (still AAA on background)
    surface: str = "#ffffff"          # cards, lists
    surface_text: str = "#10213a"
    primary: str = "#0b3a75"          # field buttons, the main action
    primary_text: str = "#ffffff"
    priority: str = "#6b1d5c"         # priority tickets: a colour *and* a mark
    priority_text: str = "#ffffff"
    highlight: str = "#ffd23f"        # the newest call
    highlight_text: str = "#10213a"
    ok: str = "#0d5c2e"
    ok_text: str = "#ffffff"
    warning: str = "#fff0b3"          # printer trouble, reconnecting
    warning_text: str = "#3d2c00"
    danger: str = "#8a1414"           # server unreachable, refusals
    danger_text: str = "#ffffff"
    disabled: str = "#d5dae1"         # a field that cannot be tapped now
    disabled_text: str = "#2b3440"
    hall: str = "#061a33"             # the wall display's dark background
    hall_text: str = "#ffffff"

    def pairs(self) -> list[tuple[str, str, str]]:
        """``(name, background, text)`` for every surface and the text drawn on it."""
        out = [("text", self.background, self.text), ("muted_text", self.background, self.muted_text)]
        for f in fields(self):
            if f.name.endswith("_text") and f.name not in ("muted_text",):
                surface = f.name.removesuffix("_text")
                out.append((f.name, getattr(self, surface), getattr(self, f.name)))
        return out


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    c = QColor(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


DEFAULT = Palette()


def apply_theme(app: QApplication, metrics: Metrics, palette: Palette = DEFAULT) -> None:
    """Give *app* the QMS palette and a base style sheet sized in millimetres."""
    qp = app.palette()
    qp.setColor(QPalette.ColorRole.Window, QColor(palette.background))
    qp.setColor(QPalette.ColorRole.WindowText, QColor(palette.text))
    qp.setColor(QPalette.ColorRole.Base, QColor(palette.surface))
    qp.setColor(QPalette.ColorRole.Text, QColor(palette.surface_text))
    qp.setColor(QPalette.ColorRole.Button, QColor(palette.primary))
    qp.setColor(QPalette.ColorRole.ButtonText, QColor(palette.primary_text))
    qp.setColor(QPalette.ColorRole.Highlight, QColor(palette.primary))
    qp.setColor(QPalette.ColorRole.HighlightedText, QColor(palette.primary_text))
    app.setPalette(qp)
    app.setStyleSheet(base_style_sheet(metrics, palette))


def base_style_sheet(metrics: Metrics, palette: Palette = DEFAULT) -> str:
    """Style rules shared by the apps; each app adds its own on top (object names pick roles)."""
    m = metrics.mm
    return f"""
QWidget {{ color: {palette.text}; font-family: "Noto Sans"; }}
QPushButton {{
    background: {palette.primary}; color: {palette.primary_text};
    border: {m(0.5)}px solid {palette.primary}; border-radius: {m(1.5)}px;
    padding: {m(1.5)}px {m(3)}px; min-height: {m(9)}px;
}}
QPushButton:disabled {{ background: {palette.disabled}; color: {palette.disabled_text};
    border-color: {palette.disabled}; }}
QPushButton:focus {{ border: {m(0.7)}px solid {palette.highlight}; }}
QPushButton[role="secondary"] {{ background: {palette.surface}; color: {palette.surface_text};
    border: {m(0.4)}px solid {palette.primary}; }}
QPushButton[role="danger"] {{ background: {palette.danger}; color: {palette.danger_text}; }}
QLineEdit, QComboBox, QSpinBox {{ background: {palette.surface}; color: {palette.surface_text};
    border: {m(0.3)}px solid {palette.muted_text}; border-radius: {m(1)}px; padding: {m(1)}px;
    min-height: {m(7)}px; }}
QLabel[role="error"] {{ color: {palette.danger}; }}
"""
