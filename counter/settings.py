"""The counter PC's settings (``<config>/qms/counter.toml``): the server, which counter this PC is, the
language, the window's mode and place, the desk printer, the screen turned to the citizen for the
rating (``rating_screen``: its number, -1 for none), the PC's own keypad and LED sign on a serial port
(``device_port``, ``device_baudrate``, ``keypad_address``, ``sign_address``; 0: none), and the keyboard
shortcuts.

Shortcuts are F-keys by default — the officer's other hand is on the one-stop software — and each can be
changed in the app (Phím tắt…) or in the file (``shortcut_call_next = "Ctrl+Space"``).
"""

from __future__ import annotations

from client.ui.settings import AppSettings, Setting

# action → default key; the order is the order of the buttons
SHORTCUTS: dict[str, str] = {
    "call_next": "F1", "recall": "F2", "start": "F3", "finish": "F4", "no_show": "F6", "return": "F7",
    "hold": "F8", "transfer": "F9", "call_number": "F10", "pause": "F11", "issue": "F12",
}

SCHEMA: tuple[Setting, ...] = (
    Setting("server", str, ""),
    Setting("counter", int, 0, minimum=0, maximum=100_000),
    Setting("lang", str, "vi", choices=("vi", "en")),
    Setting("compact", bool, False),
    Setting("window_x", int, -1, minimum=-1, maximum=100_000),
    Setting("window_y", int, -1, minimum=-1, maximum=100_000),
    Setting("printer", str, ""),
    Setting("rating_screen", int, -1, minimum=-1, maximum=16),
    # This PC's own keypad and LED sign (docs/devices.md): a pyserial URL, and bus addresses (0: none).
    Setting("device_port", str, ""),
    Setting("device_baudrate", int, 115200, minimum=1200, maximum=115200),
    Setting("keypad_address", int, 0, minimum=0, maximum=254),
    Setting("sign_address", int, 0, minimum=0, maximum=254),
    *(Setting(f"shortcut_{action}", str, key) for action, key in SHORTCUTS.items()),
)

SETUP_KEYS = ("server", "counter", "lang", "printer", "rating_screen", "device_port", "device_baudrate",
              "keypad_address", "sign_address")  # what the set-up dialog shows


def counter_settings() -> AppSettings:
    """This machine's counter settings (defaults until the file exists)."""
    return AppSettings("counter", SCHEMA)


def shortcut(settings: AppSettings, action: str) -> str:
    """The key sequence of *action* (portable text, e.g. ``F1`` or ``Ctrl+Return``)."""
    return str(settings.get(f"shortcut_{action}", SHORTCUTS.get(action, "")))
