"""Fixtures of the device tests: a virtual bus on a pseudo-terminal pair and the bus master serving it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devices.bus import BusMaster
from devices.reference import ReferenceBoard, ReferenceDevice, ReferenceKeypad, ReferenceSign
from devices.virtual import VirtualBus

from .bridge_rig import RunningServer


@dataclass
class Heard:
    """What the bus master reported, in order (callbacks run on its thread)."""

    keys: list[tuple[int, str]] = field(default_factory=list)
    health: list[tuple[int, bool]] = field(default_factory=list)
    port: list[bool] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_keys(self, address: int, keys: str) -> None:
        with self.lock:
            self.keys.append((address, keys))

    def on_health(self, address: int, alive: bool) -> None:
        with self.lock:
            self.health.append((address, alive))

    def on_port(self, up: bool) -> None:
        with self.lock:
            self.port.append(up)


@dataclass
class BusRig:
    virtual: VirtualBus
    master: BusMaster
    heard: Heard
    keypad: ReferenceKeypad
    sign: ReferenceSign
    board: ReferenceBoard


@pytest.fixture
def make_rig(tmp_path: Path) -> Iterator[Callable[..., BusRig]]:
    made: list[BusRig] = []

    def make(devices: list[ReferenceDevice] | None = None, keypads: list[int] | None = None,
             **options: object) -> BusRig:
        keypad, sign, board = ReferenceKeypad(0x01), ReferenceSign(0x21), ReferenceBoard(0x64)
        virtual = VirtualBus(tmp_path / f"ttyBUS{len(made)}", devices if devices is not None else [keypad, sign, board])
        virtual.plug()
        heard = Heard()
        # A wide answer window: on a loaded machine the thread playing the devices may answer late, which
        # would log warnings the tests do not expect; silent devices are still found within a second.
        settings = {"poll_timeout": 0.3, "dead_seconds": 1.0, "refresh_seconds": 60.0, **options}
        master = BusMaster(virtual.url, keypads if keypads is not None else [0x01], on_keys=heard.on_keys,
                           on_health=heard.on_health, on_port=heard.on_port, **settings)
        master.start()
        rig = BusRig(virtual, master, heard, keypad, sign, board)
        made.append(rig)
        return rig

    yield make
    for rig in made:
        rig.master.stop()
        rig.virtual.unplug()


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One real server for the device tests; each test uses its own counters and fields."""
    real = RunningServer.start(tmp_path_factory.mktemp("centre"))
    yield real
    real.process.stop()
