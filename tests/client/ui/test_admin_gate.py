"""The administrator's gate against the real server: only an admin's right PIN opens it."""

from __future__ import annotations

import pytest

from client.ui.admin_gate import AdminGate
from tests.fakes.centre import OFFICERS, PINS

pytestmark = pytest.mark.slow


@pytest.fixture
def server(server_factory):
    return server_factory()[0]


def attempt(qtbot, server, username: str, pin: str) -> AdminGate:
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
    gate.username.setText("admin")
    gate.pin.setText(PINS["admin"])
    with qtbot.waitSignal(gate.granted, timeout=10000) as granted:
        gate.check()
    assert granted.args == ["admin"]


def test_a_wrong_pin_keeps_it_shut(qtbot, server):
    gate = attempt(qtbot, server, "admin", "000000")
    assert gate.message.text() and gate.pin.text() == ""
    assert gate.result() != AdminGate.DialogCode.Accepted


def test_an_officer_cannot_open_it(qtbot, server):
    gate = attempt(qtbot, server, OFFICERS[0], PINS[OFFICERS[0]])
    assert "quản trị" in gate.message.text()
