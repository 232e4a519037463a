"""The server's settings: the ``[server]`` table of ``centre.toml``, read strictly into one typed object
at start-up. A mistake names the key (``server.port``) in Vietnamese and English, like the rest of the
configuration; command-line options (``--host``, ``--port``) override the file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from assets.settings import Key, TableReader

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


KEYS = (
    Key("host", Settings.host, blank=False),
    Key("public_url", Settings.public_url),
    Key("port", Settings.port, minimum=1, maximum=65535),
    Key("replay_limit", Settings.replay_limit, minimum=1, maximum=10_000_000),
    Key("client_queue", Settings.client_queue, minimum=1, maximum=1_000_000),
    Key("max_body_bytes", Settings.max_body_bytes, minimum=1024, maximum=64 * 1024 * 1024),
    Key("login_attempts", Settings.login_attempts, minimum=1, maximum=1000),
    Key("login_address_attempts", Settings.login_address_attempts, minimum=1, maximum=100_000),
    Key("login_hash_slots", Settings.login_hash_slots, minimum=1, maximum=64),
    Key("print_results_per_minute", Settings.print_results_per_minute, minimum=1, maximum=100_000),
    Key("max_connections", Settings.max_connections, minimum=16, maximum=1_000_000),
    Key("max_header_bytes", Settings.max_header_bytes, minimum=1024, maximum=1024 * 1024),
    Key("socket_send_buffer", Settings.socket_send_buffer, minimum=0, maximum=64 * 1024 * 1024),
    Key("issue_interval_seconds", Settings.issue_interval_seconds, minimum=0.0),
    Key("ping_seconds", Settings.ping_seconds, minimum=0.1),
    Key("login_lock_seconds", Settings.login_lock_seconds, minimum=0.0),
    Key("device_cache_seconds", Settings.device_cache_seconds, minimum=0.0),
    Key("header_seconds", Settings.header_seconds, minimum=0.1),
    Key("rating_window_seconds", Settings.rating_window_seconds, minimum=1.0),
)


def parse_settings(table: dict[str, Any], file: str = FILE) -> Settings:
    """Build :class:`Settings` from the raw ``[server]`` table; raise a
    :class:`~assets.settings.ConfigError` naming the first wrong key."""
    values = TableReader(file, "server").read(table, KEYS)
    values["public_url"] = values["public_url"].rstrip("/")
    return Settings(**values)
