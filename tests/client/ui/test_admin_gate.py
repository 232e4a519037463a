"""The administrator's gate against the real server: only an admin's right PIN opens it."""

from __future__ import annotations

import pytest

from client.ui.admin_gate import AdminGate

from ..real_server import RealServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    real = RealServer(tmp_path_factory.mktemp("gate") / "centre")
    real.start()
    yield real
    real.stop()


def attempt(qtbot, server, username: str, pin: str) -> AdminGate:
    qtbot.waitUntil(server.up, timeout=20000)
    gate = AdminGate(server.url)
    qtbot.addWidget(gate)
    gate.username.setText(username)
    gate.pin.setText(pin)
    gate.check()
    assert gate.busy
    qtbot.waitUntil(lambda: not gate.busy, timeout=10000)
    return gate


def test_an_administrator_opens_the_gate(qtbot, server):
    gate = AdminGate(server.url)
    qtbot.addWidget(gate)
    qtbot.waitUntil(server.up, timeout=20000)
    gate.username.setText("admin")
    gate.pin.setText(server.pins["admin"])
    with qtbot.waitSignal(gate.granted, timeout=10000) as granted:
        gate.check()
    assert granted.args == ["admin"]


def test_a_wrong_pin_keeps_it_shut(qtbot, server):
    gate = attempt(qtbot, server, "admin", "000000")
    assert gate.message.text() and gate.pin.text() == ""
    assert gate.result() != AdminGate.DialogCode.Accepted


def test_an_officer_cannot_open_it(qtbot, server):
    officer = next(name for name in server.pins if name != "admin")
    gate = attempt(qtbot, server, officer, server.pins[officer])
    assert "quản trị" in gate.message.text()
