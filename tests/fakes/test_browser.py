"""The headless Chromium harness loads a page, runs its script and saves a screenshot."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from tests.fakes.browser import available, chromium

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="chromium-driver is not installed")]


def test_a_page_is_loaded_scripted_and_photographed(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<body style='margin:0;background:#0b3a75'><p id='x'></p>"
                    "<script>document.getElementById('x').textContent = 'Xin chào'</script></body>", "utf-8")
    browser = chromium(640, 480)
    try:
        browser.get(page.as_uri())
        assert browser.find_element("css selector", "#x").text == "Xin chào"
        browser.save_screenshot(str(tmp_path / "shot.png"))
    finally:
        browser.quit()
    image = QImage(str(tmp_path / "shot.png"))
    assert image.width() == 640 and image.pixelColor(5, image.height() - 5).name() == "#0b3a75"
