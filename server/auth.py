"""Who is calling: device keys (kiosks, displays, rating tablets), officer and admin tokens, and what each role may do.

Officer and admin tokens are kept in the database as their SHA-256 (``core/tokens.py``), so a restarted
server still knows them and nobody types their PIN again; a token ends at logout, when someone takes the
counter over, when the account is disabled, and with its service day. Device keys are in the database
too. Both are cached here for ``device_cache_seconds``: a key revoked or an account disabled from the
command line (another process) stops working within that time, through the API at once.

Keys, tokens and PINs are never logged: only their SHA-256 is kept, and the access log shows route
templates, not paths or query strings.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.device_keys import device_by_key, key_hash
from core.event import Event
from core.storage import connect
from core.tokens import live_token
from server.errors import Forbidden, RateLimited, Unauthorized
from server.login_guard import FailureTable, LoginGuard
from server.settings import Settings

ROLES = ("kiosk", "display", "rating", "officer", "admin")
TOKEN_PREFIX = "qmst_"

# The administrators' web pages keep the staff token in this cookie (HttpOnly, SameSite=Strict, set by
# ``POST /admin/login``): a page's own requests carry it, another site's never do, and no script reads it.
STAFF_COOKIE = "qms_staff"


def cookie_token(cookies: dict[str, str]) -> str | None:
    """The staff token of the web pages' cookie; only a staff token counts, never a device key."""
    value = cookies.get(STAFF_COOKIE)
    return value if value and value.startswith(TOKEN_PREFIX) else None


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    role: str
    name: str
    username: str | None = None
    full_name: str | None = None
    counter: int | None = None
    device_id: int | None = None
    token_hash: str | None = None

    @property
    def kiosk_name(self) -> str:
        """How the engine records the issuing kiosk."""
        return self.name


class Authenticator:
    """Checks credentials and holds the tokens of logged-in staff."""

    def __init__(self, settings: Settings, database: Path, today: Callable[[], str]) -> None:
        self.settings = settings
        self.today = today  # the centre's service day: a token is good on the day it was given only
        # Key lookups are single indexed reads on a WAL connection: they never wait for the writer.
        self._db = connect(database, migrate=False)
        self._devices: dict[str, tuple[Principal, float]] = {}
        self._tokens: dict[str, tuple[Principal, float]] = {}
        self.logins = LoginGuard(settings.login_attempts, settings.login_lock_seconds,
                                 settings.login_address_attempts, hash_slots=settings.login_hash_slots)
        self._issued: dict[int, float] = {}
        self._print_results = FailureTable(settings.print_results_per_minute, 60.0, 10_000, time.monotonic)

    def close(self) -> None:
        """Close the lookup connection."""
        self._db.conn.close()

    # ----------------------------------------------------------------- credentials

    def authenticate(self, credential: str | None, digest: str | None = None) -> Principal:
        """The caller holding *credential* (a device key or a staff token); raise 401 otherwise. A caller
        that asks again and again for one credential (the event stream, before each message) passes its
        *digest* (``key_hash``) once computed."""
        if not credential:
            raise Unauthorized()
        digest = digest or key_hash(credential)
        now = time.monotonic()
        if credential.startswith(TOKEN_PREFIX):
            return self._staff(digest, now)
        cached = self._devices.get(digest)
        if cached and cached[1] > now:
            return cached[0]
        device = device_by_key(self._db, credential) if len(credential) <= 200 else None
        if device is None:
            self._devices.pop(digest, None)
            raise Unauthorized()
        principal = Principal(role=device.kind, name=device.name, device_id=device.id, counter=device.counter)
        self._devices[digest] = (principal, now + self.settings.device_cache_seconds)
        return principal

    def _staff(self, digest: str, now: float) -> Principal:
        """The officer or admin of a token: from the cache, else from its row in the database (one
        indexed read), which also says whether the account, the session and the day are still good."""
        cached = self._tokens.get(digest)
        if cached and cached[1] > now:
            return cached[0]
        row = live_token(self._db.conn, digest, self.today())
        if row is None:
            self._tokens.pop(digest, None)
            raise Unauthorized()
        principal = Principal(role=row["role"], name=row["username"], username=row["username"],
                              full_name=row["full_name"], counter=row["counter"], token_hash=digest)
        self._tokens[digest] = (principal, now + self.settings.device_cache_seconds)
        return principal

    def forget_device(self, device_id: int) -> None:
        """Drop a revoked device from the cache so its key stops working now."""
        for digest in [d for d, (p, _) in self._devices.items() if p.device_id == device_id]:
            del self._devices[digest]

    def new_token(self, row: dict[str, Any], counter: int | None) -> str:
        """A fresh token for a staff member who proved their PIN, bound to *counter*. The caller stores
        its hash (``QueueEngine.open_token``) before handing it out."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        digest = key_hash(token)
        principal = Principal(role=row["role"], name=row["username"], username=row["username"],
                              full_name=row["full_name"], counter=counter, token_hash=digest)
        self._tokens[digest] = (principal, time.monotonic() + self.settings.device_cache_seconds)
        return token

    def revoke(self, principal: Principal) -> None:
        """Forget one staff token."""
        if principal.token_hash:
            self._tokens.pop(principal.token_hash, None)

    def revoke_where(self, match: Callable[[Principal], bool]) -> None:
        """Forget every staff token *match* selects."""
        for digest in [d for d, (p, _) in self._tokens.items() if match(p)]:
            del self._tokens[digest]

    def on_event(self, event: Event) -> None:
        """Keep tokens in step with counter sessions: a token is good only while its session is open.

        A login at counter N by U ends other people's tokens for N and U's tokens for other counters
        (the engine closed those sessions); a logout of U at N ends U's tokens for N. (Not every token
        for N: when V takes over counter N, U's logout may be handled after V's new token exists.)
        """
        kind, counter, username = event.kind, event.counter, event.username
        if kind == "login":
            self.revoke_where(lambda p: p.counter is not None and (
                (p.counter == counter and p.username != username)
                or (p.username == username and p.counter != counter)))
        elif kind == "logout":
            self.revoke_where(lambda p: p.counter == counter and p.username == username)

    # ----------------------------------------------------------------- limits

    def check_issue_allowed(self, principal: Principal) -> float | None:
        """One ticket per ``issue_interval_seconds`` per kiosk (a stuck button or a child playing).

        Charges the kiosk now, so a double tap cannot slip two requests in; returns the previous charge
        for :meth:`release_issue` when the issue is then refused."""
        interval = self.settings.issue_interval_seconds
        if interval <= 0 or principal.device_id is None:
            return None
        now = time.monotonic()
        last = self._issued.get(principal.device_id)
        if last is not None and now - last < interval:
            raise RateLimited(seconds=max(1, round(last + interval - now)))
        self._issued[principal.device_id] = now
        return last

    def release_issue(self, principal: Principal, previous: float | None) -> None:
        """Undo :meth:`check_issue_allowed`'s charge: the issue was refused, no ticket was printed."""
        if principal.device_id is None or principal.device_id not in self._issued:
            return
        if previous is None:
            del self._issued[principal.device_id]
        else:
            self._issued[principal.device_id] = previous

    def check_print_result_allowed(self, principal: Principal) -> None:
        """At most ``print_results_per_minute`` print results per kiosk: each is an event every display
        receives, so a kiosk in a loop must not flood them."""
        key = str(principal.device_id)
        wait = self._print_results.blocked_for(key)
        if wait > 0:
            raise RateLimited(seconds=max(1, math.ceil(wait)))
        self._print_results.add(key)


def require(principal: Principal, *roles: str) -> Principal:
    """*principal* if its role is one of *roles*; 403 otherwise."""
    if principal.role not in roles:
        raise Forbidden(role=principal.role)
    return principal


def require_counter(principal: Principal, counter: int) -> Principal:
    """*principal* if it is staff logged in at *counter*; 403 otherwise."""
    if principal.role not in ("officer", "admin") or principal.counter != counter:
        raise Forbidden(role=principal.role)
    return principal
