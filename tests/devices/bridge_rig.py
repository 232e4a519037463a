"""A bridge serving a virtual bus for the real server in a subprocess (``tests/fakes``: the sample centre
and ``ServerProcess``)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from devices.bridge import Bridge
from devices.config import Board, BusConfig, DevicesConfig, Placed
from devices.reference import ReferenceBoard, ReferenceKeypad, ReferenceSign
from devices.server_link import ServerLink
from devices.virtual import VirtualBus
from tests.fakes.centre import PINS, make_centre
from tests.fakes.server_process import ServerProcess

# officer code on the keypad -> username in the sample centre (the officers with known PINs)
OFFICERS = {"1": "nguyenvanan", "2": "tranthibinh", "3": "lehoangcuong"}
BOARD = 0x64


@dataclass
class RunningServer:
    """The real server on the sample centre, and the credentials the tests need."""

    process: ServerProcess
    kiosk_key: str
    display_key: str
    pins: dict[str, str]

    @property
    def url(self) -> str:
        return self.process.url

    @classmethod
    def start(cls, root: Path) -> RunningServer:
        centre = make_centre(root / "data", "issue_interval_seconds = 0\n")
        process = ServerProcess(centre.data, root / "server.log")
        process.start(timeout=60)
        return cls(process, centre.kiosk, centre.display, dict(PINS))


class BridgeRunner:
    """``Bridge.run`` on its own thread with its own asyncio loop, stopped cleanly by ``close()``."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, name="bridge", daemon=True)

    def start(self) -> BridgeRunner:
        self._thread.start()
        return self

    def _main(self) -> None:
        async def main() -> None:
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
            try:
                await self.bridge.run(self._stop)
            finally:
                await self.bridge.link.close()

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported by the test that waits on the bridge
            self.error = exc

    def close(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(15)


class Centre:
    """The real server, a kiosk to issue tickets, and one virtual bus with a keypad and sign per counter."""

    def __init__(self, server: RunningServer, tmp: Path, counters: list[int]) -> None:
        self.server = server
        self.keypads = {c: ReferenceKeypad(c) for c in counters}  # keypad address = counter number
        self.signs = {c: ReferenceSign(0x20 + c) for c in counters}
        self.board = ReferenceBoard(BOARD)
        self.virtual = VirtualBus(tmp / "ttyQMS", [*self.keypads.values(), *self.signs.values(), self.board])
        self.virtual.plug()
        self.config = DevicesConfig(
            server=server.url, officers=OFFICERS, poll_timeout_ms=300, dead_seconds=1, refresh_seconds=60,
            buses=(BusConfig(port=self.virtual.url,
                             keypads=tuple(Placed(c, c) for c in counters),
                             signs=tuple(Placed(0x20 + c, c) for c in counters),
                             boards=(Board(BOARD, rows=4, width=16),)),))
        self.http = httpx.Client(base_url=server.url, timeout=10)

    def bridge(self, config: DevicesConfig | None = None) -> BridgeRunner:
        link = ServerLink(self.server.url, self.server.display_key)
        return BridgeRunner(Bridge(config or self.config, link)).start()

    def issue(self, field: str) -> str:
        r = self.http.post("/api/v1/tickets", json={"field": field},
                           headers={"Authorization": f"Bearer {self.server.kiosk_key}"})
        assert r.status_code in (200, 201), r.text
        return r.json()["ticket"]["label"]

    def counter(self, number: int) -> dict:
        r = self.http.get("/api/v1/snapshot", headers={"Authorization": f"Bearer {self.server.display_key}"})
        return next(c for c in r.json()["counters"] if c["number"] == number)

    def login(self, counter: int, code: str = "1") -> Callable[[str], None]:
        """Log officer *code* in on counter *counter*'s keypad; returns a function that presses keys there."""

        def press(keys: str) -> None:
            assert self.virtual.press(counter, keys), "the keypad is offline"

        press(f"{code}*{self.server.pins[OFFICERS[code]]}#")
        return press

    def close(self) -> None:
        self.http.close()
        self.virtual.unplug()
