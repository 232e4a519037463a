"""Transports: how ticket bytes reach a printer. They only do I/O; status parsing is in status.py.

One small interface (:class:`Transport`): ``open``, ``write``, ``read(size, timeout)``, ``close``.
Transports that can read back (USB, serial, TCP) answer status queries; the others report UNKNOWN.
Every blocking call has a timeout, so a pulled cable ends in an error, not a hang.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from PIL import Image

from printers.errors import PrinterError, PrinterUriError
from printers.status import PrinterStatus, query_status
from printers.uri import PrinterAddress, parse_printer_uri

SERIAL_DEFAULT_BAUDRATE = 9600  # the factory setting of most Xprinter and Epson serial models


class Transport:
    """A connection to one printer. Subclasses that read back set ``reads_back`` and implement ``read``."""

    reads_back = False

    def __init__(self, address: PrinterAddress) -> None:
        self.address = address

    def open(self) -> None:
        """Connect; raise ``OSError`` or :class:`PrinterError` when the printer cannot be reached."""

    def write(self, data: bytes) -> None:
        """Send *data*; raise ``OSError`` (``TimeoutError`` included) when it cannot."""
        raise NotImplementedError

    def read(self, size: int, timeout: float) -> bytes:
        """Up to *size* bytes within *timeout* seconds; ``b""`` when nothing came."""
        return b""

    def discard_input(self) -> None:
        """Drop bytes that arrived before a question was asked."""

    def close(self) -> None:
        """Disconnect; never raises."""

    def status(self) -> PrinterStatus:
        """The printer's status, or UNKNOWN for transports that cannot ask."""
        if not self.reads_back:
            return PrinterStatus.UNKNOWN
        return query_status(self, self.address.timeout)

    def send_ticket(self, data: bytes, image: Image.Image, label: str) -> None:
        """Send one ticket; the image is only for transports that keep a picture (virtual)."""
        self.write(data)

    def __enter__(self) -> Transport:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TcpTransport(Transport):
    """A network printer on a raw TCP port (9100, "JetDirect")."""

    reads_back = True

    def __init__(self, address: PrinterAddress) -> None:
        super().__init__(address)
        self._sock: socket.socket | None = None

    def open(self) -> None:
        self._sock = socket.create_connection((self.address.target, self.address.port), self.address.timeout)

    def write(self, data: bytes) -> None:
        assert self._sock is not None
        self._sock.settimeout(self.address.write_timeout)
        self._sock.sendall(data)

    def read(self, size: int, timeout: float) -> bytes:
        assert self._sock is not None
        self._sock.settimeout(max(timeout, 0.001))
        try:
            return self._sock.recv(size)
        except TimeoutError:
            return b""

    def discard_input(self) -> None:
        assert self._sock is not None
        self._sock.setblocking(False)
        try:
            while self._sock.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            self._sock.setblocking(True)

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None


class SerialTransport(Transport):
    """A printer on a serial port (RS-232, or a USB-serial adapter: /dev/ttyUSB0, COM3)."""

    reads_back = True

    def __init__(self, address: PrinterAddress) -> None:
        super().__init__(address)
        self._port = None

    def open(self) -> None:
        import serial

        o = self.address.options
        self._port = serial.serial_for_url(
            self.address.target,
            baudrate=int(o.get("baudrate", SERIAL_DEFAULT_BAUDRATE)),
            bytesize=int(o.get("bytesize", 8)),
            parity=str(o.get("parity", "N")),
            stopbits=float(o.get("stopbits", 1)) if o.get("stopbits") == "1.5" else int(o.get("stopbits", 1)),
            rtscts=o.get("rtscts") == "1",
            dsrdtr=o.get("dsrdtr") == "1",
            xonxoff=o.get("xonxoff") == "1",
            timeout=self.address.timeout,
            write_timeout=self.address.write_timeout,
        )

    def write(self, data: bytes) -> None:
        import serial

        # A ticket is 40-70 kB: at 19200 baud that is half a minute on the wire, which is not a hang.
        self._port.write_timeout = max(self.address.write_timeout, serial_seconds(self.address, len(data)) * 1.5 + 2)
        try:
            self._port.write(data)
            self._port.flush()
        except serial.SerialTimeoutException as exc:
            raise TimeoutError(str(exc)) from exc
        except serial.SerialException as exc:
            raise OSError(str(exc)) from exc

    def read(self, size: int, timeout: float) -> bytes:
        self._port.timeout = max(timeout, 0.001)
        return bytes(self._port.read(size))

    def discard_input(self) -> None:
        self._port.reset_input_buffer()

    def close(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            except Exception:
                pass
            self._port = None


def serial_seconds(address: PrinterAddress, size: int) -> float:
    """Seconds *size* bytes take on the wire of a serial *address* (10 bits a byte); 0 for others."""
    if address.scheme != "serial":
        return 0.0
    return size * 10 / int(address.options.get("baudrate", SERIAL_DEFAULT_BAUDRATE))


class FileTransport(Transport):
    """A device file such as /dev/usb/lp0 (Linux usblp driver); write only."""

    def write(self, data: bytes) -> None:
        if sys.platform == "win32":  # pragma: no cover - no select() on files there
            with open(self.address.target, "wb", buffering=0) as device:
                device.write(data)
            return
        # Non-blocking with a deadline: a usblp device whose printer is out of paper or switched off
        # accepts nothing, and a plain write would wait forever holding the printer.
        deadline = time.monotonic() + self.address.write_timeout
        fd = os.open(self.address.target, os.O_WRONLY | os.O_NONBLOCK)
        try:
            view = memoryview(data)
            while view:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([], [fd], [], left)[1]:
                    raise PrinterError("printer.io.write_timeout", seconds=round(self.address.write_timeout))
                try:
                    view = view[os.write(fd, view):]
                except BlockingIOError:
                    continue
        finally:
            os.close(fd)


class CupsTransport(Transport):
    """A CUPS queue, sent raw with ``lp -o raw`` so that CUPS does not filter the ESC/POS bytes."""

    def write(self, data: bytes) -> None:
        lp = shutil.which("lp")
        if lp is None:
            raise PrinterError("printer.io.lp_missing")
        done = subprocess.run(
            [lp, "-d", self.address.target, "-o", "raw", "-t", "QMS ticket"],
            input=data,
            capture_output=True,
            timeout=self.address.write_timeout,
            check=False,
        )
        if done.returncode != 0:
            raise PrinterError("printer.io.lp_failed", detail=done.stderr.decode(errors="replace").strip())


class Win32Transport(Transport):
    """A Windows printer (vendor driver) fed RAW bytes through the spooler; needs pywin32."""

    def open(self) -> None:
        if sys.platform != "win32":
            raise PrinterUriError(self.address.uri, "printer.uri.windows_only")
        try:
            import win32print  # noqa: F401
        except ImportError:
            raise PrinterUriError(
                self.address.uri, "printer.uri.missing_package", package="pywin32", scheme="win32"
            ) from None

    def write(self, data: bytes) -> None:  # pragma: no cover - Windows only
        import win32print

        handle = win32print.OpenPrinter(self.address.target)
        try:
            win32print.StartDocPrinter(handle, 1, ("QMS ticket", None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        finally:
            win32print.ClosePrinter(handle)


class VirtualTransport(Transport):
    """A printer that keeps each ticket as ``<timestamp>-<label>.png`` and ``.bin`` in a folder.

    Used by the demo and the tests. ``?status=paper_out`` (or any status) makes it report that status,
    so that the kiosk's handling of a failing printer can be tried without hardware.
    """

    def open(self) -> None:
        Path(self.address.target).mkdir(parents=True, exist_ok=True)

    def status(self) -> PrinterStatus:
        return PrinterStatus(self.address.options.get("status", "ready"))

    def write(self, data: bytes) -> None:
        self._stem("raw").with_suffix(".bin").write_bytes(data)

    def send_ticket(self, data: bytes, image: Image.Image, label: str) -> None:
        stem = self._stem(label)
        image.save(stem.with_suffix(".png"))
        stem.with_suffix(".bin").write_bytes(data)

    def _stem(self, label: str) -> Path:
        safe = re.sub(r"[^0-9A-Za-z_-]+", "_", label) or "ticket"
        folder = Path(self.address.target)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        stem = folder / f"{stamp}-{safe}"
        n = 1
        while stem.with_suffix(".bin").exists():  # two tickets in the same microsecond
            stem, n = folder / f"{stamp}-{safe}-{n}", n + 1
        return stem


def open_transport(uri: str | PrinterAddress) -> Transport:
    """The (not yet opened) transport for *uri*; raises :class:`PrinterUriError` for a bad URI."""
    from printers.usb import UsbTransport

    address = uri if isinstance(uri, PrinterAddress) else parse_printer_uri(uri)
    classes: dict[str, type[Transport]] = {
        "usb": UsbTransport,
        "serial": SerialTransport,
        "tcp": TcpTransport,
        "file": FileTransport,
        "cups": CupsTransport,
        "win32": Win32Transport,
        "virtual": VirtualTransport,
    }
    return classes[address.scheme](address)
