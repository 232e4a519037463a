"""Screenshots of an app's own windows: what a demonstration, a script or a support request keeps.

``grab_window`` renders a widget into a PNG with Qt's own ``QWidget.grab`` (works offscreen too, where
there is no screen to read); ``main_window`` picks the window a person would call "the app".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


def main_window(app: QApplication) -> QWidget | None:
    """The largest visible top-level window of *app* (the app's own, not a tooltip), or ``None``."""
    shown = [w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()]
    return max(shown, key=lambda w: w.width() * w.height(), default=None)


def grab_window(widget: QWidget, path: Path) -> bool:
    """Save what *widget* shows as *path* (PNG); ``False`` when it could not be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return widget.grab().save(str(path), "PNG")
