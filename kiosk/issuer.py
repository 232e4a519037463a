"""Asking the server for a ticket: one request per tap, and the same ticket when a request is retried.

A citizen taps twice because nothing seemed to happen, or the answer is lost on the LAN after the server
issued the number. ``TicketIssuer`` ignores taps while a request is pending, and sends each request with
a fresh ``Idempotency-Key`` that its retries repeat: the server answers a retry with the ticket it
already issued, so a citizen never holds a number the queue does not know, nor two numbers for one tap.
Retries wait on ``retry_timer`` (named, so tests can fire it); nothing here blocks the GUI thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient
from client.errors import ApiError

RETRY_DELAYS = (0.5, 1.0, 2.0)  # seconds; a citizen waits at most a few seconds before a clear answer


@dataclass(frozen=True)
class Request:
    """One tap: the field, the priority kind and the key its retries share."""

    field: str
    priority: str | None
    key: str


class TicketIssuer(QObject):
    """``issue(field, priority)`` → ``issued(answer)`` or ``refused(ApiError)``; ``busy_changed(bool)``."""

    issued = Signal(dict)
    refused = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, api: ApiClient, retry_delays: tuple[float, ...] = RETRY_DELAYS,
                 new_key: Callable[[], str] = lambda: str(uuid.uuid4()), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.retry_delays = retry_delays
        self.new_key = new_key
        self.pending: Request | None = None
        self.attempts = 0
        self.retry_timer = QTimer(self, objectName="retry_timer", singleShot=True)
        self.retry_timer.timeout.connect(self._send)

    @property
    def busy(self) -> bool:
        """A request is on its way (or waiting to be retried)."""
        return self.pending is not None

    def issue(self, field: str, priority: str | None = None) -> bool:
        """Ask for a ticket; False (and nothing sent) while another request is pending."""
        if self.pending is not None:
            return False
        self.pending = Request(field, priority, self.new_key())
        self.attempts = 0
        self.busy_changed.emit(True)
        self._send()
        return True

    def _send(self) -> None:
        request = self.pending
        if request is None:
            return
        self.attempts += 1
        call = self.api.issue_ticket(request.field, request.priority, idempotency_key=request.key)
        call.then(partial(self._on_answer, request), partial(self._on_error, request))

    def _on_answer(self, request: Request, answer: dict[str, Any]) -> None:
        if request is not self.pending:
            return
        self._done()
        self.issued.emit(answer)

    def _on_error(self, request: Request, error: ApiError) -> None:
        if request is not self.pending:
            return
        # Lost on the way (refused connection, timeout): the server may have issued it; ask again with
        # the same key. A server that answered with a reason (closed, full) is not asked again.
        if error.is_network and self.attempts <= len(self.retry_delays):
            self.retry_timer.start(round(self.retry_delays[self.attempts - 1] * 1000))
            return
        self._done()
        self.refused.emit(error)

    def _done(self) -> None:
        self.pending = None
        self.retry_timer.stop()
        self.busy_changed.emit(False)
