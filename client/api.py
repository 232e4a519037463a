"""Typed calls to the QMS server over HTTP, inside the Qt event loop.

``ApiClient`` has one method per endpoint of the server's contract. Each returns a ``Call`` at once; the
answer arrives later by its ``finished(result)`` or ``failed(ApiError)`` signal (or the callbacks given to
``then``). Nothing blocks the GUI thread, and every request has a timeout, so a dead server gives a
``timeout`` or ``network_unreachable`` error within seconds instead of a frozen window.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from PySide6.QtCore import QByteArray, QObject, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from client import errors
from client.errors import ApiError
from client.wire import TICKET_ACTIONS

API = "/api/v1"
DEFAULT_TIMEOUT = 5.0  # seconds; a LAN server answers in milliseconds, so more means it is gone

Result = Any  # the decoded JSON answer: a dict for every endpoint of the contract, or None


class Call(QObject):
    """One request in flight. Exactly one of ``finished`` or ``failed`` is emitted, once."""

    finished = Signal(object)  # the decoded JSON answer
    failed = Signal(object)  # an ApiError

    def __init__(self, method: str, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.method, self.path = method, path
        self.result: Result = None
        self.error: ApiError | None = None
        self.done = False
        self._reply: QNetworkReply | None = None
        self._aborted = False

    def then(self, on_result: Callable[[Result], object] | None = None,
             on_error: Callable[[ApiError], object] | None = None) -> Call:
        """Connect callbacks for the answer; returns the call itself so it can be chained."""
        if on_result is not None:
            self.finished.connect(on_result)
        if on_error is not None:
            self.failed.connect(on_error)
        return self

    def abort(self) -> None:
        """Give up on the request; ``failed`` is emitted with the code ``cancelled``."""
        if self._reply is not None and not self.done:
            self._aborted = True
            self._reply.abort()

    def _succeed(self, result: Result) -> None:
        self.done, self.result = True, result
        self.finished.emit(result)

    def _fail(self, error: ApiError) -> None:
        self.done, self.error = True, error
        self.failed.emit(error)


class ApiClient(QObject):
    """The server's REST API for one app: base URL, bearer token, timeout.

    ``unauthorized`` is emitted (besides the call's own ``failed``) whenever the server answers 401
    ``unauthorized``: the token is no longer valid (logged out elsewhere, the counter taken over, a new
    day), and the app must log in again. A wrong PIN at login (401 ``login_failed``) is only that call's failure.
    """

    unauthorized = Signal(object)  # the ApiError of the refused call

    def __init__(self, base_url: str, token: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 manager: QNetworkAccessManager | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.manager = manager or QNetworkAccessManager(self)
        # Each reply in flight with its Call (kept alive here until the answer is delivered) and timeout.
        # The reply signal goes to a bound slot, not a closure over self: a closure would tie the client,
        # its network manager and the reply in a cycle whose collection crashes Qt.
        self._pending: dict[QNetworkReply, tuple[Call, float]] = {}

    # ----------------------------------------------------------------- plumbing

    @property
    def address(self) -> str:
        """``host:port`` of the server, for messages."""
        url = QUrl(self.base_url)
        return f"{url.host()}:{url.port(80)}"

    def events_url(self, since: int) -> QUrl:
        """The WebSocket URL of the event stream after *since*, with this client's token."""
        url = QUrl(self.base_url + f"{API}/events")
        url.setScheme("wss" if url.scheme() == "https" else "ws")
        query = {"since": str(since)}
        if self.token:
            query["token"] = self.token
        url.setQuery(urlencode(query))
        return url

    def request(self, method: str, path: str, body: object = None, *, auth: bool = True,
                timeout: float | None = None, headers: dict[str, str] | None = None) -> Call:
        """Send *method* to ``/api/v1`` + *path* with an optional JSON *body* (and extra *headers*); the
        generic form of the endpoint methods below."""
        call = Call(method, path)
        request = QNetworkRequest(QUrl(self.base_url + API + path))
        request.setRawHeader(b"Accept", b"application/json")
        for name, value in (headers or {}).items():
            request.setRawHeader(name.encode("ascii"), value.encode("ascii"))
        if auth and self.token:
            request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        seconds = self.timeout if timeout is None else timeout
        request.setTransferTimeout(max(1, round(seconds * 1000)))
        data = QByteArray()
        if body is not None:
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            data = QByteArray(json.dumps(body, ensure_ascii=False).encode())
        reply = self.manager.sendCustomRequest(request, method.encode(), data)
        call._reply = reply
        self._pending[reply] = (call, seconds)
        reply.finished.connect(self._finish)
        return call

    @Slot()
    def _finish(self) -> None:
        reply = self.sender()
        if not isinstance(reply, QNetworkReply) or reply not in self._pending:
            return
        # The call has no Qt parent: once delivered and dropped by the app, Python frees it.
        call, seconds = self._pending.pop(reply)
        call._reply = None
        reply.deleteLater()
        outcome = self._outcome(call, reply, seconds)
        if isinstance(outcome, ApiError):
            if outcome.http_status == 401 and outcome.code == "unauthorized":  # not a wrong PIN at login
                self.unauthorized.emit(outcome)
            call._fail(outcome)
        else:
            call._succeed(outcome)

    def _outcome(self, call: Call, reply: QNetworkReply, seconds: float) -> Result | ApiError:
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        error = reply.error()
        if status is None:
            if call._aborted:
                return ApiError.client_side(errors.CANCELLED, "cancelled")
            timeouts = (QNetworkReply.NetworkError.OperationCanceledError, QNetworkReply.NetworkError.TimeoutError)
            if error in timeouts:  # the transfer timeout aborts the reply
                return ApiError.client_side(errors.TIMEOUT, "timeout", seconds=f"{seconds:g}")
            return ApiError.client_side(errors.NETWORK_UNREACHABLE, "server_unreachable", address=self.address)
        status = int(status)
        raw = bytes(reply.readAll().data())
        try:
            body = json.loads(raw) if raw.strip() else None
        except ValueError:
            body = ValueError
        if 200 <= status < 300:
            if body is ValueError:
                return ApiError.client_side(errors.BAD_RESPONSE, "bad_response", http_status=status)
            return body
        err = ApiError.from_body(status, body)
        if err is not None:
            return err
        if status == 401:
            return ApiError.client_side(errors.UNAUTHORIZED, "session_expired", http_status=status)
        if status >= 500:
            return ApiError.client_side(errors.SERVER_ERROR, "server_error", http_status=status, status=status)
        return ApiError.client_side(errors.BAD_RESPONSE, "bad_response", http_status=status)

    # ----------------------------------------------------------------- server and session

    def health(self) -> Call:
        """``{"status", "seq", "service_day", "version"}``; needs no token."""
        return self.request("GET", "/health", auth=False)

    def login(self, username: str, pin: str, counter: int) -> Call:
        """Log an officer in at *counter*; on success the client keeps the returned token."""
        call = self.request("POST", "/auth/login", {"username": username, "pin": pin, "counter": counter},
                            auth=False)
        call.finished.connect(self._remember_token)
        return call

    def _remember_token(self, result: Result) -> None:
        if isinstance(result, dict) and result.get("token"):
            self.token = result["token"]

    def logout(self) -> Call:
        """End the officer's session; the token is forgotten when the server confirms."""
        call = self.request("POST", "/auth/logout")
        call.finished.connect(self._forget_token)
        return call

    def _forget_token(self, _result: Result) -> None:
        self.token = None

    def config(self) -> Call:
        """The centre, its fields, counters and the ticket/voice/display tables."""
        return self.request("GET", "/config")

    def snapshot(self) -> Call:
        """Waiting per field, counters and recent calls, with the event ``seq`` they reflect."""
        return self.request("GET", "/snapshot")

    # ----------------------------------------------------------------- kiosk

    def issue_ticket(self, field: str, priority: str | None = None, note: str | None = None,
                     idempotency_key: str | None = None) -> Call:
        """Issue a ticket in *field* (201 ``{"ticket", "ahead", "estimated_minutes", ...}``). A retry of a
        request whose answer was lost sends the same *idempotency_key* and gets the same ticket."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return self.request("POST", "/tickets", {"field": field, "priority": priority, "note": note},
                            headers=headers)

    def report_printer(self, status: str, reason: str | None = None) -> Call:
        """Tell the server how this kiosk's printer is (``ready``, ``paper_near_end``, ``paper_out``, ...)."""
        return self.request("POST", "/kiosk/printer", {"status": status, "reason": reason})

    def print_result(self, ticket_id: int, ok: bool, status: str, reason: str | None = None) -> Call:
        """Tell the server whether the kiosk printed the ticket."""
        return self.request("POST", f"/tickets/{ticket_id}/print-result",
                            {"ok": ok, "status": status, "reason": reason})

    # ----------------------------------------------------------------- counter

    def call_next(self, counter: int) -> Call:
        """Call the next ticket at *counter*: ``{"ticket": {...} | None}`` (``None``: nobody waits)."""
        return self.request("POST", f"/counters/{counter}/call-next")

    def call_number(self, counter: int, label: str, field: str | None = None, reason: str | None = None) -> Call:
        """Call the number *label* at *counter* (waiting, or absent and back); *field* when fields share
        numbers; out of turn, the *reason* goes in the log."""
        return self.request("POST", f"/counters/{counter}/call", {"label": label, "field": field, "reason": reason})

    def requeue(self, counter: int, label: str, field: str | None = None) -> Call:
        """Put the absent citizen holding *label* back in the queue at their place."""
        return self.request("POST", f"/counters/{counter}/requeue", {"label": label, "field": field})

    def counter_queue(self, counter: int) -> Call:
        """The counter's own view: ticket in hand with its times, held and waiting tickets, today's figures."""
        return self.request("GET", f"/counters/{counter}/queue")

    def public_counters(self) -> Call:
        """The centre's counters and fields for a login screen (needs no token)."""
        return self.request("GET", "/public/counters", auth=False)

    def pause(self, counter: int, reason: str | None = None) -> Call:
        """Pause *counter* (tạm nghỉ)."""
        return self.request("POST", f"/counters/{counter}/pause", {"reason": reason})

    def unpause(self, counter: int) -> Call:
        """End *counter*'s pause."""
        return self.request("POST", f"/counters/{counter}/unpause")

    def ticket_action(self, counter: int, ticket_id: int, action: str) -> Call:
        """Apply *action* (one of ``TICKET_ACTIONS``) to a ticket at *counter*: ``{"ticket": {...}}``."""
        if action not in TICKET_ACTIONS:
            raise ValueError(f"unknown ticket action {action!r}; expected one of {TICKET_ACTIONS}")
        return self.request("POST", f"/counters/{counter}/tickets/{ticket_id}/{quote(action)}")

    def recall(self, counter: int, ticket_id: int) -> Call:
        """Call the ticket again."""
        return self.ticket_action(counter, ticket_id, "recall")

    def start(self, counter: int, ticket_id: int) -> Call:
        """The citizen arrived: start serving."""
        return self.ticket_action(counter, ticket_id, "start")

    def finish(self, counter: int, ticket_id: int) -> Call:
        """Serving is finished."""
        return self.ticket_action(counter, ticket_id, "finish")

    def no_show(self, counter: int, ticket_id: int) -> Call:
        """The called citizen did not come."""
        return self.ticket_action(counter, ticket_id, "no-show")

    def return_to_queue(self, counter: int, ticket_id: int) -> Call:
        """Put the called ticket back in the queue, keeping its place."""
        return self.ticket_action(counter, ticket_id, "return")

    def hold(self, counter: int, ticket_id: int) -> Call:
        """Park the ticket."""
        return self.ticket_action(counter, ticket_id, "hold")

    def resume(self, counter: int, ticket_id: int) -> Call:
        """Take a held ticket back into service."""
        return self.ticket_action(counter, ticket_id, "resume")

    def cancel(self, counter: int, ticket_id: int) -> Call:
        """Cancel the ticket (the citizen left)."""
        return self.ticket_action(counter, ticket_id, "cancel")

    def transfer(self, counter: int, ticket_id: int, field: str | None = None,
                 to_counter: int | None = None, reason: str | None = None) -> Call:
        """Send the citizen to another field and/or counter: ``{"ticket": <the new waiting ticket>}``."""
        return self.request("POST", f"/counters/{counter}/tickets/{ticket_id}/transfer",
                            {"field": field, "counter": to_counter, "reason": reason})

    # ----------------------------------------------------------------- ratings (officer token or tablet key)

    def rate(self, counter: int, ticket_id: int, answer: str, reasons: list[str] | tuple[str, ...] = ()) -> Call:
        """Record the citizen's rating of a ticket finished at *counter*: ``{"ticket_id", "answer", ...}``."""
        return self.request("POST", f"/counters/{counter}/tickets/{ticket_id}/rating",
                            {"answer": answer, "reasons": list(reasons)})
