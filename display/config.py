"""What the centre says about its wall displays: the ``[display]`` table of centre.toml.

The server passes the table through ``GET /api/v1/config`` untouched; this module checks it. A wrong
value names its key and what is wrong with it, in Vietnamese and English (the shared reader of
``assets/settings.py``), and the display keeps its
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

from assets.settings import Key, TableReader

KEYS = (
    Key("ticker", (), kind=tuple),
    Key("slides", (), kind=tuple),
    Key("recent_calls", 6, minimum=1, maximum=10),  # calls listed under the newest one
    Key("highlight_seconds", 6.0, minimum=1, maximum=30),  # how long a new call flashes before it stays steady
    Key("call_seconds", 4.0, minimum=1, maximum=30),  # least time a call stays on top when others wait behind it
    Key("ticker_speed", 60.0, minimum=10, maximum=300),  # millimetres a second on the panel
    Key("slide_seconds", 10.0, minimum=3, maximum=600),
)


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
    def from_table(cls, table: Mapping[str, Any] | None, file: str = "centre.toml") -> DisplayConfig:
        """Check *table*; raise :class:`~assets.settings.ConfigError` on the first bad key."""
        return cls(**TableReader(file, "display").read(table, KEYS))
