"""The counter PC's own keypad and LED sign (``device_port`` in its settings): a virtual bus on a
pseudo-terminal pair with the reference keypad and sign, the real server, the app logged in through its
login screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assets.texts import tr
from counter.app import CounterApp
from counter.hardware import CounterHardware
from devices.protocol import DISPLAY, Frame, encode
from devices.reference import ReferenceKeypad, ReferenceSign
from devices.virtual import VirtualBus

from .harness import OFFSCREEN_SIZE_HINTS, TIMEOUT, CounterCentre, click, counter_settings

pytestmark = OFFSCREEN_SIZE_HINTS
KEYPAD, SIGN = 0x01, 0x21


def told(virtual: VirtualBus, text: str) -> bool:
    """Whether the keypad was sent *text* for its display. (Its display itself may already show the next
    text: an error code stays until the app next paints the counter's state, at its next event.)"""
    return encode(Frame(KEYPAD, DISPLAY, text)) in virtual.received


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[tuple[VirtualBus, ReferenceKeypad, ReferenceSign]]:
    keypad, sign = ReferenceKeypad(KEYPAD), ReferenceSign(SIGN)
    virtual = VirtualBus(tmp_path / "ttyCOUNTER1", [keypad, sign])
    virtual.plug()
    yield virtual, keypad, sign
    virtual.unplug()


@pytest.fixture
def wired_counter(open_counter: Callable[..., CounterApp], server: CounterCentre, tmp_path: Path,
                  bus: tuple[VirtualBus, ReferenceKeypad, ReferenceSign]) -> CounterApp:
    settings = counter_settings(tmp_path / "counter-wired.toml", server, 1)
    settings.update({"device_port": bus[0].url, "keypad_address": KEYPAD, "sign_address": SIGN})
    return open_counter(1, settings=settings)


def message(app: CounterApp) -> str:
    assert app.window is not None
    return app.window.message.text()


def test_keypad_calls_through_the_officers_session_and_the_sign_shows_it(
        qtbot, wired_counter: CounterApp, kiosk, server: CounterCentre, bus):
    virtual, keypad, sign = bus
    first, second = kiosk("DD"), kiosk("DD")
    hardware = wired_counter.hardware
    assert hardware is not None
    qtbot.waitUntil(lambda: keypad.frames > 1, timeout=TIMEOUT)

    assert virtual.press(KEYPAD, "N")  # Gọi tiếp
    qtbot.waitUntil(lambda: sign.text == first["label"] and keypad.display == first["label"], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: wired_counter.desk.current and wired_counter.desk.current["label"] == first["label"],
                    timeout=TIMEOUT)
    assert [e[:3] for e in server.events("called")] == [(first["label"], 1, "nguyenvanan")]

    assert virtual.press(KEYPAD, "N")  # the next: the first is recorded as served (start, finish), then a call
    qtbot.waitUntil(lambda: sign.text == second["label"], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not hardware.busy, timeout=TIMEOUT)
    assert [e[0] for e in server.events("finished")] == [first["label"]]
    assert [e[0] for e in server.events("called")] == [first["label"], second["label"]]


def test_a_call_from_the_window_reaches_the_sign(qtbot, wired_counter: CounterApp, kiosk, bus):
    _virtual, keypad, sign = bus
    ticket = kiosk("DD")
    qtbot.waitUntil(lambda: keypad.frames > 1, timeout=TIMEOUT)
    click(qtbot, wired_counter, "call_next")
    qtbot.waitUntil(lambda: sign.text == ticket["label"], timeout=TIMEOUT)


def test_a_key_the_state_does_not_allow_changes_nothing_and_the_keypad_says_so(
        qtbot, wired_counter: CounterApp, server: CounterCentre, bus):
    virtual, keypad, _sign = bus
    qtbot.waitUntil(lambda: keypad.frames > 1, timeout=TIMEOUT)
    assert virtual.press(KEYPAD, "R")  # Gọi lại with nobody in hand
    qtbot.waitUntil(lambda: told(virtual, "E1"), timeout=TIMEOUT)
    assert server.events("recalled") == []


def test_a_refused_step_shows_the_servers_reason_and_e3(qtbot, wired_counter: CounterApp, bus):
    virtual, keypad, _sign = bus
    qtbot.waitUntil(lambda: keypad.frames > 1, timeout=TIMEOUT)
    assert virtual.press(KEYPAD, "99N")  # call number 99, which nobody holds
    qtbot.waitUntil(lambda: told(virtual, "E3"), timeout=TIMEOUT)
    assert wired_counter.hardware is not None and wired_counter.hardware.refusals == 1
    assert message(wired_counter)


@pytest.mark.log_warnings  # the bus logs the failed port as a warning: checked below
def test_a_port_unplugged_and_replugged_is_told_to_the_officer_and_calls_again(
        qtbot, wired_counter: CounterApp, kiosk, bus, caplog):
    virtual, keypad, sign = bus
    qtbot.waitUntil(lambda: keypad.frames > 1, timeout=TIMEOUT)
    virtual.unplug()
    lost = tr("devices.report.port_down", "vi", port=virtual.url)
    qtbot.waitUntil(lambda: message(wired_counter) == lost, timeout=TIMEOUT)
    assert f"{virtual.url}: port failed" in caplog.text
    virtual.plug()
    qtbot.waitUntil(lambda: message(wired_counter) == tr("devices.report.port_up", "vi", port=virtual.url),
                    timeout=TIMEOUT)
    ticket = kiosk("DD")
    assert virtual.press(KEYPAD, "N")
    qtbot.waitUntil(lambda: sign.text == ticket["label"], timeout=TIMEOUT)


def test_a_dead_keypad_is_told_to_the_officer(qtbot, open_counter, bus):
    virtual, _keypad, _sign = bus
    app = open_counter(2, "tranthibinh")
    assert app.hardware is None  # no port in its settings: no hardware
    settings = app.settings
    settings.update({"device_port": virtual.url, "keypad_address": 0x09, "sign_address": SIGN})
    hardware = CounterHardware(app.api, app.session, 2, settings, "vi", dead_seconds=0.3)
    shown: list[tuple[str, str]] = []
    hardware.message.connect(lambda kind, text: shown.append((kind, text)))
    hardware.start()
    try:
        dead = tr("devices.report.dead_keypad", "vi", address="09", counter=2, port=virtual.url)
        qtbot.waitUntil(lambda: ("error", dead) in shown, timeout=TIMEOUT)
    finally:
        hardware.stop()


def test_a_port_that_never_opens_is_told_to_the_officer(qtbot, open_counter, tmp_path: Path):
    app = open_counter(2, "tranthibinh")
    app.settings.update({"device_port": str(tmp_path / "no-such-port"), "keypad_address": KEYPAD})
    hardware = CounterHardware(app.api, app.session, 2, app.settings, "vi")
    shown: list[tuple[str, str]] = []
    hardware.message.connect(lambda kind, text: shown.append((kind, text)))
    hardware.start()
    try:
        hardware.port_timer.timeout.emit()  # the grace period is over
        assert shown == [("error", tr("counter.device_port_silent", "vi", port=str(tmp_path / "no-such-port")))]
    finally:
        hardware.stop()


def test_a_keypad_the_bridge_finds_dead_is_told_at_its_counter_pc(qtbot, open_counter, server: CounterCentre):
    import httpx

    app = open_counter(1)
    notices: list[str] = []
    app.desk.notice.connect(notices.append)
    mine = {"port": "/dev/ttyUSB0", "address": 8, "kind": "keypad", "counter": 1, "alive": False}
    other = {**mine, "address": 9, "counter": 2}
    for body in (mine, other, {**mine, "alive": True}):  # as qms bridge reports it, with its display key
        r = httpx.post(f"{server.url}/api/v1/hardware/health", json=body, timeout=10,
                       headers={"Authorization": f"Bearer {server.centre.display}"})
        assert r.status_code == 204
    qtbot.waitUntil(lambda: len(notices) == 2, timeout=TIMEOUT)
    values = {"address": "08", "counter": 1, "port": "/dev/ttyUSB0"}
    assert notices == [tr("devices.report.dead_keypad", "vi", **values),
                       tr("devices.report.alive_keypad", "vi", **values)]  # counter 2's keypad is not its news
    assert app.window.notice.text() == notices[-1]
