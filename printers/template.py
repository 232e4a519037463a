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


def _int(key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise TicketConfigError(key, "printer.config.not_int", value=value, low=lo, high=hi)
    return value


def _str(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TicketConfigError(key, "printer.config.not_text", value=value)
    return value


def _choice(key: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise TicketConfigError(key, "printer.config.not_choice", value=value, choices=", ".join(choices))
    return value


def _table(key: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TicketConfigError(key, "printer.config.not_table", value=value)
    return value


def _no_unknown(prefix: str, table: Mapping[str, Any], known: set[str]) -> None:
    for name in table:
        if name not in known:
            raise TicketConfigError(f"{prefix}.{name}", "printer.config.unknown_key", choices=", ".join(sorted(known)))


def _lines(value: Any) -> tuple[str, ...]:
    key = "ticket.layout.lines"
    if not isinstance(value, list) or not value:
        raise TicketConfigError(key, "printer.config.not_line_list")
    seen: set[str] = set()
    for i, name in enumerate(value):
        if name not in KNOWN_LINES:
            raise TicketConfigError(
                f"{key}[{i}]",
                "printer.config.unknown_line",
                value=name,
                choices=", ".join(sorted(KNOWN_LINES)),
            )
        if name in seen and name not in REPEATABLE:
            raise TicketConfigError(f"{key}[{i}]", "printer.config.repeated_line", value=name)
        seen.add(name)
    if "number" not in seen:
        raise TicketConfigError(key, "printer.config.number_missing")
    return tuple(value)


def _escpos(raw: Mapping[str, Any]) -> EscposOptions:
    prefix = "ticket.escpos"
    _no_unknown(prefix, raw, {"image_impl", "cut", "buzzer", "native_qr", "fragment_height"})
    base = EscposOptions()
    native_qr = raw.get("native_qr", base.native_qr)
    if not isinstance(native_qr, bool):
        raise TicketConfigError(f"{prefix}.native_qr", "printer.config.not_bool", value=native_qr)
    buzzer = raw.get("buzzer", base.buzzer)
    if isinstance(buzzer, bool):  # ``buzzer = true`` means the usual two beeps
        buzzer = 2 if buzzer else 0
    return EscposOptions(
        image_impl=_choice(f"{prefix}.image_impl", raw.get("image_impl", base.image_impl), IMAGE_IMPLS),
        cut=_choice(f"{prefix}.cut", raw.get("cut", base.cut), CUT_MODES),
        buzzer=_int(f"{prefix}.buzzer", buzzer, 0, 9),
        native_qr=native_qr,
        fragment_height=_int(f"{prefix}.fragment_height", raw.get("fragment_height", base.fragment_height), 8, 4096),
    )


def parse_ticket_config(raw: Mapping[str, Any] | None, *, width: int | None = None) -> TicketConfig:
    """Validate the ``[ticket]`` table *raw* (``None`` or ``{}`` gives the default ticket).

    *width* (dots), when given, overrides the paper width from the table: ``qms print-test --width``.
    Raises :class:`TicketConfigError` naming the key and the problem.
    """
    raw = _table("ticket", raw or {})
    _no_unknown("ticket", raw, {"paper", "width_dots", "language", "qr_url", "footer", "logo", "layout", "escpos"})
    if width is None:
        if "width_dots" in raw:
            width = _int("ticket.width_dots", raw["width_dots"], 128, 2048)
        else:
            width = PAPER_WIDTHS[_choice("ticket.paper", raw.get("paper", "80mm"), tuple(PAPER_WIDTHS))]
    layout = _table("ticket.layout", raw.get("layout", {}))
    _no_unknown("ticket.layout", layout, {"lines", "sizes"})
    lines = _lines(layout["lines"]) if "lines" in layout else LINE_KINDS
    sizes = default_sizes(width)
    raw_sizes = _table("ticket.layout.sizes", layout.get("sizes", {}))
    _no_unknown("ticket.layout.sizes", raw_sizes, set(DEFAULT_SIZES_576))
    for name, value in raw_sizes.items():
        lo, hi = SIZE_LIMITS.get(name, TEXT_SIZE_LIMITS)
        sizes[name] = _int(f"ticket.layout.sizes.{name}", value, lo, hi)
    logo = raw.get("logo")
    logo_path = Path(_str("ticket.logo", logo)) if logo else None
    if logo_path is not None and not logo_path.is_file():
        raise TicketConfigError("ticket.logo", "printer.config.no_file", value=str(logo_path))
    return TicketConfig(
        width=width,
        language=_choice("ticket.language", raw.get("language", "vi"), LANGUAGES),
        lines=lines,
        sizes=sizes,
        qr_url=_str("ticket.qr_url", raw.get("qr_url", "")),
        footer=_str("ticket.footer", raw.get("footer", "")),
        logo=logo_path,
        escpos=_escpos(_table("ticket.escpos", raw.get("escpos", {}))),
    )
