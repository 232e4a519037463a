"""The display's smaller parts: the ticker, the slideshow, the keys behind the administrator's gate, the
PC's settings file and the command line."""

from __future__ import annotations

import argparse
import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from assets.settings import ConfigError
from client.ui.settings import AppSettings
from display.app import overrides, window_size
from display.settings import SCHEMA
from display.slideshow import Slideshow
from display.ticker import Ticker


def test_the_ticker_runs_only_with_text(qtbot):
    ticker = Ticker(60)
    qtbot.addWidget(ticker)
    ticker.set_texts(())
    assert ticker.isHidden() and not ticker.ticker_timer.isActive()
    ticker.set_texts(("Giờ làm việc 7:00–17:00",))
    assert not ticker.isHidden() and ticker.ticker_timer.isActive()
    assert ticker.ticker_timer.interval() <= 40  # 25 frames a second or more: smooth to the eye


def test_the_ticker_enters_at_the_right_edge(qtbot):
    ticker = Ticker(0)
    qtbot.addWidget(ticker)
    ticker.set_texts(("Đường dây nóng",))
    assert ticker.offset(800) == 800


@pytest.mark.log_warnings
def test_the_slideshow_shows_the_pictures_it_could_read_and_turns_them(qtbot, tmp_path, caplog):
    for name, colour in (("a.png", "#ff0000"), ("b.png", "#00ff00")):
        image = QImage(40, 30, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        image.save(str(tmp_path / name))
    show = Slideshow(10)
    qtbot.addWidget(show)
    with caplog.at_level(logging.WARNING):
        show.load((str(tmp_path / "a.png"), str(tmp_path / "missing.png"), str(tmp_path / "b.png")))
    assert sorted(show.images) == [0, 2] and not show.isHidden()
    assert "missing.png" in caplog.text
    assert show.slide_timer.isActive() and show.slide_timer.interval() == 10_000
    first = show.current()
    show.next_slide()
    assert show.current() is not first


@pytest.mark.log_warnings
def test_no_readable_picture_means_no_picture_area(qtbot, tmp_path, caplog):
    show = Slideshow(10)
    qtbot.addWidget(show)
    show.load((str(tmp_path / "none.png"),))
    assert show.isHidden() and not show.slide_timer.isActive()
    assert "none.png" in caplog.text


@pytest.mark.parametrize(("key", "modifier", "purpose"), [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "exit"),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier, "exit"),
    (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier, "settings"),
    (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, "settings")])
def test_exit_and_set_up_keys_ask_for_the_administrator(qtbot, display, key, modifier, purpose):
    with qtbot.waitSignal(display.window.admin_requested) as asked:
        qtbot.keyClick(display.window, key, modifier)
    assert asked.args == [purpose]


def test_a_plain_q_does_not_close_the_display(qtbot, display):
    with qtbot.assertNotEmitted(display.window.admin_requested):
        qtbot.keyClick(display.window, Qt.Key.Key_Q)


def test_the_settings_file_of_the_display_is_checked(tmp_path):
    path = tmp_path / "display.toml"
    path.write_text('server = "http://10.0.0.2:8080"\nlayout = "sideways"\n', "utf-8")
    with pytest.raises(ConfigError) as raised:
        AppSettings("display", SCHEMA, path).load()
    assert raised.value.config_key == "layout"
    path.write_text('server = "http://10.0.0.2:8080"\nlayout = "portrait"\ndiagonal = 65\nsound = false\n', "utf-8")
    settings = AppSettings("display", SCHEMA, path).load()
    assert settings["layout"] == "portrait" and settings["diagonal"] == 65.0 and settings["sound"] is False


def test_command_line_options_override_the_file_for_one_run():
    args = argparse.Namespace(server="http://127.0.0.1:8080", key=None, screen=1, layout="portrait",
                              windowed=True, silent=True)
    assert overrides(args) == {"server": "http://127.0.0.1:8080", "screen": 1, "layout": "portrait",
                               "fullscreen": False, "sound": False}
    assert window_size("1600x900") == (1600, 900) and window_size(None) == (1280, 720)
