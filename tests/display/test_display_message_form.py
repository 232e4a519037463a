"""The administrator's message form behind the display's gate, against the real server: what the
administrator puts up appears on a running display, taking it down removes it, and the token the gate
handed over is logged out when the form closes."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

import httpx
import pytest
from PySide6.QtCore import Qt

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream
from client.session import ServerSession
from client.ui.admin_gate import AdminGate
from client.ui.message_form import MessageForm
from client.ui.metrics import Metrics
from display.runtime import DisplayRuntime
from tests.fakes.centre import PINS
from tests.fakes.player import FakePlayer

pytestmark = pytest.mark.slow
TIMEOUT = 15000


def admin_token(qtbot, url: str) -> str:
    """Through the gate, as the administrator types it."""
    gate = AdminGate(url, purpose="message", keep_token=True)
    qtbot.addWidget(gate)
    gate.username.setText("admin")
    gate.pin.setText(PINS["admin"])
    with qtbot.waitSignal(gate.granted_token, timeout=TIMEOUT) as granted:
        gate.check()
    assert granted.args[0] == "admin"
    return granted.args[1]


def test_a_message_typed_in_the_form_appears_on_the_display_and_goes_away(qtbot, server_factory):
    server, centre = server_factory()
    api = ApiClient(server.url, centre.display, timeout=5.0)
    session = ServerSession(api, stream=EventStream(api, Backoff(base=0.05, cap=0.2, rng=random.Random(1))))
    runtime = DisplayRuntime(api, Metrics(40), lambda _voice: (FakePlayer(), True), lambda: datetime.now(UTC),
                             time.monotonic, session=session)
    qtbot.addWidget(runtime.window)
    runtime.start()
    qtbot.waitUntil(lambda: session.online, timeout=TIMEOUT)
    band = runtime.window.message

    token = admin_token(qtbot, server.url)
    form = MessageForm(server.url, token)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.current.text() != "", timeout=TIMEOUT)
    assert form.current.text() == "Hiện không có thông báo nào."

    form.text.setText("Hệ thống tạm dừng 10 phút")
    form.minutes.setValue(10)
    qtbot.mouseClick(form.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not band.isHidden(), timeout=TIMEOUT)
    assert "Hệ thống tạm dừng 10 phút" in band.text()
    qtbot.waitUntil(lambda: form.current.text().startswith("Đang hiện đến "), timeout=TIMEOUT)
    assert form.answer.text() == "Đã đăng: mọi màn hình đang hiện thông báo này."

    qtbot.mouseClick(form.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(band.isHidden, timeout=TIMEOUT)
    # the display hears the clearing on its stream, the form from its own answer: either may come first
    qtbot.waitUntil(lambda: form.current.text() == "Hiện không có thông báo nào.", timeout=TIMEOUT)

    form.reject()  # closing the form gives the token back
    qtbot.waitUntil(lambda: httpx.get(f"{server.url}/api/v1/display/message", timeout=10,
                                      headers={"Authorization": f"Bearer {token}"}).status_code == 401,
                    timeout=TIMEOUT)
    runtime.stop()


def test_an_empty_message_is_refused_in_the_form_and_nothing_is_sent(qtbot, server_factory):
    server, _centre = server_factory()
    form = MessageForm(server.url, admin_token(qtbot, server.url))
    qtbot.addWidget(form)
    form.text.setText("   ")
    form.post()
    assert form.answer.text() == "Hãy nhập nội dung thông báo." and not form.busy
    answer = httpx.get(f"{server.url}/api/v1/display/message", timeout=10,
                       headers={"Authorization": f"Bearer {form.api.token}"})
    assert answer.json() == {"message": None}


def test_f3_on_the_display_asks_the_gate_for_the_message_form(qtbot, display):
    window = display.runtime.window
    with qtbot.waitSignal(window.admin_requested, timeout=TIMEOUT) as asked:
        qtbot.keyClick(window, Qt.Key.Key_F3)
    assert asked.args == ["message"]
