"""The wall display's sizes, from the panel's size in millimetres, for any resolution and orientation.

One layout serves a 1080p or 4K TV, landscape or portrait: every size is a length on the panel (metres
away, a citizen reads millimetres, not pixels), capped by the share of the screen it may take. On a
55-inch TV (1218 × 685 mm) the newest call's digits are 160 mm tall and the tables' rows have 22 mm
capitals; a smaller panel shrinks the same layout to fit; a larger one keeps those sizes and shows more
rows. Pure arithmetic over :class:`client.ui.metrics.Metrics`, so tests state the DPI.
"""

from __future__ import annotations

from dataclasses import dataclass

from client.ui.metrics import Metrics

CALL_DIGITS_MM = 160.0  # capital/digit height of the newest call on a 55-inch TV
ROW_CAP_MM = 22.0  # capitals of the tables' rows: legible from 12 m
TITLE_CAP_MM = 14.0  # panel titles, the date and clock line
CAP = 0.714  # Noto Sans: capital height / em
CALL_BAND_EM = 1.42  # height of the newest call's band, in ems of its digits


@dataclass(frozen=True)
class Plan:
    """Pixel sizes of one screen's layout."""

    width: int
    height: int
    portrait: bool
    header_h: int
    message_h: int
    call_h: int  # the newest call's band (its line and the line under it)
    call_font_px: int  # font pixel size of "1005 → Quầy 3" before fitting the width
    ticker_h: int
    row_font_px: int
    row_h: int
    title_font_px: int
    header_font_px: int
    border_px: int
    margin_px: int

    @property
    def rest_h(self) -> int:
        """Height left for the tables when the message band is shown (it is taken from the tables)."""
        return self.height - self.header_h - self.call_h - self.ticker_h - self.message_h


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def plan(width: int, height: int, metrics: Metrics, portrait: bool | None = None, ticker: bool = True) -> Plan:
    """The layout of a *width* × *height* screen (portrait when taller than wide, unless stated)."""
    if portrait is None:
        portrait = height > width
    mm, text_px = metrics.mm, metrics.text_px
    header_h = clamp(mm(45), round(height * 0.04), round(height * (0.045 if portrait else 0.07)))
    ticker_h = clamp(mm(40), round(height * 0.035), round(height * (0.04 if portrait else 0.06))) if ticker else 0
    message_h = clamp(mm(55), round(height * 0.05), round(height * (0.055 if portrait else 0.085)))
    # The newest call: digits of CALL_DIGITS_MM, but no more than its share of the height. Its band is
    # 1.42 em: the line (marks above the capitals, the tail of "y" below) about 1 em, the line under it
    # 0.3 em, the border and padding the rest.
    call_font_px = text_px(CALL_DIGITS_MM)
    call_share = 0.26 if portrait else 0.48
    call_font_px = min(call_font_px, round(height * call_share / CALL_BAND_EM))
    call_h = round(call_font_px * CALL_BAND_EM)
    rest = height - header_h - call_h - ticker_h - message_h
    # Rows of the tables: 22 mm capitals, but at least five rows (a title and four) must fit a column.
    row_font_px = min(text_px(ROW_CAP_MM), round(rest / (6 if portrait else 5.6) / 1.45))
    row_h = round(row_font_px * 1.45)
    title_font_px = min(text_px(TITLE_CAP_MM), round(row_font_px * 0.7))
    header_font_px = min(text_px(TITLE_CAP_MM * 1.2), round(header_h * 0.5))
    return Plan(width=width, height=height, portrait=portrait, header_h=header_h, message_h=message_h,
                call_h=call_h, call_font_px=call_font_px, ticker_h=ticker_h, row_font_px=row_font_px,
                row_h=row_h, title_font_px=title_font_px, header_font_px=header_font_px,
                border_px=max(4, round(call_font_px * 0.045)), margin_px=max(8, round(row_font_px * 0.4)))


def panel_dpi(width_px: int, height_px: int, diagonal_inches: float) -> float:
    """The DPI of a panel of *diagonal_inches* at this resolution (TVs often report no size of their own)."""
    return (width_px ** 2 + height_px ** 2) ** 0.5 / diagonal_inches
