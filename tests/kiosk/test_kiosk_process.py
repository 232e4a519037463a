"""The real ``qms kiosk`` process on a virtual X server (xcb, as on a kiosk PC) draws its home screen."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from PySide6.QtGui import QImage

from tests.fakes.xvfb import Xvfb, available

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="Xvfb is not installed")]

PRIMARY = "#0b3a75"  # the field buttons (and the header)


def field_buttons_drawn(image: QImage) -> bool:
    """Enough of the field buttons' blue below the header: the home screen, not the offline one."""
    samples = [image.pixelColor(x, y).name() for x in range(0, image.width(), 16)
               for y in range(300, min(image.height(), 900), 16)]
    return samples.count(PRIMARY) > len(samples) // 4


def test_the_real_kiosk_draws_its_home_screen(server, tmp_path):
    with Xvfb(1920, 1080) as screen:
        env = screen.env(QMS_CONFIG_DIR=str(tmp_path / "config"), QMS_LANG="vi")
        app = subprocess.Popen(
            [sys.executable, "-m", "qms", "kiosk", "--server", server.url, "--key", server.kiosk_key, "--windowed",
             "--printer", f"virtual://{tmp_path / 'tickets'}"], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            drawn = False
            while not drawn and time.monotonic() < deadline:
                assert app.poll() is None, app.stdout.read().decode("utf-8", "replace")
                # each grab is a process of its own, so this loop is paced by real work, not a sleep
                drawn = field_buttons_drawn(QImage(str(screen.grab(tmp_path / "screen.png"))))
        finally:
            app.kill()
            app.wait(10)
            app.stdout.close()
    assert drawn, "the kiosk's home screen never appeared"
