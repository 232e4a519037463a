"""Staff login and logout. An officer logs in with username and PIN at a named counter and gets a token
bound to that counter; an admin may log in without one."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request

from core.device_keys import key_hash
from core.errors import CounterClosed
from core.staff import check_pin
from server.auth import Principal, require
from server.deps import CallerDep, Services, ServicesDep, errors
from server.errors import CounterRequired, LoginFailed
from server.models import LoginIn, LoginOut, OkOut

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/login", response_model=LoginOut, summary="Log in at a counter",
             description="Checks the PIN (slowly, by design) and opens the officer's session at `counter`: "
                         "the counter shows the officer and may call. The token acts at that counter only, "
                         "survives a server restart, and ends at logout, when someone else logs in there, "
                         "when the account is disabled, or at the end of the service day (answer 401 "
                         "`unauthorized`: log in again). Repeated wrong PINs lock the username, "
                         "and the client address, for a while (429); so do too many logins at once.",
             responses=errors(401, 404, 409, 413, 422, 429))
async def login(body: LoginIn, request: Request, qms: ServicesDep) -> dict[str, Any]:
    return await open_session(body, request, qms)


async def open_session(body: LoginIn, request: Request, qms: Services) -> dict[str, Any]:
    """Check *body*'s PIN (with the lockouts) and open the session; the login answer, token included."""
    # Counted before the PIN is checked, forgiven only if it is right (server/login_guard.py).
    attempt = qms.auth.logins.reserve(body.username, request.client.host if request.client else "?")
    async with qms.auth.logins.hashing():
        # scrypt takes tens of milliseconds: off the event loop.
        row = await anyio.to_thread.run_sync(lambda: check_pin(qms.readers.board().db, body.username, body.pin))
    if row is None:
        raise LoginFailed()
    attempt.succeeded()
    if row["role"] == "officer" and body.counter is None:
        raise CounterRequired()
    if (number := body.counter) is not None:
        await qms.writer.run(lambda e: e.login(number, row["username"]))
    token = qms.auth.new_token(row, body.counter)
    # Kept as its hash in the database: a restarted server still knows this officer (core/tokens.py).
    await qms.writer.run(lambda e: e.open_token(key_hash(token), row["username"], body.counter))
    return {"token": token, "username": row["username"], "full_name": row["full_name"], "role": row["role"],
            "counter": body.counter}


@router.post("/logout", response_model=OkOut, summary="Log out",
             description="Closes the counter session (refused with 409 `counter_busy` while a ticket is "
                         "called or being served there) and revokes the token.",
             responses=errors(401, 403, 409))
async def logout(qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    await close_session(qms, who)
    return {"ok": True}


async def close_session(qms: Services, who: Principal) -> None:
    """Close *who*'s counter session, if any, and revoke their token."""
    require(who, "officer", "admin")
    if (number := who.counter) is not None:
        try:
            await qms.writer.run(lambda e: e.logout(number))
        except CounterClosed:
            pass  # already closed (e.g. from another PC): the token still goes
    if digest := who.token_hash:
        await qms.writer.run(lambda e: e.end_token(digest))
    qms.auth.revoke(who)
