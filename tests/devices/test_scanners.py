"""Scanners: what a scanned code is, serial lines, and a keyboard-wedge scanner told apart from a person."""

from __future__ import annotations

import os
import threading

import pytest

from devices.scanners import MAX_CODE, LineReader, Scan, SerialScanner, WedgeScanner, parse_scan
from tests.fakes.waiting import wait_until

TOKEN = "Xq3v_9kLm2Pz-T7wY1aBcDeF"  # 24 characters, like secrets.token_urlsafe(18)

SCANS = [
    (f"http://192.168.1.10:8080/t/{TOKEN}", Scan("ticket", TOKEN)),  # the QR printed on every ticket
    (f"https://qms.local/t/{TOKEN}\r\n", Scan("ticket", TOKEN)),
    (f"http://qms.local:8080/hcc/t/{TOKEN}?lang=en", Scan("ticket", TOKEN)),  # behind a path prefix
    (TOKEN, Scan("ticket", TOKEN)),  # a bare token
    ("lh-2026-0042", Scan("booking", "LH-2026-0042")),
    ("AB12CD", Scan("booking", "AB12CD")),
    ("000.00.17.H42-250714-0031", Scan("dossier", "000.00.17.H42-250714-0031")),  # mã hồ sơ on a receipt
    ("000.12.30.h42-250714-000123", Scan("dossier", "000.12.30.H42-250714-000123")),
    ("000.00.17.H42-2507-0031", Scan("unknown", "000.00.17.H42-2507-0031")),  # the day cut short
    ("1005", Scan("unknown", "1005")),  # a bare number: not a booking code (too easy to mistype)
    ("http://example.com/other", Scan("unknown", "http://example.com/other")),
    (f"http://192.168.1.10:8080/t/{TOKEN[:10]}", Scan("unknown", f"http://192.168.1.10:8080/t/{TOKEN[:10]}")),
    ("", Scan("unknown", "")),
    ("Đ" * 5, Scan("unknown", "ĐĐĐĐĐ")),
]


@pytest.mark.parametrize(("text", "scan"), SCANS)
def test_what_a_scanned_code_is(text, scan):
    assert parse_scan(text) == scan


def test_a_ticket_token_never_shows_in_logs():
    assert TOKEN not in repr(parse_scan(TOKEN))


def test_lines_end_with_cr_lf_or_both_and_may_arrive_in_pieces():
    reader = LineReader()
    assert reader.feed(b"AB12") == []
    assert reader.feed(b"CD\r\nLH-1\n\rXY99\r") == ["AB12CD", "LH-1", "XY99"]


def test_an_overlong_or_garbled_line_is_dropped_and_counted():
    reader = LineReader()
    assert reader.feed(b"x" * (MAX_CODE + 10) + b"\r\n" + b"\xff\xfe\r\nAB12CD\r") == ["AB12CD"]
    assert reader.dropped == 2


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def type_into(wedge: WedgeScanner, clock: Clock, text: str, gap: float) -> list[bool]:
    out = []
    for ch in text:
        clock.now += gap
        out.append(wedge.feed(ch))
    return out


def test_a_wedge_scan_is_fast_keys_ending_with_enter():
    clock, scans = Clock(), []
    wedge = WedgeScanner(clock)
    wedge.start(scans.append)
    swallowed = type_into(wedge, clock, "AB12CD\r", 0.004)
    assert scans == [Scan("booking", "AB12CD")]
    assert swallowed == [False] + [True] * 6  # the first key cannot be told from a person's


def test_a_person_typing_is_not_a_scan():
    clock, scans = Clock(), []
    wedge = WedgeScanner(clock)
    wedge.start(scans.append)
    assert not any(type_into(wedge, clock, "AB12CD\r", 0.15))
    assert scans == []


def test_a_short_burst_is_not_a_scan():
    clock, scans = Clock(), []
    wedge = WedgeScanner(clock)
    wedge.start(scans.append)
    type_into(wedge, clock, "ab\r", 0.004)
    assert scans == []


def test_a_stopped_wedge_scanner_reports_nothing():
    clock, scans = Clock(), []
    wedge = WedgeScanner(clock)
    wedge.start(scans.append)
    wedge.stop()
    type_into(wedge, clock, "AB12CD\r", 0.004)
    assert scans == []


def test_a_serial_scanner_on_a_pty_reports_each_code():
    master, slave = os.openpty()
    scans: list[Scan] = []
    got = threading.Event()

    def on_scan(scan: Scan) -> None:
        scans.append(scan)
        if len(scans) == 2:
            got.set()

    scanner = SerialScanner(os.ttyname(slave))
    scanner.start(on_scan)
    try:
        wait_until(scanner.connected.is_set, what="the scanner's port open")
        os.write(master, f"http://qms.local/t/{TOKEN}\r\n".encode() + b"\x00\xff\r\nLH-2026-0042\r\n")
        wait_until(got.is_set, what="two scans")
        assert scans == [Scan("ticket", TOKEN), Scan("booking", "LH-2026-0042")]
        assert scanner.reader.dropped == 1
    finally:
        scanner.stop()
        os.close(master)
        os.close(slave)
