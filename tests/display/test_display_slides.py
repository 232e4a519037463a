"""The slideshow's pictures come from the server: ``[display] slides`` names files of ``<data>/slides``,
and a display started against that server shows them without any file on its own PC."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from client.api import ApiClient
from client.ui.metrics import Metrics
from display.runtime import DisplayRuntime
from tests.fakes.centre import make_centre
from tests.fakes.player import FakePlayer
from tests.fakes.server_process import ServerProcess

pytestmark = [pytest.mark.slow, pytest.mark.log_warnings]  # the missing picture is logged: checked below
TIMEOUT = 15000


def poster(folder: Path, name: str, colour: str) -> None:
    folder.mkdir(exist_ok=True)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    image.save(str(folder / name))


def test_a_display_shows_the_posters_kept_on_the_server(qtbot, tmp_path: Path, caplog):
    centre = make_centre(tmp_path / "data", "issue_interval_seconds = 0\n")
    with centre.data.config.open("a", encoding="utf-8") as config:
        config.write('\n[display]\nslides = ["huong-dan.png", "khong-co.png", "so-do-sanh.png"]\n')
    poster(centre.data.root / "slides", "huong-dan.png", "#ff0000")
    poster(centre.data.root / "slides", "so-do-sanh.png", "#00ff00")
    server = ServerProcess(centre.data, tmp_path / "server.log")
    server.start()
    try:
        api = ApiClient(server.url, centre.display, timeout=5.0)
        runtime = DisplayRuntime(api, Metrics(40), lambda _voice: (FakePlayer(), True), lambda: datetime.now(UTC),
                                 time.monotonic)
        qtbot.addWidget(runtime.window)
        with caplog.at_level(logging.WARNING):
            runtime.start()
            slides = runtime.window.slides
            qtbot.waitUntil(lambda: sorted(slides.images) == [0, 2], timeout=TIMEOUT)
            qtbot.waitUntil(lambda: "khong-co.png" in caplog.text, timeout=TIMEOUT)  # named, left out
        assert not slides.isHidden() and slides.slide_timer.isActive()
        assert slides.images[0].pixelColor(5, 5).name() == "#ff0000"
        runtime.stop()
    finally:
        server.stop()
