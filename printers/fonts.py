"""The bundled Noto Sans fonts (assets/fonts, SIL OFL 1.1), which cover every Vietnamese letter."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from PIL import ImageFont

FONT_FILES = {False: "NotoSans-Regular.ttf", True: "NotoSans-Bold.ttf"}
# A code point no font maps: drawing it shows the font's missing-glyph box (.notdef).
_NO_GLYPH = "\U000f0000"


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled font at *size* pixels; loaded once per size (fonts are read-only, so sharing is safe)."""
    ref = resources.files("assets").joinpath("fonts", FONT_FILES[bold])
    with resources.as_file(ref) as path:
        # BASIC layout: Vietnamese needs no shaping once text is NFC, and results stay the same on
        # machines with and without libraqm.
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def normalize(text: str) -> str:
    """NFC form: precomposed letters (ệ, not e + ̂ + ̣), which the basic layout draws correctly."""
    return unicodedata.normalize("NFC", text)


def missing_glyphs(text: str, size: int = 24, bold: bool = False) -> set[str]:
    """The characters of *text* the bundled font would draw as its missing-glyph box."""
    f = font(size, bold)
    box = f.getmask(_NO_GLYPH).tobytes()
    return {ch for ch in set(normalize(text)) if not ch.isspace() and f.getmask(ch).tobytes() == box}
