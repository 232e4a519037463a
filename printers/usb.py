"""USB printers through pyusb (libusb): the ``usb://VID:PID`` transport and the list of USB printers."""

from __future__ import annotations

from dataclasses import dataclass

from printers.errors import PrinterError
from printers.transports import Transport
from printers.uri import PrinterAddress

PRINTER_CLASS = 7  # USB interface class "Printer"


def _usb() -> object:
    try:
        import usb.core
        import usb.util
    except ImportError as exc:  # pragma: no cover - pyusb is a dependency
        raise PrinterError("printer.uri.missing_package", package="pyusb", scheme="usb") from exc
    return usb


class UsbTransport(Transport):
    """A printer on USB by vendor and product ID; bulk endpoints are found unless given in the URI."""

    def __init__(self, address: PrinterAddress) -> None:
        super().__init__(address)
        self._device = None
        self._out = None
        self._in = None
        self._ids = f"{address.vendor_id:04x}:{address.product_id:04x}"

    def open(self) -> None:
        usb = _usb()
        try:
            device = usb.core.find(idVendor=self.address.vendor_id, idProduct=self.address.product_id)
        except usb.core.NoBackendError:
            raise PrinterError("printer.io.usb_no_backend") from None
        if device is None:
            raise PrinterError("printer.io.usb_not_found", ids=self._ids)
        number = int(self.address.options.get("interface", 0))
        try:
            # Linux binds usblp to printers; it must let go before libusb can claim the interface.
            if device.is_kernel_driver_active(number):
                device.detach_kernel_driver(number)
        except (NotImplementedError, usb.core.USBError):
            pass  # Windows and macOS have no kernel driver to detach
        try:
            config = device.get_active_configuration()
        except usb.core.USBError as exc:
            if exc.errno == 13:
                raise PrinterError("printer.io.usb_denied", ids=self._ids) from None
            device.set_configuration()
            config = device.get_active_configuration()
        interface = config[(number, 0)]
        direction = usb.util.endpoint_direction

        def endpoint(option: str, wanted: int) -> object:
            if option in self.address.options:
                return usb.util.find_descriptor(interface, bEndpointAddress=int(self.address.options[option]))
            return usb.util.find_descriptor(interface, custom_match=lambda e: direction(e.bEndpointAddress) == wanted)

        self._out = endpoint("out_ep", usb.util.ENDPOINT_OUT)
        self._in = endpoint("in_ep", usb.util.ENDPOINT_IN)
        if self._out is None:
            raise PrinterError("printer.io.usb_no_endpoint", ids=self._ids)
        self._device = device

    @property
    def reads_back(self) -> bool:  # type: ignore[override]
        """Status needs a bulk IN endpoint, which some cheap printers lack."""
        return self._in is not None

    def write(self, data: bytes) -> None:
        usb = _usb()
        try:
            self._out.write(data, timeout=int(self.address.write_timeout * 1000))
        except usb.core.USBTimeoutError as exc:
            raise TimeoutError(str(exc)) from exc
        except usb.core.USBError as exc:
            raise OSError(str(exc)) from exc

    def read(self, size: int, timeout: float) -> bytes:
        usb = _usb()
        try:
            return bytes(self._in.read(max(size, self._in.wMaxPacketSize), timeout=max(1, int(timeout * 1000))))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise OSError(str(exc)) from exc

    def discard_input(self) -> None:
        while self.read(64, 0.01):
            pass

    def close(self) -> None:
        if self._device is not None:
            try:
                _usb().util.dispose_resources(self._device)
            except Exception:
                pass
            self._device = None


@dataclass(frozen=True)
class UsbPrinterInfo:
    """A USB device that looks like a printer: its IDs (for ``usb://VID:PID``) and names."""

    vendor_id: int
    product_id: int
    manufacturer: str
    product: str

    @property
    def uri(self) -> str:
        """The URI that prints to this device."""
        return f"usb://{self.vendor_id:04x}:{self.product_id:04x}"


def list_usb_printers() -> list[UsbPrinterInfo]:
    """USB devices with a printer-class interface; raises :class:`PrinterError` without libusb."""
    usb = _usb()
    try:
        devices = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError:
        raise PrinterError("printer.io.usb_no_backend") from None
    found = []
    for dev in devices:
        try:
            is_printer = any(i.bInterfaceClass == PRINTER_CLASS for cfg in dev for i in cfg)
        except usb.core.USBError:
            continue
        if not is_printer:
            continue

        found.append(
            UsbPrinterInfo(
                dev.idVendor,
                dev.idProduct,
                _string(usb, dev, dev.iManufacturer),
                _string(usb, dev, dev.iProduct),
            )
        )
    return found


def _string(usb: object, dev: object, index: int) -> str:
    if not index:
        return ""
    try:
        return usb.util.get_string(dev, index) or ""
    except (usb.core.USBError, ValueError, NotImplementedError):
        return ""  # reading names needs access rights that listing does not
