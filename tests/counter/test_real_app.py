"""The real ``qms counter`` process on a virtual X screen: first run from the command line, the login
screen drawn with the centre's counters, the machine's settings kept."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from client.ui.settings import AppSettings
from counter.settings import SCHEMA
from tests.fakes.xvfb import Xvfb, available

from .harness import TIMEOUT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="Xvfb is not installed")]


def test_qms_counter_starts_on_a_real_screen_at_its_login(qtbot, server, tmp_path) -> None:
    config = tmp_path / "config"
    errors = tmp_path / "counter.err"
    with Xvfb(1280, 800) as screen, errors.open("wb") as err:
        app = subprocess.Popen([sys.executable, "-m", "qms", "counter", "--server", server.url, "--counter", "2"],
                               env=screen.env(QMS_CONFIG_DIR=str(config)), stdout=subprocess.DEVNULL, stderr=err)
        try:
            def drawn() -> bool:
                image = QImage(str(screen.grab(tmp_path / "screen.png")))
                # the login button is drawn in the theme's primary blue
                return any(image.pixelColor(x, y).name() == "#0b3a75"
                           for x in range(0, image.width(), 4) for y in range(0, image.height(), 4))

            qtbot.waitUntil(drawn, timeout=TIMEOUT * 2)
            assert app.poll() is None, errors.read_text("utf-8", "replace")
        finally:
            app.terminate()
            app.wait(10)
    # The login screen asked the server for the counters (no credential) as soon as it was up: requests
    # that went well are summed up in the access log once a minute and when the server stops ("200 ×1"),
    # except a slow one (a loaded machine), which is logged on its own with its time ("200 1099.4ms").
    server.stop()
    assert "GET /api/v1/public/counters 200 " in server.log.read_text("utf-8", "replace")
    kept = AppSettings("counter", SCHEMA, path=config / "counter.toml").load()
    assert kept["server"] == server.url and kept["counter"] == 2
