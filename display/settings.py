"""The wall display's settings on its own PC (``<config>/qms/display.toml``), kept by ``client.ui.settings``.

Everything about the centre (ticker, voice, quiet hours) comes from the server; this file says only how
this PC reaches it and how its panel is mounted: the TV's size when the TV does not report it (many do
not), landscape or portrait, and whether this PC speaks (two TVs in one hall: one speaks).
"""

from __future__ import annotations

from client.ui.settings import AppSettings, Setting

SCHEMA = (
    Setting("server", str, "http://127.0.0.1:8080"),
    Setting("key", str, ""),
    Setting("lang", str, "vi", choices=("vi", "en")),
    Setting("screen", int, 0, minimum=0, maximum=8),
    Setting("fullscreen", bool, True),
    Setting("layout", str, "auto", choices=("auto", "landscape", "portrait")),
    Setting("diagonal", float, 0.0, minimum=0.0, maximum=200.0),  # inches; 0: as the panel reports it
    Setting("sound", bool, True),
)


def display_settings() -> AppSettings:
    """This PC's display settings (not yet loaded)."""
    return AppSettings("display", SCHEMA)
