"""The real ``qms display`` process on a virtual X screen, against the real server: it starts, shows the
live state, and draws a call made at a counter — on a PC with no audio device, silently."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time

import pytest
from PySide6.QtGui import QImage

from assets.texts import tr
from client.ui.theme import DEFAULT
from tests.fakes.xvfb import Xvfb, available

from .test_display_live import Officer, issue

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="Xvfb is not installed")]


def read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The next line the process prints, or fail after *timeout* seconds."""
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            raise AssertionError("the display printed nothing")
    return proc.stdout.readline()


def colours(image: QImage) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}


def test_qms_display_starts_on_x_and_draws_a_call_without_any_audio_device(qtbot, tmp_path, server_factory):
    server, centre = server_factory()
    errors = tmp_path / "stderr.txt"
    try:
        with Xvfb(1280, 720) as screen, errors.open("w") as err:
            # No sound server to reach: the PC has no audio output at all (a TV box without speakers).
            env = screen.env(QMS_CONFIG_DIR=str(tmp_path / "config"), PULSE_SERVER="unix:/nonexistent/pulse")
            proc = subprocess.Popen([sys.executable, "-m", "qms", "display", "--server", server.url,
                                     "--key", centre.display], env=env, stdout=subprocess.PIPE,
                                    stderr=err, text=True)
            try:
                ready = read_line(proc, 30)
                assert ready.startswith("Màn hình đã hiện số liệu"), ready
                before = QImage(str(screen.grab(tmp_path / "before.png")))
                assert DEFAULT.hall in colours(before) and DEFAULT.highlight not in colours(before)
                issue(server, centre, 1)
                Officer(server, "nguyenvanan", 1).post("/call-next")
                deadline = time.monotonic() + 20
                while True:  # the call is drawn: the highlight colour appears (in either half of the flash)
                    image = QImage(str(screen.grab(tmp_path / "after.png")))
                    if DEFAULT.highlight in colours(image) or time.monotonic() > deadline:
                        break
                assert DEFAULT.highlight in colours(image)
                assert image.width() == 1280 and proc.poll() is None
            finally:
                proc.terminate()
                proc.wait(15)
                proc.stdout.close()
    finally:
        server.stop()
    assert not os.path.exists(tmp_path / "config" / "display.toml")  # command-line options are not saved
    assert tr("display.no_audio", "vi") in errors.read_text("utf-8")  # said once, then silent
