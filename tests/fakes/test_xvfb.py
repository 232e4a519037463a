"""The virtual X server harness draws and grabs a real window."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.fakes.xvfb import Xvfb, available

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="Xvfb is not installed")]

WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtCore import QTimer
app = QApplication(sys.argv[:1])
label = QLabel("Xin chào"); label.setStyleSheet("background: #0b3a75"); label.resize(400, 300); label.show()
QTimer.singleShot(100, lambda: print("shown", flush=True))
app.exec()
"""


def test_a_real_window_is_drawn_and_grabbed(tmp_path):
    with Xvfb(800, 600) as screen:
        app = subprocess.Popen([sys.executable, "-c", WINDOW], env=screen.env(), stdout=subprocess.PIPE,
                               text=True)
        try:
            assert app.stdout.readline().strip() == "shown"
            image = QImage(str(screen.grab(tmp_path / "screen.png")))
        finally:
            app.kill()
            app.wait(10)
            app.stdout.close()
    assert image.width() == 800
    colours = {image.pixelColor(x, y).name() for x in range(0, 400, 20) for y in range(0, 300, 20)}
    assert "#0b3a75" in colours
