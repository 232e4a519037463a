"""What every route needs: the server's services and the authenticated caller."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.clock import Clock
from core.config import Centre
from core.engine import QueueEngine
from server.auth import Authenticator, Principal, cookie_token
from server.events import Hub
from server.field_states import FieldStates
from server.kiosk_printers import KioskPrinters
from server.models import ErrorOut
from server.settings import Settings
from server.writer import Readers, Writer


@dataclass
class Services:
    """Everything the routes share, built once by :func:`server.app.create_app`."""

    settings: Settings
    centre: Centre
    clock: Clock
    engine: QueueEngine
    writer: Writer
    readers: Readers
    hub: Hub
    auth: Authenticator
    version: str
    field_states: FieldStates
    printers: KioskPrinters


async def services(request: Request) -> Services:
    """The server's services.

    Dependencies are ``async`` on purpose: FastAPI runs plain ``def`` dependencies on its thread pool,
    a thread hop per request for a dictionary lookup."""
    return request.app.state.qms


def services_of(request: Request) -> Services:
    """The server's services, for the busiest routes: each dependency FastAPI solves costs tens of
    microseconds per request, this lookup next to nothing (docs/performance.md)."""
    return request.app.state.qms


def json_answer(content: object, status_code: int = 200) -> Response:
    """*content* encoded once, as it is. A route that returns a dict has it checked against its
    ``response_model`` and encoded again; the busiest routes build exactly their documented model and
    answer with this instead (a test checks each such answer against the model)."""
    return Response(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), status_code,
                    media_type="application/json")


_bearer = HTTPBearer(auto_error=False, description="A device key (kiosk, display) or a staff token from "
                                                   "`POST /api/v1/auth/login`.")


async def caller(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
    """The authenticated caller, from the bearer header or else the web pages' staff cookie; 401
    ``unauthorized`` without valid credentials. Keys and tokens are checked against in-memory caches;
    only an unknown key reads the database (one indexed row)."""
    credential = credentials.credentials if credentials else cookie_token(request.cookies)
    return request.app.state.qms.auth.authenticate(credential)


async def bearer_caller(request: Request) -> Principal:
    """:func:`caller` for the busiest route (issuing a ticket): the header read here rather than by
    FastAPI's ``HTTPBearer`` as a second dependency, which cost more than the lookup itself
    (docs/performance.md). The route names the scheme with :data:`BEARER` for its documentation."""
    credential = bearer_credential(request.headers.get("authorization", ""))
    if credential is None:
        return request.app.state.qms.auth.authenticate(cookie_token(request.cookies))
    return request.app.state.qms.auth.authenticate(credential)


def bearer_credential(authorization: str) -> str | None:
    """The credential of an ``Authorization: Bearer …`` header; ``None`` for none or another scheme (then
    the web pages' cookie is read instead)."""
    scheme, _, credential = authorization.partition(" ")
    credential = credential.strip()
    return credential if scheme.lower() == "bearer" and credential else None


# The security requirement FastAPI writes for a route with ``HTTPBearer``, for one reading the header itself.
BEARER: dict[str, Any] = {"security": [{_bearer.scheme_name: []}]}

ServicesDep = Annotated[Services, Depends(services)]
CallerDep = Annotated[Principal, Depends(caller)]
BearerCallerDep = Annotated[Principal, Depends(bearer_caller)]

_DESCRIPTIONS = {
    400: "Malformed request (`bad_json`, `bad_request`).",
    401: "Missing, unknown or revoked key or token (`unauthorized`), or wrong username/PIN (`login_failed`).",
    403: "The caller's role may not do this here (`forbidden`).",
    404: "Something named in the request does not exist (`ticket_unknown`, `field_unknown`, ...).",
    409: "The current state forbids the action (`counter_busy`, `field_full`, `ticket_not_called`, ...).",
    413: "The request body is too large (`too_large`).",
    422: "A value has the wrong type, is missing or out of range (`validation`).",
    429: "Too many requests (`rate_limited`); `details.seconds` says when to try again.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route may answer with."""
    if 422 in statuses and 400 not in statuses:
        statuses = (400, *statuses)  # whatever validates input may also get a body that is not JSON
    return {s: {"model": ErrorOut, "description": _DESCRIPTIONS[s]} for s in statuses}
