"""The bundled Noto Sans fonts (assets/fonts, SIL OFL 1.1), which cover every Vietnamese letter."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

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


def drawing(ch: str, size: int = 24, bold: bool = False) -> bytes:
    """The pixels of *ch* drawn alone with the bundled font (to compare glyphs with each other)."""
    f = font(size, bold)
    image = Image.new("L", (size * 2, size * 2), 0)
    ImageDraw.Draw(image).text((size // 2, size // 2), normalize(ch), font=f, fill=255)
    return image.tobytes()


def missing_glyphs(text: str, size: int = 24, bold: bool = False) -> set[str]:
    """The characters of *text* the bundled font would draw as its missing-glyph box."""
    box = drawing(_NO_GLYPH, size, bold)
    return {ch for ch in set(normalize(text)) if not ch.isspace() and drawing(ch, size, bold) == box}
