"""After "Hoàn thành" the citizen's rating appears on the screen chosen in the counter's settings, and
the answer is recorded on that ticket; with the setting off (the default) nothing appears."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from .harness import OFFSCREEN_SIZE_HINTS, TIMEOUT, click, counter_settings

pytestmark = [pytest.mark.slow, OFFSCREEN_SIZE_HINTS]


def test_finishing_asks_the_citizen_on_the_chosen_screen(qtbot, open_counter, kiosk, server, tmp_path) -> None:
    ticket = kiosk("DD")
    settings = counter_settings(tmp_path / "rated.toml", server, 1)
    settings.update({"rating_screen": 0})
    app = open_counter(1, settings=settings)
    rating = app.rating
    assert rating is not None and not rating.isVisible()
    assert rating.geometry() == QGuiApplication.screens()[0].geometry()
    click(qtbot, app, "call_next")
    click(qtbot, app, "start")
    assert not rating.isVisible()  # only after "Hoàn thành"
    click(qtbot, app, "finish")
    qtbot.waitUntil(rating.isVisible, timeout=TIMEOUT)
    assert ticket["label"] in rating.ticket_label.text() and "Nguyễn Văn An" in rating.header.text()
    with qtbot.waitSignal(rating.rated, timeout=TIMEOUT) as rated:
        qtbot.mouseClick(rating.answer_buttons["very_satisfied"], Qt.MouseButton.LeftButton)
    assert rated.args == ["very_satisfied"]
    recorded = server.events("rated")
    assert len(recorded) == 1 and recorded[0][0] == ticket["label"]
    assert json.loads(recorded[0][3])["answer"] == "very_satisfied"


def test_without_a_rating_screen_nothing_is_asked(qtbot, open_counter, kiosk) -> None:
    kiosk("DD")
    app = open_counter(1)
    assert app.settings["rating_screen"] == -1 and app.rating is None
    for action in ("call_next", "start", "finish"):
        click(qtbot, app, action)
    assert app.rating is None and app.desk.current is None


def test_a_rating_screen_this_pc_does_not_have_is_said(qtbot, open_counter, server, tmp_path) -> None:
    settings = counter_settings(tmp_path / "missing.toml", server, 1)
    settings.update({"rating_screen": 5})
    app = open_counter(1, settings=settings)
    assert app.rating is None
    assert app.window.message.text().startswith("Không có màn hình số 5 để công dân đánh giá")
