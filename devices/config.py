"""The ``[devices]`` table of centre.toml: buses, what hangs on them, officers' keypad codes.

Checked once at start (``qms bridge``) by :func:`devices_from_table`, which says which key is wrong and why
in Vietnamese and English, with the same words as the rest of the configuration (``config.*``). Reading
the file is :func:`load_devices`; the counters named are checked against the server's list later, when the
bridge has it (:meth:`DevicesConfig.check_counters`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assets.settings import ConfigError, Key, TableReader, load_toml

BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
TOP_KEYS = ("server", "poll_timeout_ms", "retries", "dead_seconds", "refresh_seconds", "officers", "buses",
            "scanners")
BUS_KEYS = ("port", "baudrate", "keypads", "signs", "boards")


@dataclass(frozen=True)
class Placed:
    """A keypad or sign at *address* on a bus, serving *counter*."""

    address: int
    counter: int


@dataclass(frozen=True)
class Board:
    """A hall board at *address*: the last *rows* calls, each *width* characters."""

    address: int
    rows: int = 5
    width: int = 16


@dataclass(frozen=True)
class BusConfig:
    """One serial port (a pyserial URL) and the devices wired to it."""

    port: str
    baudrate: int = 115200
    keypads: tuple[Placed, ...] = ()
    signs: tuple[Placed, ...] = ()
    boards: tuple[Board, ...] = ()


@dataclass(frozen=True)
class ScannerConfig:
    """A serial scanner at a counter: a ticket's QR scanned there calls that number."""

    port: str
    counter: int
    baudrate: int = 9600


@dataclass(frozen=True)
class DevicesConfig:
    """Everything ``qms bridge`` serves, checked."""

    server: str = "http://127.0.0.1:8080"
    poll_timeout_ms: int = 30
    retries: int = 2
    dead_seconds: float = 5.0
    refresh_seconds: float = 10.0
    officers: dict[str, str] = field(default_factory=dict)
    buses: tuple[BusConfig, ...] = ()
    scanners: tuple[ScannerConfig, ...] = ()
    file: str = "centre.toml"

    def counters(self) -> set[int]:
        """Every counter a keypad, sign or scanner names."""
        return ({p.counter for b in self.buses for p in (*b.keypads, *b.signs)}
                | {s.counter for s in self.scanners})

    def check_counters(self, known: set[int]) -> None:
        """Refuse a device bound to a counter the server does not have."""
        for i, bus in enumerate(self.buses):
            for kind in ("keypads", "signs"):
                for j, placed in enumerate(getattr(bus, kind)):
                    if placed.counter not in known:
                        raise ConfigError(self.file, f"devices.buses[{i}].{kind}[{j}].counter",
                                                 "devices.problem.unknown_counter", value=placed.counter)
        for i, scanner in enumerate(self.scanners):
            if scanner.counter not in known:
                raise ConfigError(self.file, f"devices.scanners[{i}].counter",
                                         "devices.problem.unknown_counter", value=scanner.counter)

    def only(self, ports: list[str]) -> DevicesConfig:
        """The same configuration reduced to the buses on *ports* (``qms bridge --port``)."""
        known = {b.port for b in self.buses}
        for port in ports:
            if port not in known:
                raise ConfigError(self.file, "devices.buses", "devices.problem.port_not_configured",
                                         value=port)
        return DevicesConfig(**{**self.__dict__, "buses": tuple(b for b in self.buses if b.port in ports),
                                "scanners": tuple(s for s in self.scanners if s.port in ports)})


class _Reader(TableReader):
    """The shared reader with the shapes the ``[devices]`` table uses (keys named from the root of the file:
    ``devices.buses[0].port``)."""

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "config.not_table")
        self.table(value, allowed, name=key)
        return value

    def integer(self, value: Any, key: str, low: int, high: int) -> int:
        return self.value(Key(key, 0, minimum=low, maximum=high), value)

    def text(self, value: Any, key: str) -> str:
        return self.value(Key(key, "", blank=False), value)

    def items(self, value: Any, key: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(key, "devices.problem.not_list")
        return value


def devices_from_table(table: Any, file: str = "centre.toml") -> DevicesConfig:
    """Check the raw ``[devices]`` table; raise :class:`ConfigError` on the first mistake."""
    r = _Reader(file)
    t = r.mapping(table if table is not None else {}, "devices", TOP_KEYS)
    values: dict[str, Any] = {"file": file}
    if "server" in t:
        url = r.text(t["server"], "devices.server")
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise r.fail("devices.server", "devices.problem.bad_url", value=url)
        values["server"] = url.rstrip("/")
    for key, low, high in (("poll_timeout_ms", 5, 2000), ("retries", 0, 5), ("dead_seconds", 1, 600),
                           ("refresh_seconds", 1, 3600)):
        if key in t:
            values[key] = r.integer(t[key], f"devices.{key}", low, high)
    officers = r.mapping(t.get("officers", {}), "devices.officers")
    values["officers"] = {}
    for code, username in officers.items():
        if not code.isdigit() or len(code) > 6:
            raise r.fail(f"devices.officers.{code}", "devices.problem.officer_code", value=code)
        values["officers"][code.lstrip("0") or "0"] = r.text(username, f"devices.officers.{code}")
    buses = [_bus(r, b, f"devices.buses[{i}]") for i, b in enumerate(r.items(t.get("buses", []), "devices.buses"))]
    seen_ports: set[str] = set()
    keypad_counters: dict[int, str] = {}
    for i, bus in enumerate(buses):
        if bus.port in seen_ports:
            raise r.fail(f"devices.buses[{i}].port", "devices.problem.duplicate", value=bus.port)
        seen_ports.add(bus.port)
        for j, keypad in enumerate(bus.keypads):
            where = f"devices.buses[{i}].keypads[{j}].counter"
            if keypad.counter in keypad_counters:
                raise r.fail(where, "devices.problem.two_keypads", value=keypad.counter)
            keypad_counters[keypad.counter] = where
    values["buses"] = tuple(buses)
    scanners = []
    for i, s in enumerate(r.items(t.get("scanners", []), "devices.scanners")):
        key = f"devices.scanners[{i}]"
        s = r.mapping(s, key, ("port", "counter", "baudrate"))
        if "port" not in s or "counter" not in s:
            raise r.fail(f"{key}.{'port' if 'port' not in s else 'counter'}", "config.missing")
        port = r.text(s["port"], f"{key}.port")
        if port in seen_ports:
            raise r.fail(f"{key}.port", "devices.problem.duplicate", value=port)
        seen_ports.add(port)
        counter = r.integer(s["counter"], f"{key}.counter", 1, 100_000)
        if counter not in keypad_counters:  # it calls as the officer logged in on that counter's keypad
            raise r.fail(f"{key}.counter", "devices.problem.scanner_without_keypad", value=counter)
        scanners.append(ScannerConfig(port=port, counter=counter,
                                      baudrate=_baudrate(r, s.get("baudrate", 9600), f"{key}.baudrate")))
    values["scanners"] = tuple(scanners)
    return DevicesConfig(**values)


def _baudrate(r: _Reader, value: Any, key: str) -> int:
    if value not in BAUDRATES or isinstance(value, bool):
        raise r.fail(key, "config.not_choice", allowed=", ".join(map(str, BAUDRATES)), value=value)
    return int(value)


def _bus(r: _Reader, raw: Any, key: str) -> BusConfig:
    b = r.mapping(raw, key, BUS_KEYS)
    if "port" not in b:
        raise r.fail(f"{key}.port", "config.missing")
    used: set[int] = set()

    def address(entry: dict[str, Any], where: str) -> int:
        if "address" not in entry:
            raise r.fail(f"{where}.address", "config.missing")
        value = r.integer(entry["address"], f"{where}.address", 1, 254)
        if value in used:
            raise r.fail(f"{where}.address", "devices.problem.duplicate", value=value)
        used.add(value)
        return value

    def placed(kind: str) -> tuple[Placed, ...]:
        out = []
        for j, entry in enumerate(r.items(b.get(kind, []), f"{key}.{kind}")):
            where = f"{key}.{kind}[{j}]"
            entry = r.mapping(entry, where, ("address", "counter"))
            if "counter" not in entry:
                raise r.fail(f"{where}.counter", "config.missing")
            out.append(Placed(address(entry, where), r.integer(entry["counter"], f"{where}.counter", 1, 100_000)))
        return tuple(out)

    keypads, signs = placed("keypads"), placed("signs")
    boards = []
    for j, entry in enumerate(r.items(b.get("boards", []), f"{key}.boards")):
        where = f"{key}.boards[{j}]"
        entry = r.mapping(entry, where, ("address", "rows", "width"))
        boards.append(Board(address(entry, where), r.integer(entry.get("rows", 5), f"{where}.rows", 1, 16),
                            r.integer(entry.get("width", 16), f"{where}.width", 8, 32)))
    return BusConfig(port=r.text(b["port"], f"{key}.port"),
                     baudrate=_baudrate(r, b.get("baudrate", 115200), f"{key}.baudrate"),
                     keypads=keypads, signs=signs, boards=tuple(boards))


def load_devices(path: Path) -> DevicesConfig:
    """Read centre.toml at *path* and check its ``[devices]`` table (the rest is the server's business)."""
    return devices_from_table(load_toml(path).get("devices"), str(path))
