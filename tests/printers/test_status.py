"""DLE EOT replies to status, from recorded bytes; an empty reply is never "paper OK"."""

import pytest

from printers.status import PrinterStatus, status_from_replies

# Recorded replies (DLE EOT 1, 2, 4) of an Epson-compatible 80 mm printer.
CASES = [
    ((b"\x12", b"\x12", b"\x12"), PrinterStatus.READY),
    ((b"\x12", b"\x12", b"\x1e"), PrinterStatus.PAPER_NEAR_END),
    ((b"\x12", b"\x12", b"\x16"), PrinterStatus.PAPER_NEAR_END),  # only one near-end sensor bit
    ((b"\x1a", b"\x32", b"\x72"), PrinterStatus.PAPER_OUT),
    ((b"\x1a", b"\x32", None), PrinterStatus.PAPER_OUT),  # paper-end stop seen in the offline cause
    ((b"\x1a", b"\x16", b"\x12"), PrinterStatus.COVER_OPEN),
    ((b"\x1a", b"\x52", b"\x12"), PrinterStatus.ERROR),
    ((b"\x1a", b"\x12", b"\x12"), PrinterStatus.OFFLINE),
    ((None, None, None), PrinterStatus.OFFLINE),
    ((b"", b"", b""), PrinterStatus.OFFLINE),
    ((b"\x12", b"\x12", b""), PrinterStatus.UNKNOWN),  # silent about paper: not "paper OK"
    ((b"\x12", None, None), PrinterStatus.UNKNOWN),
    ((b"\xff", b"\x12", b"\x12"), PrinterStatus.UNKNOWN),  # not a status byte (fixed bits wrong)
    ((b"\x00\x12", b"\x12", b"\x12"), PrinterStatus.READY),  # stray byte before the reply
]


@pytest.mark.parametrize(("replies", "expected"), CASES)
def test_recorded_replies(replies, expected):
    assert status_from_replies(*replies) is expected


def test_empty_paper_reply_is_not_ok_unlike_escpos():
    from printers._escpos import Dummy

    class Silent(Dummy):
        def _read(self):
            return b""

    assert Silent().paper_status() == 2  # python-escpos: "adequate" for no answer at all
    assert status_from_replies(b"\x12", b"\x12", b"") is PrinterStatus.UNKNOWN


@pytest.mark.parametrize("status", list(PrinterStatus))
def test_every_status_has_both_texts(status):
    vi, en = status.text("vi"), status.text("en")
    assert vi and en and vi != en


def test_only_usable_states_can_print():
    printable = {s for s in PrinterStatus if s.can_print}
    assert printable == {PrinterStatus.READY, PrinterStatus.PAPER_NEAR_END, PrinterStatus.UNKNOWN}


class RecordingPort:
    """A port for ``query_status`` that answers from a script and records what it was asked."""

    def __init__(self, answers: dict[int, bytes]) -> None:
        self.answers, self.written, self.timeouts, self.discarded = answers, [], [], 0

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def read(self, size: int, timeout: float) -> bytes:
        self.timeouts.append(timeout)
        return self.answers.get(self.written[-1][2], b"")

    def discard_input(self) -> None:
        self.discarded += 1


def test_query_asks_1_2_4_after_discarding_stale_bytes():
    from printers.status import query_status

    port = RecordingPort({1: b"\x12", 2: b"\x12", 4: b"\x1e"})
    assert query_status(port) is PrinterStatus.PAPER_NEAR_END
    assert port.written == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"] and port.discarded == 1


def test_a_silent_printer_is_asked_once_within_the_default_two_seconds():
    from printers.status import query_status

    port = RecordingPort({})
    assert query_status(port) is PrinterStatus.OFFLINE
    assert len(port.written) == 1 and 0 < port.timeouts[0] <= 2.0


def test_the_timeout_is_configurable():
    from printers.status import query_status

    port = RecordingPort({1: b"\x12"})
    query_status(port, timeout=0.7)
    assert max(port.timeouts) <= 0.7
