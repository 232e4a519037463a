"""Printer URIs: every scheme parses; a bad URI is an error that names what is wrong."""

import pytest

from printers.errors import PrinterUriError
from printers.uri import parse_printer_uri


def test_usb_ids_are_hexadecimal():
    a = parse_printer_uri("usb://04B8:0e15?timeout=1.5")
    assert (a.scheme, a.vendor_id, a.product_id, a.timeout) == ("usb", 0x04B8, 0x0E15, 1.5)


def test_serial_linux_path_and_options():
    a = parse_printer_uri("serial:///dev/ttyUSB0?baudrate=19200&rtscts=1")
    assert (a.target, a.options["baudrate"], a.options["rtscts"]) == ("/dev/ttyUSB0", 19200, "1")


def test_serial_windows_com_port():
    assert parse_printer_uri("serial://COM3").target == "COM3"


def test_tcp_default_port_is_9100():
    a = parse_printer_uri("tcp://192.168.1.50")
    assert (a.target, a.port) == ("192.168.1.50", 9100)


def test_tcp_port_and_default_timeout():
    a = parse_printer_uri("tcp://printer.local:9101")
    assert (a.port, a.timeout) == (9101, 2.0)


@pytest.mark.parametrize(
    ("uri", "target"),
    [
        ("file:///dev/usb/lp0", "/dev/usb/lp0"),
        ("cups://tickets", "tickets"),
        ("virtual://out", "out"),
        ("virtual:///tmp/tickets", "/tmp/tickets"),
        ("win32://EPSON TM-T82 Receipt", "EPSON TM-T82 Receipt"),
        ("win32://POS-80C #2", "POS-80C #2"),
    ],
)
def test_targets(uri, target):
    assert parse_printer_uri(uri).target == target


def test_virtual_status_option():
    assert parse_printer_uri("virtual://out?status=paper_out").options["status"] == "paper_out"


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("/dev/usb/lp0", "usb://"),
        ("lpt://1", "lpt"),
        ("usb://4b8:e15", "VID:PID"),
        ("usb://printer", "VID:PID"),
        ("serial://", "serial port"),
        ("tcp://:9100", "host name"),
        ("tcp://10.0.0.5:http", "port “http”"),
        ("tcp://10.0.0.5?speed=1", "option “speed”"),
        ("serial:///dev/ttyS0?baudrate=fast", "“baudrate” must be a number"),
        ("serial:///dev/ttyS0?parity=X", "“parity” must be one of"),
        ("virtual://out?status=fine", "“status” must be one of"),
        ("file://", "device file"),
        ("cups://", "CUPS queue"),
        ("win32://", "Windows printer name"),
        ("virtual://", "folder"),
        ("tcp://10.0.0.5?timeout=0", "“timeout” must be a number"),
    ],
)
def test_bad_uri_names_the_problem(uri, words):
    with pytest.raises(PrinterUriError) as err:
        parse_printer_uri(uri)
    assert words in err.value.message("en")
    assert uri in err.value.message("vi")  # the Vietnamese text quotes the address too


def test_bad_uri_vietnamese_text():
    with pytest.raises(PrinterUriError) as err:
        parse_printer_uri("tcp://:9100")
    assert "thiếu tên hoặc địa chỉ IP" in str(err.value)
