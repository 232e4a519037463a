"""A scanner at the counter (``scanner_port``): a citizen's ticket QR scanned there calls that number to
this counter, through the real server; anything else is refused in the message line and calls nothing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter.app import CounterApp
from counter.scanning import CounterScanner, make_scanner
from devices.scanners import SerialScanner, WedgeScanner

from .harness import OFFSCREEN_SIZE_HINTS, TIMEOUT, CounterCentre, answer, counter_settings

pytestmark = [pytest.mark.slow, OFFSCREEN_SIZE_HINTS]
UNKNOWN_TOKEN = "Zb3kQ9pX2mW7aR4tY8nV1cQe"  # the shape of a ticket token, of no ticket here


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


@pytest.fixture
def scanning_counter(open_counter: Callable[..., CounterApp], server: CounterCentre, tmp_path: Path,
                     pty: tuple[int, str]) -> CounterApp:
    settings = counter_settings(tmp_path / "counter-scanner.toml", server, 1)
    settings.update({"scanner_port": pty[1]})
    return open_counter(1, settings=settings)  # its port's thread is stopped with the app (conftest)


def test_scanner_port_picks_the_kind_of_scanner() -> None:
    assert make_scanner("") is None
    assert isinstance(make_scanner("keyboard"), WedgeScanner)
    assert isinstance(make_scanner("/dev/ttyACM0"), SerialScanner)


def test_a_scanned_ticket_is_called_to_this_counter_out_of_turn(qtbot, kiosk, scanning_counter: CounterApp,
                                                                pty: tuple[int, str]) -> None:
    app, (master, _path) = scanning_counter, pty
    assert isinstance(app.scanner, CounterScanner)
    first = kiosk("DD")
    second = answer(qtbot, kiosk.api.issue_ticket("DD"))  # the citizen at the desk holds the second ticket
    qtbot.waitUntil(app.scanner.scanner.connected.is_set, timeout=TIMEOUT)

    os.write(master, (second["status_url"] + "\r\n").encode())
    qtbot.waitUntil(lambda: app.desk.current is not None, timeout=TIMEOUT)
    assert app.desk.current["label"] == second["ticket"]["label"]
    assert app.window.ticket.number.text() == second["ticket"]["label"]
    # the first still waits its turn (the desk's list follows the stream: wait for it to say so)
    qtbot.waitUntil(lambda: [t["label"] for t in app.desk.waiting] == [first["label"]], timeout=TIMEOUT)


def test_codes_that_are_no_ticket_here_call_nothing(qtbot, kiosk, server: CounterCentre,
                                                    scanning_counter: CounterApp, pty: tuple[int, str]) -> None:
    app, (master, _path) = scanning_counter, pty
    kiosk("DD")
    qtbot.waitUntil(app.scanner.scanner.connected.is_set, timeout=TIMEOUT)

    os.write(master, b"LH-2026-0042\r\n")  # a booking code
    qtbot.waitUntil(lambda: "LH-2026-0042" in app.window.message.text(), timeout=TIMEOUT)
    assert app.window.message.text() == "Mã vừa quét (LH-2026-0042) không phải mã QR của phiếu số thứ tự."

    os.write(master, f"{UNKNOWN_TOKEN}\r\n".encode())
    qtbot.waitUntil(lambda: "Không tìm thấy phiếu" in app.window.message.text(), timeout=TIMEOUT)
    assert app.desk.current is None
    assert server.events("called") == []  # nothing was called for either code
