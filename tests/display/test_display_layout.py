"""One layout for every screen: sizes in millimetres of the panel, fitted to its width; the [display] table."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics

from assets.settings import ConfigError
from client.ui.fonts import font
from client.ui.metrics import Metrics
from display.call_banner import CallBanner
from display.calls import ShownCall
from display.config import DisplayConfig
from display.layout import panel_dpi, plan

CALL = ShownCall(1, "1005", 3, "DD", "called", "2025-03-03T08:00:00+07:00")


def digits_mm(qtbot, width: int, height: int, inches: float, counter: int = 3) -> float:
    """How tall the newest call's digits are on the panel, as the banner draws them."""
    metrics = Metrics(panel_dpi(width, height, inches))
    p = plan(width, height, metrics)
    banner = CallBanner()
    qtbot.addWidget(banner)
    banner.resize(width, p.call_h)
    banner.set_sizes(p.call_font_px, p.border_px)
    banner.set_call(ShownCall(1, "1005", counter, "DD", "called", CALL.at))
    scale = banner.fitted_scale(width - 5 * p.border_px)
    return metrics.px_to_mm(QFontMetrics(font(round(p.call_font_px * scale), True)).capHeight())


def test_a_55_inch_tv_shows_the_call_about_160_mm_tall_at_1080p_and_at_4k(qtbot):
    full_hd, uhd = digits_mm(qtbot, 1920, 1080, 55), digits_mm(qtbot, 3840, 2160, 55)
    assert 140 <= full_hd <= 165
    assert uhd == pytest.approx(full_hd, abs=2)


def test_a_larger_tv_keeps_160_mm_and_a_smaller_one_shrinks_to_fit(qtbot):
    assert digits_mm(qtbot, 1920, 1080, 75) == pytest.approx(160, abs=4)
    assert digits_mm(qtbot, 1920, 1080, 32) < 100


def test_portrait_fits_the_line_into_the_narrow_width(qtbot):
    assert 60 <= digits_mm(qtbot, 1080, 1920, 55) <= 100


def test_a_two_digit_counter_still_fits_on_one_line(qtbot):
    assert digits_mm(qtbot, 1920, 1080, 55, counter=12) < digits_mm(qtbot, 1920, 1080, 55)


def test_the_parts_of_the_screen_add_up_to_its_height():
    for width, height in ((1920, 1080), (3840, 2160), (1080, 1920)):
        p = plan(width, height, Metrics(panel_dpi(width, height, 55)))
        assert p.rest_h >= 4 * p.row_h + p.title_font_px * 2
        assert p.portrait == (height > width)


def test_the_display_table_is_read_with_its_defaults():
    config = DisplayConfig.from_table({"ticker": "Đường dây nóng 1900 1234", "recent_calls": 4})
    assert config.ticker == ("Đường dây nóng 1900 1234",)
    assert config.recent_calls == 4 and config.highlight_seconds == 6.0


@pytest.mark.parametrize(("table", "key"), [({"recent_calls": 0}, "display.recent_calls"),
                                            ({"recent_calls": 2.5}, "display.recent_calls"),
                                            ({"highlight_seconds": True}, "display.highlight_seconds"),
                                            ({"ticker": [1, 2]}, "display.ticker"),
                                            ({"colour": "red"}, "display.colour")])
def test_a_bad_display_value_is_named_in_both_languages(table, key):
    with pytest.raises(ConfigError) as raised:
        DisplayConfig.from_table(table)
    vi, en = raised.value.message("vi"), raised.value.message("en")
    assert key in vi and key in en and vi != en


@pytest.mark.log_warnings
def test_a_bad_display_table_leaves_the_display_running_on_its_defaults(display, caplog):
    config = dict(display.runtime.config)
    config["tables"] = {"display": {"recent_calls": 99}, "voice": {}}
    display.runtime.configure(config)
    assert display.window.config == DisplayConfig()
    assert any("display.recent_calls" in p for p in display.runtime.problems)
    assert "display.recent_calls" in caplog.text
