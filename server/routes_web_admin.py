"""The administrators' web pages: ``/admin`` and its cookie login and logout.

``POST /admin/login`` checks username and PIN exactly as ``POST /api/v1/auth/login`` does (the same
lockouts: a username, and an address, that guess wrong PINs are locked for a while) and puts the admin's
token in the ``qms_staff`` cookie: HttpOnly (no script reads it), SameSite=Strict (another site's pages
never send it), Secure when the server is reached over HTTPS. Every API route then accepts the cookie in
place of the bearer header (:func:`server.deps.caller`), and so does the event stream for a page of this
server (:mod:`server.events`). Officers log in at their counter app, not here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from server.admin_page import dashboard_page, login_page
from server.auth import STAFF_COOKIE, cookie_token
from server.deps import ServicesDep, errors
from server.errors import Forbidden, Unauthorized
from server.models import AdminLoginIn, LoginIn, OkOut
from server.routes_auth import close_session, open_session

pages = APIRouter(tags=["admin"])


@pages.get("/admin", response_class=HTMLResponse, summary="The administrators' page",
           description="The login form, or, with the login cookie of an admin, today's centre live.")
async def admin_page(request: Request, qms: ServicesDep) -> HTMLResponse:
    headers = {"Cache-Control": "no-store"}
    try:
        who = qms.auth.authenticate(cookie_token(request.cookies))
    except Unauthorized:
        return HTMLResponse(login_page(qms.centre.name), headers=headers)
    if who.role != "admin":
        return HTMLResponse(login_page(qms.centre.name), headers=headers)
    return HTMLResponse(dashboard_page(qms.centre.name, who.full_name or who.name), headers=headers)


@pages.post("/admin/login", response_model=OkOut, summary="Log in to the administrators' pages",
            description="Username and PIN of an admin; sets the HttpOnly, SameSite=Strict `qms_staff` "
                        "cookie. Wrong PINs lock the username and the address for a while (429), as "
                        "`/api/v1/auth/login` does; an officer is refused (`counter_required`).",
            responses=errors(401, 403, 413, 422, 429))
async def admin_login(body: AdminLoginIn, request: Request, qms: ServicesDep) -> JSONResponse:
    session = await open_session(LoginIn(username=body.username, pin=body.pin, counter=None), request, qms)
    if session["role"] != "admin":  # not reached: an officer without a counter is refused before
        raise Forbidden(role=session["role"])
    response = JSONResponse({"ok": True})
    response.set_cookie(STAFF_COOKIE, session["token"], httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


@pages.post("/admin/logout", response_model=OkOut, summary="Log out of the administrators' pages",
            description="Revokes the cookie's token and clears the cookie.", responses=errors(401))
async def admin_logout(request: Request, qms: ServicesDep) -> JSONResponse:
    token: Any = cookie_token(request.cookies)
    try:
        await close_session(qms, qms.auth.authenticate(token))
    except Unauthorized:
        pass  # already ended (the day closed, or logged out elsewhere): the cookie still goes
    response = JSONResponse({"ok": True})
    response.delete_cookie(STAFF_COOKIE, path="/", httponly=True, samesite="strict")
    return response
