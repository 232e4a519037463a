"""Start-up every app shares: the QApplication with the bundled fonts, the theme and the metrics.

``make_application`` is called first in each app's ``main()``; it returns the application and the
``Metrics`` of the screen the app will use, so every size after that is in millimetres of that panel.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from client.ui.fonts import load_fonts
from client.ui.metrics import Metrics
from client.ui.theme import DEFAULT, Palette, apply_theme


def make_application(app_name: str, argv: Sequence[str] | None = None, screen: int | None = None,
                     dpi: float | None = None, palette: Palette = DEFAULT) -> tuple[QApplication, Metrics]:
    """The process's QApplication (created if needed), themed, and the metrics of screen *screen*."""
    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName(f"qms-{app_name}")
    app.setOrganizationName("QMS")
    load_fonts()
    screens = app.screens()
    chosen = screens[screen] if screen is not None and 0 <= screen < len(screens) else app.primaryScreen()
    metrics = Metrics.for_screen(chosen, override=dpi)
    apply_theme(app, metrics, palette)
    return app, metrics
