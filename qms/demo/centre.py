"""The demo's sample centre: ``qms init``'s sample configuration in a new folder, open all day (a demo
run at night must still issue tickets), two officers with fresh PINs at two counters, and a kiosk and a
wall display registered with their keys."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from core.clock import SystemClock
from core.commands import write_sample
from core.datadir import DataDir
from core.device_keys import add_device
from core.staff import set_pin


@dataclass(frozen=True)
class Desk:
    """A counter of the demo and the officer the autopilot logs in there."""

    counter: int
    username: str
    pin: str
    fields: tuple[str, ...]


# Two counters whose fields differ, so that a transfer sends the citizen across the hall.
DESKS = ((2, "nguyenvanan", ("DD", "NN")), (5, "tranthibinh", ("HT", "CT")))


@dataclass(frozen=True)
class DemoCentre:
    """The data folder, the devices' keys and the counters the demo opens."""

    data: DataDir
    kiosk_key: str
    display_key: str
    desks: tuple[Desk, ...]
    admin_pin: str

    @property
    def fields(self) -> list[str]:
        """The fields some open counter serves: what the autopilot's citizens ask for."""
        return [code for desk in self.desks for code in desk.fields]


def open_all_day(config: str) -> str:
    """*config* (the sample ``centre.toml``) with the centre's and every field's ticket hours replaced by
    the whole day, every day."""
    config = re.sub(r"^hours = \{.*\}$", 'hours = { mon-sun = ["00:00-24:00"] }', config, flags=re.MULTILINE)
    return re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', config)


def make_demo_centre(root: Path) -> DemoCentre:
    """Write the sample centre into *root* (which must not hold one) and register what the demo needs."""
    data = DataDir(root)
    if data.config.exists() or data.database.exists():
        raise FileExistsError(str(data.config))
    write_sample(data)
    data.config.write_text(open_all_day(data.config.read_text("utf-8")), "utf-8")
    clock = SystemClock()
    _, db = data.open(clock, create=True)
    try:
        desks = []
        for counter, username, fields in DESKS:
            pin = f"{secrets.randbelow(10**6):06d}"
            set_pin(db, username, pin)
            desks.append(Desk(counter, username, pin, fields))
        admin_pin = f"{secrets.randbelow(10**6):06d}"  # the apps' set-up and exit ask for an administrator
        set_pin(db, "admin", admin_pin)
        kiosk = add_device(db, clock, "kiosk", "Ki-ốt sảnh (demo)")[1]
        display = add_device(db, clock, "display", "Màn hình sảnh (demo)")[1]
    finally:
        db.conn.close()
    return DemoCentre(data=data, kiosk_key=kiosk, display_key=display, desks=tuple(desks),
                      admin_pin=admin_pin)
