"""Printer addresses as URIs, parsed and checked before anything is opened.

``usb://VID:PID``, ``serial:///dev/ttyUSB0?baudrate=19200`` (``serial://COM3`` on Windows),
``tcp://HOST[:9100]``, ``file:///dev/usb/lp0``, ``cups://QUEUE``, ``win32://PRINTER NAME`` and
``virtual://DIR``. Every scheme takes ``timeout`` (seconds for status replies, default 2). A bad URI
raises :class:`PrinterUriError` saying which part is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from printers.errors import PrinterUriError

SCHEMES = ("usb", "serial", "tcp", "file", "cups", "win32", "virtual")
DEFAULT_TCP_PORT = 9100
DEFAULT_TIMEOUT = 2.0
STATUS_CHOICES = ("ready", "paper_near_end", "paper_out", "cover_open", "error", "offline")

# Options each scheme accepts, with their kind: "float", "int" (0x.. allowed) or a tuple of choices.
_COMMON: dict[str, object] = {"timeout": "float", "write_timeout": "float"}
_OPTIONS: dict[str, dict[str, object]] = {
    "usb": {"interface": "int", "in_ep": "int", "out_ep": "int"},
    "serial": {
        "baudrate": "int",
        "bytesize": ("5", "6", "7", "8"),
        "parity": ("N", "E", "O", "M", "S"),
        "stopbits": ("1", "1.5", "2"),
        "rtscts": ("0", "1"),
        "dsrdtr": ("0", "1"),
        "xonxoff": ("0", "1"),
    },
    "tcp": {},
    "file": {},
    "cups": {},
    "win32": {},
    "virtual": {"status": STATUS_CHOICES},
}


@dataclass(frozen=True)
class PrinterAddress:
    """A checked printer URI: the scheme, its target (device, host, queue, folder...) and options."""

    uri: str
    scheme: str
    target: str
    port: int | None = None
    vendor_id: int | None = None
    product_id: int | None = None
    options: dict[str, int | float | str] = field(default_factory=dict)

    @property
    def timeout(self) -> float:
        """Seconds to wait for a status reply (and to connect)."""
        return float(self.options.get("timeout", DEFAULT_TIMEOUT))

    @property
    def write_timeout(self) -> float:
        """Seconds a write may block before the printer counts as stuck."""
        return float(self.options.get("write_timeout", max(10.0, self.timeout)))


def _options(uri: str, scheme: str, query: str) -> dict[str, int | float | str]:
    allowed = {**_COMMON, **_OPTIONS[scheme]}
    out: dict[str, int | float | str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        kind = allowed.get(name)
        if kind is None:
            raise PrinterUriError(uri, "printer.uri.unknown_option", name=name, choices=", ".join(sorted(allowed)))
        if isinstance(kind, tuple):
            if value not in kind:
                raise PrinterUriError(uri, "printer.uri.bad_choice", name=name, value=value, choices=", ".join(kind))
            out[name] = value
            continue
        try:
            number = float(value) if kind == "float" else int(value, 0)
        except ValueError:
            raise PrinterUriError(uri, "printer.uri.bad_number", name=name, value=value) from None
        if number <= 0 and name != "interface":
            raise PrinterUriError(uri, "printer.uri.bad_number", name=name, value=value)
        out[name] = number
    return out


def parse_printer_uri(uri: str) -> PrinterAddress:
    """Check *uri* and split it into a :class:`PrinterAddress`; raise :class:`PrinterUriError` if bad."""
    text = uri.strip()
    if "://" not in text:
        raise PrinterUriError(uri, "printer.uri.no_scheme", choices=", ".join(f"{s}://" for s in SCHEMES))
    scheme = text.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        raise PrinterUriError(
            uri, "printer.uri.unknown_scheme", scheme=scheme, choices=", ".join(f"{s}://" for s in SCHEMES)
        )
    # urlsplit would treat "#" and "?" inside a Windows printer name as URI syntax: keep names whole.
    if scheme == "win32":
        name = unquote(text.split("://", 1)[1]).strip()
        if not name:
            raise PrinterUriError(uri, "printer.uri.missing_printer")
        return PrinterAddress(uri=uri, scheme=scheme, target=name)
    parts = urlsplit(text)
    options = _options(uri, scheme, parts.query)
    # "virtual://out" has its folder in the host part, "virtual:///tmp/out" in the path part.
    where = unquote(parts.netloc + parts.path)
    if scheme == "usb":
        match = re.fullmatch(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})", parts.netloc)
        if not match or parts.path.strip("/"):
            raise PrinterUriError(uri, "printer.uri.usb_ids")
        return PrinterAddress(
            uri=uri,
            scheme=scheme,
            target=parts.netloc.lower(),
            vendor_id=int(match[1], 16),
            product_id=int(match[2], 16),
            options=options,
        )
    if scheme == "tcp":
        host = parts.hostname
        if not host:
            raise PrinterUriError(uri, "printer.uri.missing_host")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise PrinterUriError(uri, "printer.uri.bad_port", value=parts.netloc.rsplit(":", 1)[-1]) from None
        if not 0 < port < 65536:  # pragma: no cover - urlsplit already refuses most of these
            raise PrinterUriError(uri, "printer.uri.bad_port", value=port)
        return PrinterAddress(uri=uri, scheme=scheme, target=host, port=port, options=options)
    missing = {
        "serial": "printer.uri.missing_device",
        "file": "printer.uri.missing_path",
        "cups": "printer.uri.missing_queue",
        "virtual": "printer.uri.missing_dir",
    }[scheme]
    if not where.strip("/"):
        raise PrinterUriError(uri, missing)
    if scheme == "cups":
        where = where.strip("/")
    return PrinterAddress(uri=uri, scheme=scheme, target=where, options=options)
