"""A sample centre in a data folder, ready for a server: ticket hours all day, known PINs, registered
devices. Every harness (in-process app, server subprocess, the apps' end-to-end tests) starts from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.clock import SystemClock
from core.commands import write_sample
from core.datadir import DataDir
from core.device_keys import add_device
from core.staff import set_pin
from qms.demo.centre import open_all_day

PINS = {"admin": "418263", "nguyenvanan": "592731", "tranthibinh": "863154", "lehoangcuong": "274986"}
OFFICERS = [username for username in PINS if username != "admin"]


@dataclass
class Centre:
    """A data directory ready for the server, and the credentials in it."""

    data: DataDir
    kiosk: str
    kiosk2: str
    display: str
    extra_kiosks: list[str] = field(default_factory=list)


def make_centre(root: Path, server: str = "", kiosks: int = 0) -> Centre:
    """The sample centre under *root*, open all day, with PINs from ``PINS``, two kiosks (plus *kiosks*
    more) and a display; *server* is the body of its ``[server]`` table."""
    data = DataDir(root)
    write_sample(data)
    text = open_all_day(data.config.read_text("utf-8"))
    data.config.write_text(text + "\n[server]\n" + server + "\n", "utf-8")
    clock = SystemClock()
    _, db = data.open(clock, create=True)
    try:
        for username, pin in PINS.items():
            set_pin(db, username, pin)
        keys = [add_device(db, clock, "kiosk", f"Ki-ốt {i}")[1] for i in range(2 + kiosks)]
        display = add_device(db, clock, "display", "Màn hình sảnh")[1]
    finally:
        db.conn.close()
    return Centre(data=data, kiosk=keys[0], kiosk2=keys[1], display=display, extra_kiosks=keys[2:])
