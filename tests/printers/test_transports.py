"""Transports against fake printers: a TCP server on loopback and a serial port on a pseudo-terminal."""

import pytest

from printers.encode import prepare_ticket
from printers.jobs import PrintService
from printers.status import PrinterStatus
from printers.template import default_config
from printers.transports import open_transport
from tests.fakes.printer import (
    STATUS_REPLIES,
    FakeNetworkPrinter,
    FakeSerialPrinter,
    SilentListener,
    raster_image,
)
from tests.fakes.waiting import free_port

EXPECTED = {
    "online": PrinterStatus.READY,
    "paper_near_end": PrinterStatus.PAPER_NEAR_END,
    "paper_out": PrinterStatus.PAPER_OUT,
    "cover_open": PrinterStatus.COVER_OPEN,
    "silent": PrinterStatus.OFFLINE,
}


@pytest.mark.parametrize("mode", list(STATUS_REPLIES))
def test_network_status(mode):
    with FakeNetworkPrinter(mode) as fake, open_transport(fake.uri + "?timeout=0.3") as port:
        assert port.status() is EXPECTED[mode]
    assert fake.core.queries[0] == 1


@pytest.mark.parametrize("mode", list(STATUS_REPLIES))
def test_serial_status(mode):
    with FakeSerialPrinter(mode) as fake, open_transport(f"serial://{fake.path}?baudrate=19200&timeout=0.3") as port:
        assert port.status() is EXPECTED[mode]


def test_network_print_sends_the_ticket_between_two_status_queries(ticket):
    with FakeNetworkPrinter("online") as fake:
        result = PrintService(fake.uri).print_ticket(ticket).result(10)
        assert result.ok and result.status is PrinterStatus.READY and result.status_before is PrinterStatus.READY
        prepared = prepare_ticket(ticket, default_config())
        assert fake.core.wait_for(lambda core: len(core.queries) == 6)
        received = bytes(fake.core.received)
    queries = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
    assert received == queries + prepared.data + queries
    assert raster_image(received).tobytes() == prepared.image.tobytes()


def test_network_paper_near_end_still_prints(ticket):
    with FakeNetworkPrinter("paper_near_end") as fake:
        result = PrintService(fake.uri).print_ticket(ticket).result(10)
    assert result.ok and result.status is PrinterStatus.PAPER_NEAR_END
    assert "sắp hết giấy" in result.status.text("vi")


@pytest.mark.parametrize("mode", ["paper_out", "cover_open"])
def test_network_printer_that_cannot_print_gets_no_ticket(ticket, mode):
    with FakeNetworkPrinter(mode) as fake:
        result = PrintService(fake.uri).print_ticket(ticket).result(10)
        assert fake.core.images == 0
    assert not result.ok and result.status is EXPECTED[mode]
    assert result.text("en") == f"Ticket not printed: {EXPECTED[mode].text('en')}"


def test_silent_printer_is_offline_within_the_timeout(ticket):
    with FakeNetworkPrinter("silent") as fake:
        result = PrintService(fake.uri + "?timeout=0.5").print_ticket(ticket).result(5)
        assert fake.core.images == 0
    assert not result.ok and result.status is PrinterStatus.OFFLINE


def test_connection_refused_is_offline(ticket):
    result = PrintService(f"tcp://127.0.0.1:{free_port()}").print_ticket(ticket).result(5)
    assert (result.ok, result.status, result.reason) == (False, PrinterStatus.OFFLINE, "printer.result.io_error")
    assert result.text("en").startswith("Printer connection error:")


def test_printer_that_accepts_but_never_reads_is_offline(ticket):
    with SilentListener() as dead:
        service = PrintService(dead.uri + "?timeout=0.2&write_timeout=0.5", job_timeout=3)
        result = service.print_ticket(ticket).result(5)
    assert not result.ok and result.status is PrinterStatus.OFFLINE


def test_serial_print(ticket):
    with FakeSerialPrinter("online") as fake:
        result = PrintService(f"serial://{fake.path}?baudrate=115200").print_ticket(ticket).result(10)
        assert result.ok
        prepared = prepare_ticket(ticket, default_config())
        assert fake.core.wait_for(lambda core: core.images >= 1 and len(core.queries) == 6)
        assert raster_image(bytes(fake.core.received)).tobytes() == prepared.image.tobytes()


def test_serial_loop_url_has_no_printer_behind_it(ticket):
    # pyserial's loop:// echoes what is written: echoed questions are not status bytes.
    with open_transport("serial://loop://?timeout=0.2") as port:
        assert port.status() is PrinterStatus.UNKNOWN


def test_file_transport_writes_the_bytes(tmp_path, ticket):
    device = tmp_path / "lp0"
    device.touch()
    result = PrintService(f"file://{device}").print_ticket(ticket).result(10)
    assert result.ok and result.status is PrinterStatus.UNKNOWN
    assert device.read_bytes() == prepare_ticket(ticket).data


def test_a_device_that_takes_nothing_times_out(tmp_path):
    import os

    from printers.errors import PrinterError

    device = tmp_path / "lp0"
    os.mkfifo(device)  # like a usblp device whose printer is out of paper: open, but nothing is taken
    reader = os.open(device, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with open_transport(f"file://{device}?write_timeout=0.3") as port, pytest.raises(PrinterError) as info:
            port.write(b"\x00" * 1_000_000)  # far more than the pipe holds
        assert info.value.key == "printer.io.write_timeout"
    finally:
        os.close(reader)


def test_virtual_printer_keeps_png_and_bytes(tmp_path, ticket):
    result = PrintService(f"virtual://{tmp_path}").print_ticket(ticket).result(10)
    assert result.ok
    (png,) = tmp_path.glob("*-9005.png")
    (raw,) = tmp_path.glob("*-9005.bin")
    from PIL import Image

    prepared = prepare_ticket(ticket)
    assert raw.read_bytes() == prepared.data
    with Image.open(png) as image:
        assert image.convert("1").tobytes() == prepared.image.tobytes()


def test_virtual_printer_simulates_paper_out(tmp_path, ticket):
    result = PrintService(f"virtual://{tmp_path}?status=paper_out").print_ticket(ticket).result(10)
    assert not result.ok and result.status is PrinterStatus.PAPER_OUT
    assert list(tmp_path.iterdir()) == []


def test_win32_outside_windows_says_so(ticket):
    result = PrintService("win32://EPSON TM-T82").print_ticket(ticket).result(5)
    assert not result.ok and "only on Windows" in result.text("en")


def test_usb_printer_absent_is_a_clear_error(ticket):
    result = PrintService("usb://04b8:0e15").print_ticket(ticket).result(5)
    assert not result.ok and ("libusb" in result.text("en") or "not found" in result.text("en"))


def test_usb_printer_not_plugged_in(monkeypatch, ticket):
    import usb.core

    monkeypatch.setattr(usb.core, "find", lambda **kw: None)
    result = PrintService("usb://0416:5011").print_ticket(ticket).result(5)
    assert result.text("en") == "Printer connection error: USB printer 0416:5011 not found; check its cable and power"


def test_usb_without_libusb(monkeypatch, ticket):
    import usb.core

    def no_backend(**kw):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    result = PrintService("usb://0416:5011").print_ticket(ticket).result(5)
    assert "libusb" in result.text("en") and "Zadig" in result.text("vi")
