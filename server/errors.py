"""Errors the server itself raises (authentication, roles, limits, malformed requests).

They are :class:`~core.errors.QmsError` subclasses, so every 4xx the server sends has the same body:
``{"error": {"code", "message_vi", "message_en", "details"}}``. Their texts live in the catalogs under
``server.error_<code>``.
"""

from __future__ import annotations

from assets.texts import tr
from core.errors import Conflict, NotFound, QmsError


def http_status(error: QmsError) -> int:
    """The HTTP status of *error*: the server's own errors say theirs; of the domain's, a missing thing is
    404, a state that forbids the action 409, anything else the caller got wrong 400."""
    if isinstance(error, ServerError):
        return error.status
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Conflict):
        return 409
    return 400

ROLES = ("kiosk", "display", "officer", "admin")


class ServerError(QmsError):
    """Base of the server's own errors; texts come from ``server.error_<code>``."""

    code = "bad_request"
    http_status = 400

    def __init__(self, status: int | None = None, **params: object) -> None:
        super().__init__(**params)
        self.status = status if status is not None else self.http_status

    def message(self, lang: str = "vi") -> str:
        """The message in *lang*."""
        return tr(f"server.error_{self.code}", lang, **self.params)


class BadRequest(ServerError):
    """The request body is not valid JSON."""

    code = "bad_json"


class MalformedRequest(ServerError):
    """The request is not valid HTTP, or was refused before it reached an endpoint."""

    code = "bad_request"


class ValidationFailed(ServerError):
    """A value in the request has the wrong type, is missing or is out of range."""

    code = "validation"
    http_status = 422


class Unauthorized(ServerError):
    """No credentials, or a key or token the server does not know (or has revoked)."""

    code = "unauthorized"
    http_status = 401


class LoginFailed(ServerError):
    """Wrong username or PIN, or a disabled account (deliberately not saying which)."""

    code = "login_failed"
    http_status = 401


class Forbidden(ServerError):
    """The caller's role may not do this (a display issuing, an officer at another counter, ...)."""

    code = "forbidden"
    http_status = 403

    def message(self, lang: str = "vi") -> str:
        """The message, naming the role in words ("màn hình hiển thị"), not as a code."""
        role = str(self.params.get("role", ""))
        return tr(f"server.error_{self.code}", lang, role=tr(f"server.role_{role}", lang) if role in ROLES else role)


class CounterRequired(ServerError):
    """An officer must name the counter they log in at."""

    code = "counter_required"
    http_status = 422


class RateLimited(ServerError):
    """Too many requests in a short time (tickets from one kiosk, failed logins)."""

    code = "rate_limited"
    http_status = 429


class TooLarge(ServerError):
    """The request body is larger than the server accepts."""

    code = "too_large"
    http_status = 413


class RouteNotFound(ServerError):
    """No endpoint has this address."""

    code = "not_found"
    http_status = 404


class MethodNotAllowed(ServerError):
    """The endpoint exists but not with this HTTP method."""

    code = "method_not_allowed"
    http_status = 405


class IdempotencyKeyReused(ServerError):
    """An ``Idempotency-Key`` this kiosk already used for a ticket of another field."""

    code = "idempotency_key_reused"
    http_status = 422


class Internal(ServerError):
    """A fault in the server; the request may not have been carried out."""

    code = "internal"
    http_status = 500


class HeadersTooLarge(ServerError):
    """The request line and headers are larger than the server accepts."""

    code = "headers_too_large"
    http_status = 431


class ServerBusy(ServerError):
    """The server has as many connections open as it allows; the client should try again shortly."""

    code = "busy"
    http_status = 503
