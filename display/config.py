"""What the centre says about its wall displays: the ``[display]`` table of centre.toml.

The server passes the table through ``GET /api/v1/config`` untouched; this module checks it. A wrong
value names its key and what is wrong with it, in Vietnamese and English, and the display keeps its
defaults for the whole table (a typo in the ticker must not leave the hall without a screen).

```toml
[display]
ticker = ["Giờ làm việc: 7:00–11:30, 13:00–17:00", "Đường dây nóng: 1900 1234"]
recent_calls = 6
highlight_seconds = 6
slides = ["http://192.168.1.10/qms/huong-dan.png"]
slide_seconds = 12
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assets.texts import ConfigProblem


class DisplayConfigError(ConfigProblem, ValueError):
    """A ``[display]`` value that cannot be used; the message names the file and the key."""

    def __init__(self, key: str, problem: str, /, **values: object) -> None:
        super().__init__("centre.toml", f"display.{key}", f"display.problem.{problem}", **values)

    def __str__(self) -> str:
        return self.both()


# key: (type, default, minimum, maximum)
NUMBERS: dict[str, tuple[type, float, float, float]] = {
    "recent_calls": (int, 6, 1, 10),  # calls listed under the newest one
    "highlight_seconds": (float, 6.0, 1.0, 30.0),  # how long a new call flashes before it stays steady
    "call_seconds": (float, 4.0, 1.0, 30.0),  # least time a call stays on top when others wait behind it
    "ticker_speed": (float, 60.0, 10.0, 300.0),  # millimetres a second on the panel
    "slide_seconds": (float, 10.0, 3.0, 600.0),
}
KEYS = ("ticker", "slides", *NUMBERS)


@dataclass(frozen=True)
class DisplayConfig:
    """The checked ``[display]`` table."""

    ticker: tuple[str, ...] = ()
    slides: tuple[str, ...] = ()
    recent_calls: int = 6
    highlight_seconds: float = 6.0
    call_seconds: float = 4.0
    ticker_speed: float = 60.0
    slide_seconds: float = 10.0

    @classmethod
    def from_table(cls, table: Mapping[str, Any] | None) -> DisplayConfig:
        """Check *table*; raise :class:`DisplayConfigError` on the first bad key."""
        table = table or {}
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key not in KEYS:
                raise DisplayConfigError(key, "unknown", known=", ".join(KEYS))
            if key in ("ticker", "slides"):
                values[key] = _texts(key, value)
            else:
                kind, _default, low, high = NUMBERS[key]
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                if kind is int:
                    ok = ok and float(value).is_integer()
                if not ok or not low <= value <= high:
                    raise DisplayConfigError(key, "range", low=_num(low), high=_num(high), value=value)
                values[key] = kind(value)
        return cls(**values)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _texts(key: str, value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise DisplayConfigError(key, "texts", value=value)
    return tuple(" ".join(v.split()) for v in items if v.strip())
