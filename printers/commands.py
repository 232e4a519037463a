"""``qms print-test`` and ``qms printers``: try a printer and see which printers this machine has.

Registration imports nothing heavy; escpos, Pillow and pyusb are imported when a handler runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from assets.texts import cli_language, tr

if TYPE_CHECKING:
    from printers.status import PrinterStatus


def _help(key: str) -> str:
    return tr(f"printer.cli.{key}", cli_language())


def _say(key: str, /, **values: object) -> None:
    print(tr(f"printer.cli.{key}", cli_language(), **values))


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``print-test`` and ``printers`` to the ``qms`` parser."""
    test = subparsers.add_parser(
        "print-test",
        help=_help("print_test_help"),
        description=_help("print_test_help"),
        epilog="qms print-test --printer virtual://out --width 58",
    )
    test.add_argument("--printer", required=True, metavar="URI", help=_help("printer_help"))
    test.add_argument("--width", metavar="58|80|DOTS", help=_help("width_help"))
    test.add_argument("--config", metavar="FILE", help=_help("config_help"))
    test.add_argument("--timeout", type=float, metavar="SECONDS", help=_help("timeout_help"))
    test.set_defaults(handler=print_test)

    listing = subparsers.add_parser("printers", help=_help("printers_help"), description=_help("printers_help"))
    listing.set_defaults(handler=list_printers)


def _width(value: str | None) -> int | None:
    if value is None:
        return None
    dots = {"58": 384, "58mm": 384, "80": 576, "80mm": 576}.get(value.lower())
    return dots if dots is not None else int(value)


def _centre_file() -> str | None:
    """The centre's own ``centre.toml`` in its data folder ($QMS_DATA, else ./qms-data), if there is one."""
    path = os.path.join(os.environ.get("QMS_DATA", "qms-data"), "centre.toml")
    return path if os.path.isfile(path) else None


def print_test(args: argparse.Namespace) -> int:
    """Print the sample ticket on ``--printer``; exit 0 if it printed, 1 if not, 2 for bad input."""
    import tomllib
    from dataclasses import replace
    from datetime import datetime

    from printers.errors import PrinterError
    from printers.jobs import PrintService
    from printers.template import parse_ticket_config
    from printers.ticket import centre_sample_ticket, sample_ticket
    from printers.uri import parse_printer_uri

    try:
        centre: dict = {}
        path = args.config or _centre_file()
        if path:
            with open(path, "rb") as f:
                centre = tomllib.load(f)
        config = parse_ticket_config(centre.get("ticket", {}), width=_width(args.width))
        address = parse_printer_uri(args.printer)
        if args.timeout is not None:
            address = replace(address, options={**address.options, "timeout": args.timeout})
        service = PrintService(address, config)
    except PrinterError as exc:
        print(exc.message("vi"), file=sys.stderr)
        print(f"  {exc.message('en')}", file=sys.stderr)
        return 2
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    status = service.check_status().result(service.job_timeout + 1)
    if status is not None and status.reason is None:
        _say_status("status_before", status.status)
    now = datetime.now().replace(second=0, microsecond=0)
    ticket = centre_sample_ticket(centre, now) if "centre" in centre else sample_ticket(now)
    result = service.print_ticket(ticket).result(service.job_timeout + 1)
    if result is None or not result.ok:
        for lang, indent in (("vi", ""), ("en", "  ")):
            # "not printed" is what cli.failed says already: give the printer's state alone after it
            if result is None:
                text = ""
            elif result.reason == "printer.result.not_ready":
                text = result.status.text(lang)
            else:
                text = result.text(lang)
            print(indent + tr("printer.cli.failed", lang, reason=text), file=sys.stderr)
        return 1
    _say("printed", label=ticket.number_label, width=config.width, size=result.bytes_sent)
    _say_status("status_after", result.status)
    return 0


def _say_status(key: str, status: PrinterStatus) -> None:
    lang = cli_language()
    print(tr(f"printer.cli.{key}", lang, status=status.text(lang)))


def list_printers(args: argparse.Namespace) -> int:
    """List USB printers (pyusb) and serial ports (pyserial); always exits 0."""
    from serial.tools import list_ports

    from printers.errors import PrinterError
    from printers.usb import list_usb_printers

    _say("usb_heading")
    try:
        found = list_usb_printers()
        for p in found:
            print(f"  {p.uri}  {p.manufacturer} {p.product}".rstrip())
        if not found:
            print(f"  {tr('printer.cli.none_found', cli_language())}")
    except PrinterError as exc:
        print(f"  {tr('printer.cli.usb_unavailable', cli_language(), detail=exc.message(cli_language()))}")
    _say("serial_heading")
    ports = sorted(list_ports.comports(), key=lambda p: p.device)
    for port in ports:
        extra = " ".join(x for x in (port.description, port.hwid) if x and x != "n/a")
        print(f"  serial://{port.device}  {extra}".rstrip())
    if not ports:
        print(f"  {tr('printer.cli.none_found', cli_language())}")
    return 0
