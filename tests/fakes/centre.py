"""A sample centre in a data folder, ready for a server: ticket hours all day, known PINs, registered
devices. Every harness (in-process app, server subprocess, the apps' end-to-end tests) starts from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.clock import SystemClock
from core.commands import write_sample
from core.datadir import DataDir
from core.device_keys import add_device
from core.staff import set_pin

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


def open_all_day(config: str) -> str:
    """*config* (the sample ``centre.toml``) with the centre's and every field's ticket hours replaced by
    the whole day, every day, so a test passes at any hour."""
    config = re.sub(r"^hours = \{.*\}$", 'hours = { mon-sun = ["00:00-24:00"] }', config, flags=re.MULTILINE)
    return re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', config)


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
