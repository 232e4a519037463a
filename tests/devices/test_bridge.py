"""The bridge end to end: keypad presses on a virtual bus call numbers on the real server; the counter's
sign and the hall board show every call from the event stream; garbage never acts; a replugged port and
a silent keypad are handled."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.bridge import ERR_LOGIN, ERR_NOT_LOGGED_IN, LOGGED_OUT
from devices.protocol import Frame, encode
from tests.fakes.waiting import wait_until

from .bridge_rig import Centre, RunningServer

pytestmark = pytest.mark.slow


@pytest.fixture
def centre(server: RunningServer, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Centre]:
    rig = Centre(server, tmp_path, getattr(request, "param", [1]))
    yield rig
    rig.close()


def settled(centre: Centre, runner) -> None:
    wait_until(lambda: runner.bridge.ready.is_set() or runner.error, timeout=20, what="the bridge")
    assert runner.error is None, runner.error
    wait_until(lambda: all(k.frames > 1 for k in centre.keypads.values()), what="keypads polled")


def test_a_keypad_press_calls_the_next_number_and_the_sign_shows_it(centre: Centre):
    runner = centre.bridge()
    try:
        settled(centre, runner)
        label = centre.issue("DD")
        press = centre.login(1)
        wait_until(lambda: centre.counter(1)["officer"] == "nguyenvanan", what="the keypad login")
        press("N")
        wait_until(lambda: centre.signs[1].text == label, what="the number on counter 1's sign")
        assert centre.counter(1)["ticket"]["label"] == label
        assert encode(Frame(0x21, "S", label)) in centre.virtual.received
        wait_until(lambda: centre.board.rows[0].startswith(label), what="the board")
        assert centre.board.rows[0] == label.ljust(15) + "1"
        wait_until(lambda: centre.keypads[1].display == label, what="the keypad's own display")
    finally:
        runner.close()


@pytest.mark.parametrize("centre", [[7, 11]], indirect=True)
def test_calls_from_a_counter_pc_show_on_the_signs_too_and_the_board_lists_the_last(centre: Centre):
    runner = centre.bridge()
    try:
        settled(centre, runner)
        first, second = centre.issue("KD"), centre.issue("YT")
        token = centre.http.post("/api/v1/auth/login", json={"username": "lehoangcuong", "counter": 7,
                                                             "pin": centre.server.pins["lehoangcuong"]}).json()["token"]
        r = centre.http.post("/api/v1/counters/7/call-next", headers={"Authorization": f"Bearer {token}"})
        assert r.json()["ticket"]["label"] == first
        wait_until(lambda: centre.signs[7].text == first, what="counter 7's sign")
        press = centre.login(11)
        press("N")
        wait_until(lambda: centre.signs[11].text == second, what="counter 11's sign")
        wait_until(lambda: [r.strip() for r in centre.board.rows[:2]] == [second.ljust(14) + "11",
                                                                         first.ljust(15) + "7"], what="the board")
        assert centre.signs[7].text == first  # the other counter's sign keeps its number
    finally:
        runner.close()


@pytest.mark.parametrize("centre", [[4]], indirect=True)
def test_a_wrong_pin_logs_nobody_in_and_calls_are_refused(centre: Centre):
    runner = centre.bridge()
    try:
        settled(centre, runner)
        centre.issue("HT")
        wait_until(lambda: centre.keypads[4].display == LOGGED_OUT, what="the login prompt")
        assert centre.virtual.press(4, "1*000000#")
        wait_until(lambda: centre.keypads[4].display == ERR_LOGIN, what="the login refused")
        assert centre.virtual.press(4, "N")
        wait_until(lambda: centre.keypads[4].display == ERR_NOT_LOGGED_IN, what="the call refused")
        assert centre.counter(4)["officer"] is None and centre.counter(4)["ticket"] is None
    finally:
        runner.close()


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
@pytest.mark.parametrize("centre", [[13]], indirect=True)
def test_garbage_and_forged_frames_on_the_bus_never_call(centre: Centre):
    runner = centre.bridge()
    try:
        settled(centre, runner)
        centre.issue("TH")
        centre.login(13)
        wait_until(lambda: centre.counter(13)["officer"] is not None, what="the login")
        garbage = [b"\x020DK9N\x03FF", b"\x020DK9N", os.urandom(64).replace(b"\x02", b""),
                   b"\x02" + b"N" * 100, encode(Frame(0x0D, "K", "N"))]  # the last has no batch number
        for junk in garbage:
            centre.virtual.inject(junk)
        bus = runner.bridge.buses[centre.virtual.url]
        wait_until(lambda: bus.parser.errors.total() >= 3, what="the garbage counted")
        assert centre.counter(13)["ticket"] is None
        assert runner.bridge.keypads[(centre.virtual.url, 13)].actions == 1  # the login only
    finally:
        runner.close()


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
@pytest.mark.parametrize("centre", [[6]], indirect=True)
def test_an_unplugged_bus_recovers_and_the_next_press_calls(centre: Centre):
    runner = centre.bridge()
    try:
        settled(centre, runner)
        first, second = centre.issue("TP"), centre.issue("TP")
        press = centre.login(6)
        press("N")
        wait_until(lambda: centre.signs[6].text == first, what="the first call")
        centre.virtual.unplug()
        wait_until(lambda: any("6" in r or "ttyQMS" in r for r in runner.bridge.reports
                               if "lost" in r), what="the lost port reported")
        centre.signs[6].text = ""  # the sign lost power with the adapter
        centre.virtual.plug()
        wait_until(lambda: centre.signs[6].text == first, what="the sign restored after the replug")
        wait_until(lambda: centre.keypads[6].frames > 3, what="polls again")
        press("N")  # finishes the first citizen and calls the next
        wait_until(lambda: centre.signs[6].text == second, what="the call after the replug")
    finally:
        runner.close()


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
@pytest.mark.parametrize("centre", [[8]], indirect=True)
def test_a_dead_keypad_is_reported_to_staff(centre: Centre):
    del centre.virtual.devices[8]  # its cable is cut
    runner = centre.bridge()
    try:
        wait_until(lambda: any("counter 8" in r and "does not answer" in r for r in runner.bridge.reports),
                   what="the dead keypad reported")
        report = next(r for r in runner.bridge.reports if "counter 8" in r)
        assert "Bàn phím địa chỉ 08 (quầy 8)" in report

        def on_the_server() -> list[tuple]:  # what the counter and the administrators read
            listing = centre.http.get("/api/v1/hardware/health",
                                      headers={"Authorization": f"Bearer {centre.server.display_key}"}).json()
            return [(d["kind"], d["address"], d["counter"], d["alive"]) for d in listing]

        wait_until(lambda: ("keypad", 8, 8, False) in on_the_server(), what="the dead keypad on the server")
    finally:
        runner.close()


@pytest.mark.parametrize("centre", [[10]], indirect=True)
def test_a_ticket_qr_scanned_at_a_counter_calls_that_number(centre: Centre, tmp_path: Path):
    from dataclasses import replace

    from devices.config import ScannerConfig

    master, slave = os.openpty()
    config = replace(centre.config, scanners=(ScannerConfig(port=os.ttyname(slave), counter=10),))
    issued = [centre.http.post("/api/v1/tickets", json={"field": "NV"},
                               headers={"Authorization": f"Bearer {centre.server.kiosk_key}"}).json()
              for _ in range(2)]
    runner = centre.bridge(config)
    try:
        settled(centre, runner)
        centre.login(10, code="2")
        wait_until(lambda: centre.counter(10)["officer"] == "tranthibinh", what="the keypad login")
        wait_until(lambda: runner.bridge.scanners[0].connected.is_set(), what="the scanner's port")
        second = issued[1]["ticket"]["label"]
        os.write(master, issued[1]["status_url"].encode() + b"\r\n")  # the later ticket, out of turn
        wait_until(lambda: centre.signs[10].text == second, what="the scanned number on the sign")
        assert centre.counter(10)["ticket"]["label"] == second
    finally:
        runner.close()
        os.close(master)
        os.close(slave)


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
def test_after_a_server_restart_the_officer_stays_logged_in_and_calls_show(tmp_path: Path):
    """Its own server: a restart keeps officers' sessions (their token hashes are in the database) and drops
    the event stream, which the bridge follows again from where it was; the keypad needs no PIN again."""
    own = RunningServer.start(tmp_path / "own")
    rig = Centre(own, tmp_path, [12])
    runner = rig.bridge()
    try:
        settled(rig, runner)
        first, second = rig.issue("CU"), rig.issue("CU")
        press = rig.login(12)
        press("N")
        wait_until(lambda: rig.signs[12].text == first, what="the first call")
        own.process.restart()
        wait_until(lambda: runner.bridge.link.connected.is_set(), timeout=30, what="the stream back")
        press("N")
        wait_until(lambda: rig.signs[12].text == second, what="the call after the restart")
        assert rig.keypads[12].display != ERR_NOT_LOGGED_IN
    finally:
        runner.close()
        rig.close()
        own.process.stop()
