"""Direct paths for the busiest requests, ``POST /api/v1/tickets`` and ``GET /api/v1/health``, past the
framework's layers.

Below the server's own middleware, FastAPI takes a ticket through two more (exceptions, exit stacks), the
router's search of every route, the request wrappers, the body parsed to Python and validated again, the
content type read with the ``email`` package, and the dependency solver for the caller and the
``Idempotency-Key`` header: more of the event loop's time than the route itself. This path takes the
request from :class:`server.guard.Guard` (so the body limit, the JSON 500 and the access log hold as for
every request), validates the body once with the model's own JSON parser, reads the caller from the
``Authorization`` header as the route's dependency does, and calls the same route function
(``server.routes_kiosk.issue``), which does everything else.

It answers only the requests whose answer it is sure of: a body the model takes as it is, sent as
``application/json`` with a bearer credential and an ``Idempotency-Key`` within its length. Anything else
(malformed JSON, a missing or wrong value, another content type, the web pages' cookie instead of the
header) is handed to the framework with the body as it was read, so every error answer is the framework's
own (tests/server/test_direct.py compares the two). The OpenAPI document still describes the routes as
FastAPI declares them.

``GET /api/v1/health`` takes nothing but the request (no parameters, body or caller), so its direct path
only calls the route function; :class:`DirectRead` refuses a route that would need more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import idempotency
from core.errors import QmsError
from server.auth import Principal
from server.deps import bearer_credential
from server.guard import error_response
from server.models import IssueIn

Endpoint = Callable[[IssueIn, Request, Principal, str | None], Awaitable[Response]]


class DirectIssue:
    """Answers ``POST /api/v1/tickets`` with *route*'s endpoint, or hands the request to the framework."""

    def __init__(self, route: APIRoute) -> None:
        self.route = route  # the access log names the route's template, as for the framework's requests
        self.endpoint: Endpoint = route.endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send, framework: ASGIApp) -> None:
        authorization = content_type = key = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's ``headers.get`` reads them
            if name == b"authorization":
                if authorization is None:
                    authorization = value
            elif name == b"content-type":
                if content_type is None:
                    content_type = value
            elif name == b"idempotency-key" and key is None:
                key = value
        received: list[Message] = []
        body = await _read_body(receive, received)
        # as the route's dependency reads it; no credential: the framework looks for the pages' cookie
        credential = None if authorization is None else bearer_credential(authorization.decode("latin-1"))
        if (body is None or credential is None or not _is_json(content_type)
                or (key is not None and len(key) > idempotency.MAX_KEY_LENGTH)):
            await framework(scope, _replay(received, receive), send)
            return
        try:
            ticket = IssueIn.model_validate_json(body)
        except ValidationError:
            await framework(scope, _replay(received, receive), send)
            return
        scope["route"] = self.route
        request = Request(scope, receive)
        try:
            who = scope["app"].state.qms.auth.authenticate(credential)
            response = await self.endpoint(ticket, request, who, None if key is None else key.decode("latin-1"))
        except QmsError as error:
            response = error_response(error)
        await response(scope, receive, send)


async def _read_body(receive: Receive, received: list[Message]) -> bytes | None:
    """The whole body, keeping each message in *received*; ``None`` when the client left first."""
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request":
            return None
        if not message.get("more_body", False):
            break
    if len(received) == 1:
        return received[0].get("body", b"")
    return b"".join(m.get("body", b"") for m in received)


def _is_json(content_type: bytes | None) -> bool:
    """``application/json``, with or without parameters: the framework parses the body as JSON for it (and
    for ``+json`` types, which this path leaves to it)."""
    return content_type is not None and content_type.split(b";", 1)[0].strip().lower() == b"application/json"


def _replay(received: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that hands out *received* again, then whatever comes next."""
    waiting = list(received)

    async def replay() -> Message:
        if waiting:
            return waiting.pop(0)
        return await receive()

    return replay


class DirectRead:
    """Answers a request with *route*'s endpoint, which takes the request alone and reads nothing from it
    that the framework would check (no path, query, header, cookie or body parameter, no dependency)."""

    def __init__(self, route: APIRoute) -> None:
        wants = route.dependant
        if (route.body_field is not None or wants.dependencies or wants.path_params or wants.query_params
                or wants.header_params or wants.cookie_params or wants.request_param_name is None):
            raise ValueError(f"{route.path} takes more than the request")
        self.route = route
        self.endpoint: Callable[[Request], Awaitable[Response]] = route.endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send, framework: ASGIApp) -> None:
        scope["route"] = self.route
        try:
            response = await self.endpoint(Request(scope, receive))
        except QmsError as error:
            response = error_response(error)
        await response(scope, receive, send)


def find_route(routes: list[Any], method: str, path: str) -> APIRoute:
    """The route answering *method* *path* among *routes* (an ``APIRouter``'s)."""
    for route in routes:
        if isinstance(route, APIRoute) and route.path == path and method in (route.methods or ()):
            return route
    raise LookupError(f"{method} {path}")
