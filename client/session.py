"""One app's live connection to the server: API, event stream and queue models wired together.

``ServerSession`` loads a snapshot (retrying with backoff while the server is unreachable), then streams
the events after it into a ``LiveQueue``. Live events carry the rows they changed (estimates included) and
every reconnect's replay ends with a snapshot, so nothing is polled. A snapshot fetched while the stream
runs (after a gap the server could not replay) is taken only if it is not older than what the stream
brought, so nothing shown goes backwards. It keeps ``online`` and a status line in Vietnamese
(``status_text()``; ``status_text("en")`` in English) for the app's status bar.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assets.texts import tr
from client.api import ApiClient
from client.backoff import Backoff
from client.errors import ApiError
from client.events import EventStream
from client.models import LiveQueue


class ServerSession(QObject):
    """Keeps a ``LiveQueue`` current from one server, across restarts and outages.

    Signals: ``online_changed(bool)``; ``status_changed(str)`` with the Vietnamese status line;
    ``event_received(event)`` for every new event once the models took it (a display speaks calls from
    here); ``snapshot_loaded()`` after each snapshot; ``unauthorized(ApiError)`` when the token was refused
    (log in again, then ``start()``).
    """

    online_changed = Signal(bool)
    status_changed = Signal(str)
    event_received = Signal(dict)
    snapshot_loaded = Signal()
    unauthorized = Signal(object)

    def __init__(self, api: ApiClient, stream: EventStream | None = None, queue: LiveQueue | None = None,
                 retry: Backoff | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.stream = stream or EventStream(api, parent=self)
        self.queue = queue or LiveQueue(parent=self)
        self.retry = retry or Backoff()
        self.online = False
        self.last_error: ApiError | None = None
        self._status: tuple[str, dict[str, Any]] = ("connecting", {})
        self._loading = False
        self._again = False  # a refresh was asked for while one was in flight

        self.retry_timer = QTimer(self, objectName="retry_timer", singleShot=True)
        self.retry_timer.timeout.connect(self.refresh)

        self.stream.connected.connect(self._on_connected)
        self.stream.disconnected.connect(self._on_disconnected)
        self.stream.reconnect_scheduled.connect(self._on_reconnect_scheduled)
        self.stream.event_received.connect(self._on_event)
        self.stream.reload_required.connect(self._on_reload)
        self.stream.resync_required.connect(self.refresh)
        # A refused stream says nothing about why; the snapshot request that follows gets a 401 with
        # the reason, which reaches the app as ``unauthorized``.
        self.stream.refused.connect(self.refresh)
        self.api.unauthorized.connect(self._on_unauthorized)

    # ----------------------------------------------------------------- control

    def start(self) -> None:
        """Load the snapshot and start streaming (again, after a new login)."""
        self.stream.stop()
        self._set_status("connecting")
        self.refresh()

    def stop(self) -> None:
        """Stop streaming (and retrying)."""
        self.stream.stop()
        self.retry_timer.stop()
        self._set_online(False)

    def refresh(self) -> None:
        """Fetch a fresh snapshot now (at most one request at a time)."""
        if self._loading:
            self._again = True
            return
        self._loading, self._again = True, False
        self.api.snapshot().then(self._on_snapshot, self._on_snapshot_failed)

    # ----------------------------------------------------------------- status

    def status_text(self, lang: str = "vi") -> str:
        """The status line for the app's status bar."""
        key, values = self._status
        if key == "error":
            return values["error"].message(lang)
        return tr(f"client.{key}", lang, **values)

    def _set_status(self, key: str, **values: Any) -> None:
        if (key, values) != self._status:
            self._status = (key, values)
            self.status_changed.emit(self.status_text())

    def _set_error(self, error: ApiError) -> None:
        self._status = ("error", {"error": error})
        self.status_changed.emit(self.status_text())

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    # ----------------------------------------------------------------- snapshot

    def _on_snapshot(self, snapshot: dict[str, Any]) -> None:
        self._loading = False
        self.retry.reset()
        if not (self.stream.running and snapshot["seq"] < self.queue.state.seq):
            # (an answer older than what the stream brought since is dropped)
            self.queue.apply_snapshot(snapshot)
            if not self.stream.running:
                self.stream.start(since=snapshot["seq"])
            self.snapshot_loaded.emit()
        if self._again:
            self.refresh()

    def _on_snapshot_failed(self, error: ApiError) -> None:
        self._loading = False
        self.last_error = error
        if self.stream.running:
            return  # the stream keeps the models current; the next refresh tries again
        if error.http_status == 401:
            return  # _on_unauthorized said so; the app logs in again and calls start()
        if error.is_network:
            delay = self.retry.next_delay()
            self._set_status("reconnecting", seconds=max(1, math.ceil(delay)))
        else:
            delay = self.retry.cap
            self._set_error(error)
        self.retry_timer.start(round(delay * 1000))

    # ----------------------------------------------------------------- stream

    def _on_connected(self) -> None:
        self._set_online(True)
        self._set_status("online")

    def _on_disconnected(self) -> None:
        self._set_online(False)
        self._set_status("connection_lost")

    def _on_reconnect_scheduled(self, delay: float) -> None:
        if delay > 0:
            self._set_status("reconnecting", seconds=max(1, math.ceil(delay)))

    def _on_event(self, event: dict[str, Any]) -> None:
        self.queue.apply_event(event)
        self.event_received.emit(event)

    def _on_reload(self, snapshot: dict[str, Any]) -> None:
        self.queue.apply_snapshot(snapshot)
        self.snapshot_loaded.emit()

    def _on_unauthorized(self, error: ApiError) -> None:
        self.last_error = error
        self._set_status("session_expired")
        self.unauthorized.emit(error)
