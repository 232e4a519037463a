"""The server's settings: the ``[server]`` table of ``centre.toml``, read strictly into one typed object
at start-up. A mistake names the key (``server.port``) in Vietnamese and English, like the rest of the
configuration; command-line options (``--host``, ``--port``) override the file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from core.errors import ConfigError

FILE = "centre.toml"


@dataclass(frozen=True)
class Settings:
    """Everything the server needs to know besides the centre itself."""

    host: str = "0.0.0.0"
    port: int = 8080
    # The base of the citizen's status link printed as a QR code; empty means "the address the kiosk
    # used to reach the server", which is right whenever kiosks and phones share the LAN.
    public_url: str = ""
    issue_interval_seconds: float = 2.0
    replay_limit: int = 5000
    client_queue: int = 1000
    ping_seconds: float = 20.0
    max_body_bytes: int = 65536
    login_attempts: int = 5
    login_lock_seconds: float = 60.0
    # Wrong PINs from one client address (any usernames) within login_lock_seconds.
    login_address_attempts: int = 20
    # PIN hashes computed at once; more logins wait (a few) or are refused with 429.
    login_hash_slots: int = 2
    # Print results one kiosk may report per minute (each is an event every display receives).
    print_results_per_minute: int = 60
    device_cache_seconds: float = 2.0
    # Kernel send buffer of each connection in bytes (0: the system's own, which grows to megabytes).
    # A small one makes a client that stops reading overflow its queue, and be dropped, sooner.
    socket_send_buffer: int = 0
    # Connections open at once (HTTP and WebSocket); lowered to fit the process's open-file limit.
    max_connections: int = 2000
    # Request line plus headers, in bytes (431 beyond), and the seconds a client has to send them.
    max_header_bytes: int = 16384
    header_seconds: float = 10.0
    # How long after "Hoàn thành" a citizen's rating of the ticket is still accepted (the screen asks
    # for 30 s; the rest is room for a slow tablet or a retried request).
    rating_window_seconds: float = 300.0

    def with_overrides(self, host: str | None = None, port: int | None = None) -> Settings:
        """A copy with the command line's choices applied."""
        return replace(self, host=host if host is not None else self.host,
                       port=port if port is not None else self.port)


_INTS = {"port": (1, 65535), "replay_limit": (1, 10_000_000), "client_queue": (1, 1_000_000),
         "max_body_bytes": (1024, 64 * 1024 * 1024), "login_attempts": (1, 1000),
         "login_address_attempts": (1, 100_000), "login_hash_slots": (1, 64),
         "print_results_per_minute": (1, 100_000),
         "max_connections": (16, 1_000_000), "max_header_bytes": (1024, 1024 * 1024),
         "socket_send_buffer": (0, 64 * 1024 * 1024)}
_FLOATS = {"issue_interval_seconds": 0.0, "ping_seconds": 0.1, "login_lock_seconds": 0.0,
           "device_cache_seconds": 0.0,
           "header_seconds": 0.1, "rating_window_seconds": 1.0}
_TEXTS = ("host", "public_url")
KEYS = (*_TEXTS, *_INTS, *_FLOATS)


def _fail(key: str, problem: str, **params: object) -> ConfigError:
    return ConfigError(file=FILE, key=f"server.{key}", problem=problem, **params)


def parse_settings(table: dict[str, Any]) -> Settings:
    """Build :class:`Settings` from the raw ``[server]`` table; raise :class:`ConfigError` naming the
    first wrong key."""
    if not isinstance(table, dict):
        raise ConfigError(file=FILE, key="server", problem="not_table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in _TEXTS:
            if not isinstance(value, str) or (key == "host" and not value.strip()):
                raise _fail(key, "not_text")
            values[key] = value.strip().rstrip("/") if key == "public_url" else value.strip()
        elif key in _INTS:
            low, high = _INTS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise _fail(key, "not_integer", minimum=low)
            values[key] = value
        elif key in _FLOATS:
            if isinstance(value, bool) or not isinstance(value, int | float) or value < _FLOATS[key]:
                raise _fail(key, "not_positive")
            values[key] = float(value)
        else:
            raise _fail(key, "unknown_key", allowed=", ".join(KEYS))
    return Settings(**values)
