"""Counter hardware as ``qms bridge`` (or a counter PC) last reported it, so staff see a dead keypad or sign.

A bridge that finds a keypad, counter sign or hall board silent — or a whole serial port gone — reports it
(``POST /api/v1/hardware/health``), and again when it answers once more. The server keeps the latest state
of each device in memory and writes a ``device_health`` event only when a device's state changes, so the
counter whose keypad died hears it on the live stream and an administrator reads the list
(``GET /api/v1/hardware/health``). What is not reported since the server started is not listed: the bridge
reports changes, and the event log keeps the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.clock import iso

KINDS = ("keypad", "sign", "board", "port")


@dataclass
class DeviceReport:
    """One device's latest state, as one reporter (the bridge's device name) saw it."""

    reporter: str
    port: str
    address: int
    kind: str
    counter: int | None
    alive: bool
    since: datetime


class DeviceHealth:
    """Latest state per (reporter, port, address), in memory; the changes are in the event log."""

    def __init__(self) -> None:
        self.reports: dict[tuple[str, str, int], DeviceReport] = {}

    def report(self, reporter: str, port: str, address: int, kind: str, counter: int | None, alive: bool,
               at: datetime) -> bool:
        """Keep the report; True when the device's state changed (or its first report says it is dead):
        worth an event."""
        key = (reporter, port, address)
        previous = self.reports.get(key)
        if previous is not None and previous.alive == alive:
            return False
        self.reports[key] = DeviceReport(reporter, port, address, kind, counter, alive, at)
        return previous is not None or not alive

    def listing(self) -> list[dict[str, Any]]:
        """Every device reported since the server started, the dead ones first."""
        rows = sorted(self.reports.values(), key=lambda r: (r.alive, r.reporter, r.port, r.address))
        return [{"reporter": r.reporter, "port": r.port, "address": r.address, "kind": r.kind,
                 "counter": r.counter, "alive": r.alive, "since": iso(r.since)} for r in rows]
