"""The kiosk's sizes in millimetres of the panel and its style sheet, on top of the shared theme.

Everything a citizen touches is at least ``TOUCH_MM`` (25 mm) in both directions on the actual panel;
text is sized by the height of its capital letters, large enough to read from a step back without
glasses. Colours come from ``client.ui.theme.Palette`` (every pair ≥ 7:1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from client.ui.metrics import MM_PER_INCH, Metrics
from client.ui.theme import DEFAULT, Palette

TOUCH_MM = 25.0


@dataclass(frozen=True)
class Look:
    """Pixel sizes for one panel."""

    metrics: Metrics
    palette: Palette = DEFAULT

    def touch(self) -> int:
        """The smallest side of anything a citizen taps (rounded up: 94.5 px is not 25 mm)."""
        return math.ceil(TOUCH_MM * self.metrics.dpi / MM_PER_INCH)

    def field_button_height(self) -> int:
        """A field's button: a touch target with two lines of large text."""
        return self.metrics.mm(30)

    def text(self, cap_mm: float) -> int:
        """Font pixel size for capitals *cap_mm* tall."""
        return self.metrics.text_px(cap_mm)

    def style_sheet(self) -> str:
        """The kiosk's own rules (object names and ``role`` properties pick them)."""
        p, m, t = self.palette, self.metrics.mm, self.text
        return f"""
#kiosk_window {{ background: {p.background}; }}
#header {{ background: {p.primary}; }}
#header QLabel {{ color: {p.primary_text}; }}
#centre_name {{ font-size: {t(4.5)}px; font-weight: bold; }}
#clock {{ font-size: {t(5)}px; font-weight: bold; }}
#date {{ font-size: {t(3)}px; }}
QPushButton#language {{ background: {p.surface}; color: {p.surface_text}; font-size: {t(3.5)}px;
    font-weight: bold; border: {m(0.6)}px solid {p.surface}; min-height: {self.touch()}px;
    min-width: {m(45)}px; }}
#title {{ font-size: {t(5)}px; font-weight: bold; color: {p.text}; }}
QLabel[role="notice"] {{ background: {p.warning}; color: {p.warning_text}; font-size: {t(3.6)}px;
    font-weight: bold; padding: {m(2)}px; border: {m(0.6)}px solid {p.warning_text}; }}
QLabel[role="countdown"] {{ color: {p.muted_text}; font-size: {t(3.2)}px; }}
QPushButton[role="field"] {{ background: {p.primary}; border: {m(0.6)}px solid {p.primary};
    border-radius: {m(2.5)}px; padding: {m(2)}px {m(3)}px; min-height: {self.field_button_height()}px; }}
QPushButton[role="field"]:disabled {{ background: {p.disabled}; border: {m(0.6)}px dashed {p.disabled_text}; }}
QPushButton[role="field"] QLabel {{ color: {p.primary_text}; background: transparent; }}
QPushButton[role="field"] QLabel[dim="true"] {{ color: {p.disabled_text}; }}
QLabel[role="field_name"] {{ font-size: {t(4.6)}px; font-weight: bold; }}
QLabel[role="field_detail"] {{ font-size: {t(3.5)}px; }}
QPushButton[role="priority"] {{ background: {p.priority}; color: {p.priority_text};
    border: {m(0.6)}px solid {p.priority}; border-radius: {m(2.5)}px; padding: {m(2)}px {m(3)}px;
    min-height: {self.touch()}px; }}
QPushButton[role="priority"] QLabel {{ color: {p.priority_text}; background: transparent; }}
QPushButton[role="nav"] {{ background: {p.surface}; color: {p.surface_text}; font-size: {t(3.8)}px;
    font-weight: bold; border: {m(0.6)}px solid {p.primary}; border-radius: {m(2.5)}px;
    min-height: {self.touch()}px; min-width: {m(50)}px; }}
QPushButton[role="nav"]:disabled {{ color: {p.disabled_text}; background: {p.disabled};
    border: {m(0.6)}px dashed {p.disabled_text}; }}
QLabel[role="page"] {{ font-size: {t(3.6)}px; font-weight: bold; }}
QPushButton[role="done"] {{ font-size: {t(5)}px; font-weight: bold; min-height: {self.touch()}px;
    min-width: {m(70)}px; border-radius: {m(2.5)}px; }}
#number_label {{ font-size: {t(4.5)}px; font-weight: bold; color: {p.muted_text}; }}
#number {{ font-size: {t(38)}px; font-weight: bold; color: {p.text}; }}
#number[landscape="true"] {{ font-size: {t(31)}px; }}
#ticket_field {{ font-size: {t(6)}px; font-weight: bold; }}
#ticket_priority {{ background: {p.priority}; color: {p.priority_text}; font-size: {t(4)}px;
    font-weight: bold; padding: {m(1.5)}px {m(3)}px; }}
QLabel[role="ticket_line"] {{ font-size: {t(4.2)}px; }}
#qr_hint {{ font-size: {t(3)}px; color: {p.muted_text}; }}
#print_status {{ font-size: {t(4)}px; font-weight: bold; padding: {m(2)}px; }}
#print_status[trouble="true"] {{ background: {p.warning}; color: {p.warning_text};
    border: {m(0.8)}px solid {p.warning_text}; }}
#offline_title {{ font-size: {t(9)}px; font-weight: bold; color: {p.danger}; }}
#offline_text {{ font-size: {t(4.2)}px; }}
#offline_status {{ font-size: {t(3.5)}px; color: {p.muted_text}; }}
#scan_kind {{ font-size: {t(4.5)}px; font-weight: bold; color: {p.muted_text}; }}
#scan_title {{ font-size: {t(8)}px; font-weight: bold; color: {p.text}; }}
#scan_advice {{ font-size: {t(4.2)}px; font-weight: bold; padding: {m(3)}px; background: {p.surface};
    color: {p.surface_text}; border: {m(0.6)}px solid {p.primary}; border-radius: {m(2)}px; }}
#priority_title {{ font-size: {t(5.5)}px; font-weight: bold; }}
#priority_hint {{ font-size: {t(3.4)}px; color: {p.muted_text}; }}
QPushButton[role="kind"] {{ background: {p.priority}; color: {p.priority_text}; font-size: {t(5.5)}px;
    font-weight: bold; min-height: {m(32)}px; border-radius: {m(2.5)}px; }}
"""
