"""Physical sizes and the palette's contrast."""

from __future__ import annotations

import pytest

from client.ui.metrics import FALLBACK_DPI, Metrics
from client.ui.theme import AAA, DEFAULT, contrast


def test_millimetres_follow_the_panel_dpi():
    assert Metrics(96).mm(25.4) == 96
    assert Metrics(160).mm(25) == 157  # a 25 mm touch target on a dense kiosk panel


def test_a_screen_without_a_believable_dpi_falls_back(qtbot, monkeypatch):
    monkeypatch.delenv("QMS_DPI", raising=False)

    class Screen:
        def physicalDotsPerInch(self) -> float:
            return 3000.0

    assert Metrics.for_screen(Screen()).dpi == FALLBACK_DPI


def test_the_dpi_can_be_stated(qtbot, monkeypatch):
    monkeypatch.setenv("QMS_DPI", "141.2")
    assert Metrics.for_screen().dpi == pytest.approx(141.2)
    assert Metrics.for_screen(override=80).dpi == 80


def test_an_impossible_dpi_is_refused():
    with pytest.raises(ValueError):
        Metrics(0)


def test_contrast_of_black_on_white_is_21():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)


@pytest.mark.parametrize("name,background,text", DEFAULT.pairs())
def test_every_text_colour_reads_at_aaa_contrast(name, background, text):
    assert contrast(background, text) >= AAA, name


def test_a_large_tv_keeps_its_low_dpi():
    # 65-inch 1080p: 34 dpi; 160 mm is then 214 px, not the 605 px a 96-dpi guess would give
    assert Metrics(33.9).mm(160) == 214
