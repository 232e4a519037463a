"""The reference keypad, sign and board behave as docs/devices.md says (firmware writers read these)."""

from __future__ import annotations

from devices.protocol import Frame
from devices.reference import OFFLINE_AFTER, ReferenceBoard, ReferenceKeypad, ReferenceSign


def poll(keypad, ack="", now=0.0):
    return keypad.handle(Frame(keypad.address, "P", ack), now)


def test_first_reply_after_power_up_says_so_once():
    keypad = ReferenceKeypad(1)
    assert poll(keypad) == Frame(1, "A", "B")
    assert poll(keypad) == Frame(1, "A", "")


def test_keys_are_sent_again_until_the_bridge_acknowledges_their_batch():
    keypad = ReferenceKeypad(1)
    poll(keypad)
    keypad.press("N", 0.1)
    assert poll(keypad, "", 0.2) == Frame(1, "K", "1N")
    assert poll(keypad, "", 0.3) == Frame(1, "K", "1N")  # the bridge did not get it: same batch again
    keypad.press("R", 0.35)
    assert poll(keypad, "1", 0.4) == Frame(1, "K", "2R")  # batch 1 acknowledged, batch 2 follows
    assert poll(keypad, "2", 0.5) == Frame(1, "A", "")


def test_batch_numbers_run_from_1_to_9_and_round():
    keypad = ReferenceKeypad(1)
    poll(keypad)
    numbers, ack = [], ""
    for i in range(11):
        keypad.press("N", i)
        reply = poll(keypad, ack, i)
        ack = reply.data[0]
        numbers.append(ack)
    assert "".join(numbers) == "12345678912"


def test_presses_during_silence_are_dropped_never_sent_later():
    keypad = ReferenceKeypad(1)
    poll(keypad, now=0.0)
    assert not keypad.press("N", OFFLINE_AFTER + 1)
    assert keypad.shown(OFFLINE_AFTER + 1) == "----"
    assert poll(keypad, now=OFFLINE_AFTER + 2) == Frame(1, "A", "")
    assert keypad.dropped == 1


def test_devices_ignore_frames_for_others_and_answer_broadcasts_silently():
    sign = ReferenceSign(0x21)
    assert sign.handle(Frame(0x22, "S", "1005"), 0) is None and sign.text == ""
    assert sign.handle(Frame(0xFF, "S", "----"), 0) is None and sign.text == "----"


def test_a_sign_refuses_commands_it_does_not_have():
    sign = ReferenceSign(0x21)
    sign.booted = False
    assert sign.handle(Frame(0x21, "L", "0x"), 0) == Frame(0x21, "N", "C")
    assert sign.handle(Frame(0x21, "S", "x" * 17), 0) == Frame(0x21, "N", "D")


def test_a_sign_keeps_its_number_when_the_link_goes_silent():
    sign = ReferenceSign(0x21)
    sign.handle(Frame(0x21, "S", "1005"), 0)
    assert sign.text == "1005" and sign.offline_dot(61) and not sign.offline_dot(1)


def test_a_board_sets_one_row_per_frame():
    board = ReferenceBoard(0x64)
    board.handle(Frame(0x64, "L", "21005  3"), 0)
    assert board.rows[2] == "1005  3"
    assert board.handle(Frame(0x64, "L", "G1005"), 0) == Frame(0x64, "N", "D")
