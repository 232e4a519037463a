"""The bundled Noto Sans fonts, registered with Qt once per process.

Vietnamese stacks two marks on one vowel (ế, ặ, ỗ); a system font without them draws boxes or drops the
tone. The apps use the Noto Sans files in ``assets/fonts`` on every machine, whatever the PC has.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase

FAMILY = "Noto Sans"
FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


def load_fonts() -> str:
    """Register the bundled fonts (safe to call again) and return the family name to use."""
    families: list[str] = []
    for name in FILES:
        data = resources.files("assets").joinpath("fonts", name).read_bytes()
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else FAMILY


def font(pixel_size: int, bold: bool = False) -> QFont:
    """The bundled sans-serif at *pixel_size*."""
    f = QFont(FAMILY)
    f.setPixelSize(max(1, pixel_size))
    f.setBold(bold)
    return f
