"""The ticket template: parsing of the centre configuration's ``[ticket]`` table, with a good default.

The TOML file is read elsewhere; this module gets the ``[ticket]`` table as a plain dict and turns it
into a validated :class:`TicketConfig`. Every error names the dotted key and what is wrong with it, so
a centre manager can fix the file without reading code. Keys are documented in docs/printers.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assets.settings import Key, TableReader
from printers.errors import TicketConfigError

PAPER_WIDTHS: dict[str, int] = {"58mm": 384, "80mm": 576}

# Every line the layout knows, in the default order. ``rule`` is a thin separator line.
LINE_KINDS: tuple[str, ...] = (
    "logo",
    "centre_name",
    "centre_address",
    "rule",
    "field",
    "number_label",
    "number",
    "priority",
    "counter",
    "rule",
    "issued_at",
    "people_ahead",
    "estimated_wait",
    "qr",
    "footer",
)
KNOWN_LINES = frozenset(LINE_KINDS)
# Lines that may appear more than once.
REPEATABLE = frozenset({"rule"})

# Sizes in printer dots at 576 dots (80 mm); text sizes are font pixel heights, ``qr`` is dots per QR
# module, ``logo`` the logo's greatest height. Narrower paper scales them down, text no further than
# 80 % so that small print stays readable on 58 mm.
DEFAULT_SIZES_576: dict[str, int] = {
    "logo": 96,
    "centre_name": 28,
    "centre_address": 21,
    "field": 32,
    "number_label": 24,
    "number": 150,
    "priority": 28,
    "counter": 30,
    "issued_at": 22,
    "people_ahead": 22,
    "estimated_wait": 22,
    "qr": 5,
    "footer": 20,
}
SIZE_LIMITS: dict[str, tuple[int, int]] = {"qr": (1, 16), "logo": (16, 600), "number": (24, 600)}
TEXT_SIZE_LIMITS = (10, 200)

IMAGE_IMPLS = ("bitImageRaster", "graphics", "bitImageColumn")
CUT_MODES = ("full", "partial", "none")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class EscposOptions:
    """How the image becomes bytes (``[ticket.escpos]``)."""

    image_impl: str = "bitImageRaster"
    cut: str = "full"
    buzzer: int = 0
    native_qr: bool = False
    fragment_height: int = 960


@dataclass(frozen=True)
class TicketConfig:
    """The validated ``[ticket]`` table: paper width, lines in order, their sizes, printing options."""

    width: int = 576
    language: str = "vi"
    lines: tuple[str, ...] = LINE_KINDS
    sizes: Mapping[str, int] = field(default_factory=lambda: default_sizes(576))
    qr_url: str = ""
    footer: str = ""
    logo: Path | None = None
    escpos: EscposOptions = EscposOptions()

    @property
    def margin(self) -> int:
        """Left and right margin in dots: printers lose a few dots at each edge."""
        return max(4, self.width // 48)


def default_sizes(width: int) -> dict[str, int]:
    """The default sizes for a paper *width* in dots."""
    scale = width / 576
    sizes = {}
    for name, size in DEFAULT_SIZES_576.items():
        if name in ("number", "logo"):
            sizes[name] = max(SIZE_LIMITS[name][0], round(size * scale))
        elif name == "qr":
            sizes[name] = max(4, round(size * scale))  # smaller modules scan badly on thermal paper
        else:
            sizes[name] = round(size * max(scale, 0.8))
    return sizes


def default_config(width: int = 576) -> TicketConfig:
    """The default ticket for a paper width in dots (used when the configuration has no ``[ticket]``)."""
    return TicketConfig(width=width, sizes=default_sizes(width))


ESCPOS_KEYS = (
    Key("image_impl", EscposOptions.image_impl, choices=IMAGE_IMPLS),
    Key("cut", EscposOptions.cut, choices=CUT_MODES),
    Key("buzzer", EscposOptions.buzzer, minimum=0, maximum=9),
    Key("native_qr", EscposOptions.native_qr),
    Key("fragment_height", EscposOptions.fragment_height, minimum=8, maximum=4096),
)
TICKET_KEYS = (
    Key("paper", "80mm", choices=tuple(PAPER_WIDTHS)),
    Key("width_dots", 0, minimum=128, maximum=2048),  # 0 (absent): the paper's width
    Key("language", "vi", choices=LANGUAGES),
    Key("qr_url", ""),
    Key("footer", ""),
    Key("logo", ""),
)


def _reader(file: str) -> TableReader:
    return TableReader(file, "ticket", TicketConfigError)


def _lines(r: TableReader, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise r.fail("lines", "printer.config.not_line_list")
    seen: set[str] = set()
    for i, name in enumerate(value):
        if name not in KNOWN_LINES:
            raise r.fail(f"lines[{i}]", "printer.config.unknown_line", value=name,
                         choices=", ".join(sorted(KNOWN_LINES)))
        if name in seen and name not in REPEATABLE:
            raise r.fail(f"lines[{i}]", "printer.config.repeated_line", value=name)
        seen.add(name)
    if "number" not in seen:
        raise r.fail("lines", "printer.config.number_missing")
    return tuple(value)


def _sizes(r: TableReader, raw: Any, width: int) -> dict[str, int]:
    limits = {name: SIZE_LIMITS.get(name, TEXT_SIZE_LIMITS) for name in DEFAULT_SIZES_576}
    keys = [Key(name, size, minimum=limits[name][0], maximum=limits[name][1])
            for name, size in default_sizes(width).items()]
    return r.read(raw, keys)


def _escpos(r: TableReader, raw: Any) -> EscposOptions:
    table = dict(r.table(raw, (k.name for k in ESCPOS_KEYS)))
    if isinstance(table.get("buzzer"), bool):  # ``buzzer = true`` means the usual two beeps
        table["buzzer"] = 2 if table["buzzer"] else 0
    return EscposOptions(**r.read(table, ESCPOS_KEYS))


def parse_ticket_config(raw: Mapping[str, Any] | None, *, width: int | None = None,
                        file: str = "centre.toml") -> TicketConfig:
    """Validate the ``[ticket]`` table *raw* (``None`` or ``{}`` gives the default ticket).

    *width* (dots), when given, overrides the paper width from the table: ``qms print-test --width``.
    Raises :class:`TicketConfigError` naming the key and the problem.
    """
    r = _reader(file)
    values = r.read(raw, TICKET_KEYS, extra=("layout", "escpos"))
    table = r.table(raw)
    if width is None:
        width = values["width_dots"] or PAPER_WIDTHS[values["paper"]]
    layout_reader = r.within("layout")
    layout = layout_reader.table(table.get("layout"), ("lines", "sizes"))
    lines = _lines(layout_reader, layout["lines"]) if "lines" in layout else LINE_KINDS
    logo_path = Path(values["logo"]) if values["logo"] else None
    if logo_path is not None and not logo_path.is_file():
        raise r.fail("logo", "printer.config.no_file", value=str(logo_path))
    return TicketConfig(
        width=width,
        language=values["language"],
        lines=lines,
        sizes=_sizes(layout_reader.within("sizes"), layout.get("sizes"), width),
        qr_url=values["qr_url"],
        footer=values["footer"],
        logo=logo_path,
        escpos=_escpos(r.within("escpos"), table.get("escpos")),
    )
