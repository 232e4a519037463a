"""The bus protocol byte for byte: recorded frames encode and parse exactly; every malformed frame is
counted under its kind, logged, and yields nothing to act on."""

from __future__ import annotations

import logging

import pytest

from devices.protocol import MAX_DATA, Frame, FrameError, FrameParser, checksum, encode

# Recorded frames (docs/devices.md shows the same bytes).
RECORDED = [
    (Frame(0x01, "P"), b"\x0201P\x03B4"),  # first poll of keypad 01
    (Frame(0x01, "P", "3"), b"\x0201P3\x03E7"),  # poll acknowledging batch 3
    (Frame(0x01, "K", "3N"), b"\x0201K3N\x0330"),  # batch 3: Gọi tiếp
    (Frame(0x01, "K", "112*592731#"), b"\x0201K112*592731#\x03CB"),  # batch 1: log in, code 12
    (Frame(0x01, "A"), b"\x0201A\x03A5"),
    (Frame(0x01, "A", "B"), b"\x0201AB\x03E7"),  # first reply after power-up
    (Frame(0x21, "S", "1005"), b"\x0221S1005\x037F"),  # counter sign 21 shows 1005
    (Frame(0x64, "L", "01005          3"), b"\x0264L01005          3\x0322"),  # board row 0
    (Frame(0x01, "D", "PIN"), b"\x0201DPIN\x038F"),
    (Frame(0x21, "N", "C"), b"\x0221NC\x03F7"),
    (Frame(0xFF, "S", ""), b"\x02FFS\x03E2"),  # broadcast: blank every sign
]


@pytest.mark.parametrize(("frame", "wire"), RECORDED)
def test_recorded_frames_encode_byte_for_byte(frame, wire):
    assert encode(frame) == wire


@pytest.mark.parametrize(("frame", "wire"), RECORDED)
def test_recorded_frames_parse_back(frame, wire):
    parser = FrameParser()
    assert parser.feed(wire) == [frame] and parser.errors.total() == 0


def test_checksum_is_the_low_byte_of_the_sum_in_hex():
    assert checksum(b"01P\x03") == b"B4"  # 0x30 + 0x31 + 0x50 + 0x03 = 0xB4


def test_frames_split_anywhere_still_parse():
    wire = b"".join(w for _, w in RECORDED)
    for size in (1, 2, 3, 5, 7, 64):
        parser = FrameParser()
        frames = [f for i in range(0, len(wire), size) for f in parser.feed(wire[i:i + size])]
        assert frames == [f for f, _ in RECORDED], size


GOOD = b"\x0221S1005\x037F"

# (bytes on the wire, what the parser counts). None of them yields a frame.
MALFORMED = [
    (b"\x0221S1005\x0380", {"checksum": 1}),  # wrong checksum
    (b"\x0221S1005\x037f", {"checksum": 1}),  # lower-case checksum digits
    (b"\x0221S1006\x037F", {"checksum": 1}),  # one data bit flipped
    (b"\x0221S10", {}),  # truncated: still open, nothing yet
    (b"\x0221S10\x0201A", {"truncated": 1}),  # a new STX cuts the old frame
    (b"hello\r\n", {"noise": 7}),  # noise outside frames
    (b"\xff\xfe\x00", {"noise": 3}),  # line noise after a plug-in
    (b"\x02" + b"1" * (MAX_DATA + 10) + b"\x03B4", {"oversized": 1}),  # never-ending frame
    (b"\x02zzS1005\x03" + checksum(b"zzS1005\x03"), {"malformed": 1}),  # address not hex
    (b"\x0221s1005\x03" + checksum(b"21s1005\x03"), {"malformed": 1}),  # command not upper case
    (b"\x0221S10\x0105\x03" + checksum(b"21S10\x0105\x03"), {"malformed": 1}),  # control byte in data
    (b"\x0221S\xc4\x90\x03" + checksum(b"21S\xc4\x90\x03"), {"malformed": 1}),  # UTF-8 (Đ) in data
    (b"\x02\x03" + checksum(b"\x03"), {"malformed": 1}),  # empty frame
    (b"\x021\x03" + checksum(b"1\x03"), {"malformed": 1}),  # too short for address and command
    (b"\x03B4", {"noise": 3}),  # the end of a frame whose start was lost
]


@pytest.mark.log_warnings
@pytest.mark.parametrize(("wire", "counted"), MALFORMED)
def test_malformed_frames_are_counted_and_never_returned(wire, counted):
    parser = FrameParser()
    assert parser.feed(wire) == []
    assert dict(parser.errors) == counted


@pytest.mark.log_warnings
@pytest.mark.parametrize(("wire", "counted"), MALFORMED)
def test_a_good_frame_after_garbage_is_still_read(wire, counted):
    parser = FrameParser()
    frames = parser.feed(wire + GOOD)
    assert frames == [Frame(0x21, "S", "1005")]


@pytest.mark.log_warnings
def test_silence_ends_a_half_frame_as_truncated():
    parser = FrameParser()
    assert parser.feed(b"\x0221S10") == [] and not parser.idle
    parser.silence()
    assert parser.errors["truncated"] == 1 and parser.idle
    assert parser.feed(b"05\x037F") == []  # the rest, arriving late, is noise
    assert parser.errors["noise"] == 5


@pytest.mark.log_warnings
def test_the_largest_frame_passes_and_one_more_byte_does_not():
    largest = Frame(0x01, "L", "0" + "x" * (MAX_DATA - 1))
    assert FrameParser().feed(encode(largest)) == [largest]
    body = b"01L" + b"x" * (MAX_DATA + 1) + b"\x03"
    parser = FrameParser()
    assert parser.feed(b"\x02" + body + checksum(body)) == [] and parser.errors["oversized"] == 1


@pytest.mark.log_warnings
def test_rejected_frames_are_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="devices.protocol"):
        FrameParser(name="/dev/ttyUSB0").feed(b"\x0221S1005\x0380")
    assert "/dev/ttyUSB0: checksum frame ignored" in caplog.text


@pytest.mark.parametrize("frame", [
    Frame(256, "S"), Frame(-1, "S"), Frame(1, "s"), Frame(1, "SS"), Frame(1, ""),
    Frame(1, "S", "x" * (MAX_DATA + 1)), Frame(1, "S", "Quầy"), Frame(1, "S", "a\nb"),
])
def test_frames_that_cannot_be_sent_are_refused(frame):
    with pytest.raises(FrameError):
        encode(frame)
