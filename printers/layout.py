"""Ticket layout: one black-and-white raster image at the printer's width, drawn with the bundled font.

Each line of the template becomes a block (an image as wide as the paper); blocks are stacked in the
template's order. Text is wrapped to the printable width and the number shrinks until it fits, so
nothing is ever cut off. The QR code is drawn into the image unless native QR is chosen; its place is
remembered so that the encoder can swap it for the printer's own QR command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from assets.texts import tr
from printers.fonts import font, normalize
from printers.linebreaks import NBSP, keep_together, split_words
from printers.template import TicketConfig, default_config
from printers.ticket import TicketPrint

WHITE, BLACK = 1, 0


@dataclass(frozen=True)
class RenderedTicket:
    """The rendered image (mode "1", white paper = 1) and where the QR code sits in it."""

    image: Image.Image
    qr_url: str
    qr_rows: tuple[int, int] | None  # first row and row after the QR block, or None without QR
    qr_module: int = 4  # dots per QR module, reused when the printer draws the code natively


@lru_cache(maxsize=8192)
def _length(face: ImageFont.FreeTypeFont, text: str) -> float:
    # Measuring is the slow part of wrapping, and the same words come back on every ticket.
    return face.getlength(text)


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Split *text* into lines no wider than *max_width*; words longer than a line break anywhere."""
    lines: list[str] = []
    space = _length(face, " ")
    for paragraph in keep_together(normalize(text)).splitlines() or [""]:
        if _length(face, paragraph) <= max_width:  # the usual case: one measurement
            lines.append(paragraph.strip().replace(NBSP, " "))
            continue
        # Words are measured once; a line's width is its words plus the spaces between them. A compound
        # or name wider than the paper on its own breaks between its syllables after all.
        units = [part for unit in split_words(paragraph)
                 for part in ([unit] if _length(face, unit) <= max_width else unit.split(NBSP))]
        line: list[str] = []
        used = 0.0
        for word in units:
            width = _length(face, word)
            if line and used + space + width <= max_width:
                line.append(word)
                used += space + width
                continue
            if line:
                lines.append(" ".join(line))
            if width <= max_width:
                line, used = [word], width
                continue
            piece = ""
            for ch in word:  # a word wider than the paper (a long URL, a name without spaces)
                if piece and _length(face, piece + ch) > max_width:
                    lines.append(piece)
                    piece = ""
                piece += ch
            line, used = [piece], _length(face, piece)
        lines.append(" ".join(line))
    return [line.replace(NBSP, " ") for line in lines]


def balanced_wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Like :func:`wrap` with as many lines, but lines of even length: no lone word on the last line."""
    lines = wrap(text, face, max_width)
    if len(lines) < 2 or "\n" in text:
        return lines
    low, high = max_width // 2, max_width  # the narrowest width that still needs no more lines
    while high - low > 2:
        mid = (low + high) // 2
        if len(wrap(text, face, mid)) <= len(lines):
            high = mid
        else:
            low = mid
    return wrap(text, face, high)


@cache
def _mark_room(size: int, bold: bool) -> int:
    """Room above the first line for the tallest stacked marks of Vietnamese capitals (Ẵ, Ễ, Ỗ)."""
    return max(0, -int(font(size, bold).getbbox("ẴỄỖỮẪ")[1]))


# Most of a ticket (centre name, address, labels, footer) is the same on every ticket of the day, so
# text blocks are kept; callers paste them and never draw on them.
@lru_cache(maxsize=256)
def _text_block(text: str, size: int, width: int, margin: int, bold: bool = False, invert: bool = False) -> Image.Image:
    face = font(size, bold)
    pad = size // 4 if invert else 0
    lines = balanced_wrap(text, face, width - 2 * margin - 2 * pad)
    ascent, descent = face.getmetrics()
    top = _mark_room(size, bold)
    line_height = ascent + descent + size // 8
    height = top + line_height * len(lines) + 2 * pad
    block = Image.new("1", (width, height), WHITE)
    draw = ImageDraw.Draw(block)
    draw.fontmode = "1"
    if invert:
        widest = max(_length(face, line) for line in lines)
        left = (width - widest) // 2 - pad
        draw.rounded_rectangle((left, 0, width - left, height - 1), radius=pad, fill=BLACK)
    for i, line in enumerate(lines):
        x = (width - _length(face, line)) / 2
        draw.text((x, top + pad + i * line_height), line, font=face, fill=WHITE if invert else BLACK)
    return block


def _number_block(label: str, size: int, width: int, margin: int) -> Image.Image:
    text = normalize(label)
    while size > 16 and font(size, True).getlength(text) > width - 2 * margin:
        size -= 4
    face = font(size, True)
    left, top, right, bottom = face.getbbox(text)
    if right - left > width - 2 * margin:  # still too wide at the smallest size: wrap rather than cut
        return _text_block(label, size, width, margin, bold=True)
    block = Image.new("1", (width, int(bottom - top) + size // 10), WHITE)
    draw = ImageDraw.Draw(block)
    draw.fontmode = "1"
    draw.text(((width - (right - left)) / 2 - left, -top), text, font=face, fill=BLACK)
    return block


def _qr_image(url: str, module: int) -> Image.Image:
    code = qrcode.QRCode(box_size=module, border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    # A plain 0/1 bitmap straight from the module matrix: faster than qrcode's own image factory.
    matrix = code.get_matrix()
    n = len(matrix)
    small = Image.frombytes("1", (n, n), b"".join(_pack_row(row) for row in matrix))
    return small.resize((n * module, n * module), Image.Resampling.NEAREST)


def _pack_row(row: list[bool]) -> bytes:
    bits = "".join("0" if dark else "1" for dark in row)
    bits += "1" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def _qr_block(url: str, caption: str, module: int, width: int, margin: int, caption_size: int) -> Image.Image:
    code = _qr_image(url, module)
    if code.width > width - 2 * margin:  # a very long URL: smaller modules rather than a cut-off code
        fit = max(1, module * (width - 2 * margin) // code.width)
        code = _qr_image(url, fit)
    quiet = 4 * module  # the quiet zone scanners need around the code
    cap = _text_block(caption, caption_size, width, margin)
    block = Image.new("1", (width, code.height + 2 * quiet + cap.height), WHITE)
    block.paste(code, ((width - code.width) // 2, quiet))
    block.paste(cap, (0, code.height + 2 * quiet))
    return block


def _logo_block(path: object, max_height: int, width: int, margin: int) -> Image.Image | None:
    try:
        with Image.open(path) as raw:  # type: ignore[arg-type]
            logo = ImageOps.exif_transpose(raw).convert("RGBA")
    except OSError:
        return None  # a missing or broken logo must not stop a ticket from printing
    paper = Image.new("RGBA", logo.size, (255, 255, 255, 255))
    paper.alpha_composite(logo)
    logo = paper.convert("L")
    logo.thumbnail((width - 2 * margin, max_height), Image.Resampling.LANCZOS)
    block = Image.new("1", (width, logo.height), WHITE)
    block.paste(logo.convert("1"), ((width - logo.width) // 2, 0))
    return block


def _rule(width: int, margin: int) -> Image.Image:
    block = Image.new("1", (width, 6), WHITE)
    ImageDraw.Draw(block).line((margin, 2, width - margin, 2), fill=BLACK, width=2)
    return block


def _wait_text(minutes: int, lang: str) -> str:
    if minutes <= 0:  # nobody ahead: "about 0 minutes" would read like a fault
        return tr("printer.ticket.wait_soon", lang)
    if minutes >= 60:
        return tr("printer.ticket.wait_hours", lang, hours=minutes // 60, minutes=minutes % 60)
    return tr("printer.ticket.wait_minutes", lang, minutes=minutes)


def _issued_text(at: datetime, lang: str) -> str:
    return tr("printer.ticket.issued_at", lang, time=at.strftime("%H:%M"), date=at.strftime("%d/%m/%Y"))


def render_ticket(ticket: TicketPrint, config: TicketConfig | None = None) -> RenderedTicket:
    """Draw *ticket* following *config* (the default template when ``None``)."""
    cfg = config or default_config()
    w, m, s, lang = cfg.width, cfg.margin, cfg.sizes, cfg.language
    qr_url = cfg.qr_url or ticket.qr_url
    footer = ticket.footer or cfg.footer

    def text(size_key: str, value: str, bold: bool = False) -> Callable[[], Image.Image | None]:
        return lambda: _text_block(value, s[size_key], w, m, bold) if value else None

    builders: dict[str, Callable[[], Image.Image | None]] = {
        "logo": lambda: _logo_block(cfg.logo or ticket.logo, s["logo"], w, m) if (cfg.logo or ticket.logo) else None,
        # names are found by their capitals, so before the centre's name is set in capitals
        "centre_name": text("centre_name", keep_together(ticket.centre_name).upper(), bold=True),
        "centre_address": text("centre_address", ticket.centre_address),
        "rule": lambda: _rule(w, m),
        "field": text("field", ticket.field_name, bold=True),
        "number_label": text("number_label", tr("printer.ticket.number_label", lang)),
        "number": lambda: _number_block(ticket.number_label, s["number"], w, m),
        "priority": lambda: (
            _text_block(tr("printer.ticket.priority", lang, kind=ticket.priority), s["priority"], w, m, True, True)
            if ticket.priority
            else None
        ),
        "counter": text(
            "counter", tr("printer.ticket.counter", lang, counter=ticket.counter) if ticket.counter else ""
        ),
        "issued_at": text("issued_at", _issued_text(ticket.issued_at, lang)),
        "people_ahead": text("people_ahead", tr("printer.ticket.people_ahead", lang, count=ticket.people_ahead)),
        "estimated_wait": text(
            "estimated_wait",
            tr("printer.ticket.wait_overloaded", lang) if ticket.overloaded
            else _wait_text(ticket.estimated_wait_minutes, lang) if ticket.estimated_wait_minutes is not None else "",
        ),
        "qr": lambda: (
            _qr_block(qr_url, tr("printer.ticket.qr_caption", lang), s["qr"], w, m, s["footer"]) if qr_url else None
        ),
        "footer": text("footer", footer),
    }
    blocks: list[tuple[str, Image.Image]] = []
    for name in cfg.lines:
        block = builders[name]()
        if block is not None:
            blocks.append((name, block))
    gap = max(4, w // 64)
    height = gap + sum(b.height + gap for _, b in blocks)
    image = Image.new("1", (w, height), WHITE)
    y, qr_rows = gap, None
    for name, block in blocks:
        image.paste(block, (0, y))
        if name == "qr":
            qr_rows = (y, y + block.height)
        y += block.height + gap
    return RenderedTicket(image=image, qr_url=qr_url, qr_rows=qr_rows, qr_module=s["qr"])
