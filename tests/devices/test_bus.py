"""The bus master against reference devices on a pseudo-terminal: keys arrive once, texts arrive byte for
byte, garbage never acts, an unplugged port comes back by itself, silent devices are reported."""

from __future__ import annotations

import pytest

from devices.protocol import Frame, checksum, encode
from devices.reference import ReferenceKeypad, ReferenceSign
from tests.fakes.waiting import wait_until


def online(rig) -> None:
    wait_until(lambda: rig.keypad.frames > 1, what="the keypad being polled")


def test_a_key_press_reaches_the_bridge_once(make_rig):
    rig = make_rig()
    online(rig)
    assert rig.virtual.press(0x01, "N")
    wait_until(lambda: rig.heard.keys, what="keys")
    wait_until(lambda: rig.keypad.batch == "", what="the batch acknowledged")
    assert rig.heard.keys == [(0x01, "N")]


def test_a_lost_acknowledgement_does_not_repeat_the_action(make_rig):
    class DeafKeypad(ReferenceKeypad):
        """Does not hear the next two acknowledgements: sends the same batch three times."""

        deaf = 2

        def handle(self, frame, now):
            if self.batch and frame.data == self.batch_no and self.deaf:
                self.deaf -= 1
                frame = Frame(frame.address, frame.command, "")
            return super().handle(frame, now)

    keypad = DeafKeypad(0x01)
    rig = make_rig([keypad])
    wait_until(lambda: keypad.frames > 1, what="polls")
    assert rig.virtual.press(0x01, "1005N")
    wait_until(lambda: keypad.deaf == 0 and keypad.batch == "", what="the batch finally acknowledged")
    assert rig.heard.keys == [(0x01, "1005N")]


def test_a_sign_and_a_board_receive_exact_frames(make_rig):
    rig = make_rig()
    rig.master.show_sign(0x21, "1005")
    rig.master.show_line(0x64, 0, "1005           3")
    wait_until(lambda: rig.sign.text == "1005" and rig.board.rows[0] == "1005           3", what="texts")
    assert b"\x0221S1005\x037F" in rig.virtual.received
    assert encode(Frame(0x64, "L", "01005           3")) in rig.virtual.received


def test_an_unchanged_text_is_not_sent_again(make_rig):
    rig = make_rig()
    rig.master.show_sign(0x21, "1005")
    wait_until(lambda: rig.sign.text == "1005", what="the sign")
    online(rig)
    sent = rig.master.stats.sent
    rig.master.show_sign(0x21, "1005")
    assert rig.virtual.press(0x01, "N")
    wait_until(lambda: rig.heard.keys, what="another round")
    assert rig.virtual.received.count(b"\x0221S1005\x037F") == 1 and rig.master.stats.sent > sent


GARBAGE = [
    b"\xff\x00\xfe noise",  # noise
    b"\x0201K1N",  # half a reply, never finished
    b"\x0201K9N\x03FF",  # a key batch with a wrong checksum
    b"\x0201K9X\x03" + checksum(b"01K9X\x03")[:1],  # cut inside the checksum
    b"\x02" + b"K" * 80,  # an endless frame
]


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
def test_garbage_and_half_frames_never_act_and_never_stop_the_bus(make_rig):
    rig = make_rig()
    online(rig)
    for junk in GARBAGE:
        rig.virtual.inject(junk)
    wait_until(lambda: sum(rig.master.parser.errors.values()) >= 4, what="the garbage counted")
    rig.virtual.press(0x01, "R")
    wait_until(lambda: rig.heard.keys, what="a real press after the garbage")
    assert rig.heard.keys == [(0x01, "R")]
    assert {"noise", "checksum", "oversized"} <= set(rig.master.parser.errors)


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
def test_a_forged_reply_for_another_keypad_is_not_acted_on(make_rig):
    keypads = [ReferenceKeypad(0x01), ReferenceKeypad(0x02)]
    rig = make_rig(keypads, keypads=[0x01, 0x02])
    wait_until(lambda: all(k.frames > 1 for k in keypads), what="both keypads polled")
    # A valid frame from keypad 02 arriving while 01 is being asked (a device with a wrong address set):
    for _ in range(20):
        rig.virtual.inject(encode(Frame(0x03, "K", "1N")))
    errors = rig.master.parser.errors
    wait_until(lambda: errors["foreign"] + errors["unexpected"] >= 20, what="every forged frame counted")
    assert rig.heard.keys == []


@pytest.mark.log_warnings  # the faults it makes are reported as warnings
def test_an_unplugged_port_comes_back_by_itself(make_rig):
    rig = make_rig(refresh_seconds=60.0)
    rig.master.show_sign(0x21, "1005")
    wait_until(lambda: rig.sign.text == "1005", what="the sign")
    rig.virtual.unplug()
    wait_until(lambda: rig.heard.port[-1:] == [False], what="the port reported lost")
    rig.sign.text = ""  # the sign lost power with the adapter
    rig.virtual.plug()
    wait_until(lambda: rig.heard.port[-1:] == [True], what="the port reopened")
    wait_until(lambda: rig.sign.text == "1005", what="the sign shown again after the replug")
    assert rig.virtual.press(0x01, "N")
    wait_until(lambda: rig.heard.keys == [(0x01, "N")], what="a press after the replug")
    assert rig.master.stats.reopened == 2


def test_a_silent_keypad_is_reported_dead_and_alive_again(make_rig):
    rig = make_rig(keypads=[0x01, 0x05], dead_seconds=1.0, poll_timeout=0.05)
    wait_until(lambda: (0x05, False) in rig.heard.health, what="keypad 05 reported dead")
    assert rig.heard.health == [(0x05, False)]  # keypad 01 answered from the start: nothing to report
    rig.virtual.devices[0x05] = ReferenceKeypad(0x05)
    wait_until(lambda: (0x05, True) in rig.heard.health, what="keypad 05 back")


def test_a_silent_sign_is_retried_then_reported(make_rig):
    rig = make_rig(retries=2)
    rig.master.show_sign(0x22, "1005")
    wait_until(lambda: (0x22, False) in rig.heard.health, what="sign 22 reported dead")
    assert rig.virtual.received.count(encode(Frame(0x22, "S", "1005"))) == 3
    assert rig.master.stats.retries == 2


def test_a_restarted_keypad_numbers_from_1_again_and_is_still_heard(make_rig):
    rig = make_rig()
    online(rig)
    rig.virtual.press(0x01, "N")
    wait_until(lambda: rig.heard.keys == [(0x01, "N")] and rig.keypad.batch == "", what="batch 1")
    fresh = ReferenceKeypad(0x01)  # power cut: it starts again from batch 1
    rig.virtual.devices[0x01] = fresh
    wait_until(lambda: fresh.frames > 1, what="the fresh keypad polled")
    rig.virtual.press(0x01, "R")
    wait_until(lambda: len(rig.heard.keys) == 2, what="the fresh keypad's batch 1")
    assert rig.heard.keys[1] == (0x01, "R")


def test_a_restarted_sign_gets_its_text_at_once(make_rig):
    rig = make_rig()
    rig.master.show_sign(0x21, "1005")
    wait_until(lambda: rig.sign.text == "1005", what="the sign")
    fresh = ReferenceSign(0x21)
    rig.virtual.devices[0x21] = fresh
    rig.master.show_sign(0x21, "1006")
    wait_until(lambda: fresh.text == "1006", what="the new text")
    assert fresh.changes == ["1006"]
