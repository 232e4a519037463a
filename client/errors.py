"""Errors the client hands to the apps: one type for what the server refused and what the network did.

Every error carries a stable ``code`` (the server's, such as ``field_full``, or one of the client-side codes
below) and a message in Vietnamese and English, ready for a dialog or the status bar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assets.texts import WordedError, both

# Client-side codes: what went wrong before a server answer could be read.
NETWORK_UNREACHABLE = "network_unreachable"  # refused, host not found, connection dropped
TIMEOUT = "timeout"  # no complete answer within the request's timeout
BAD_RESPONSE = "bad_response"  # the answer was not the JSON the contract promises
SERVER_ERROR = "server_error"  # 5xx without the contract's error body
UNAUTHORIZED = "unauthorized"  # 401: the token is no longer valid, log in again
CANCELLED = "cancelled"  # the app aborted the call


@dataclass(eq=False)
class ApiError(WordedError):
    """A failed call: the server's 4xx error body, or a client-side failure with a catalog message."""

    code: str
    message_vi: str
    message_en: str
    http_status: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.code)

    def __str__(self) -> str:
        status = f" HTTP {self.http_status}" if self.http_status else ""
        return f"{self.code}{status}: {self.message_en}"

    def message(self, lang: str = "vi") -> str:
        """The message in *lang* (``vi`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_vi

    @property
    def is_network(self) -> bool:
        """True when the server could not be reached or did not answer: worth retrying later."""
        return self.code in (NETWORK_UNREACHABLE, TIMEOUT)

    @classmethod
    def client_side(cls, code: str, key: str, http_status: int | None = None, **values: object) -> ApiError:
        """An error found by the client, worded from the ``[client]`` catalog entry *key*."""
        vi, en = both(f"client.{key}", **values)
        return cls(code, vi, en, http_status, dict(values))

    @classmethod
    def from_body(cls, status: int, body: object) -> ApiError | None:
        """The contract's error body ``{"error": {...}}`` as an error; ``None`` when *body* is not one."""
        if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
            return None
        err = body["error"]
        code = err.get("code")
        if not isinstance(code, str):
            return None
        vi = err.get("message_vi") or err.get("message_en") or code
        en = err.get("message_en") or vi
        details = err.get("details") if isinstance(err.get("details"), dict) else {}
        return cls(code, str(vi), str(en), status, details)
