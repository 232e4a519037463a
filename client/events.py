"""The server's event stream on a WebSocket, with automatic reconnect that misses nothing.

``EventStream`` keeps ``last_seq``, the sequence number of the last event it delivered. Whenever the
connection drops (server restarted, cable pulled, the server dropped a slow client with close code 4008) it
reconnects with exponential backoff (0.25 s doubling, at most 5 s) and asks for the events after
``last_seq``; the server replays them, so every event reaches the app exactly once: repeats are dropped
here, and a gap (an event whose seq is not ``last_seq + 1``) is closed by reconnecting at once to have it
replayed. When the server finds the client too far behind it sends a ``reload`` snapshot instead, and
every replay ends with one (replayed events carry no rows: the snapshot is the state they led to). A live
event arrives with the field and counter rows its commit changed, as ``event["rows"]``.

Timers are attributes with names (``reconnect_timer``, ``connect_timer``, ``heartbeat_timer``) so tests
can look at and fire them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QAbstractSocket
from PySide6.QtWebSockets import QWebSocket

from client.api import ApiClient
from client.backoff import Backoff

log = logging.getLogger(__name__)

CLOSE_TOO_SLOW = 4008  # the server dropped us for falling behind: reconnect at once
CLOSE_UNAUTHORIZED = 4001  # the key or token was refused (revoked, logged out, taken over, disabled)
CONNECT_TIMEOUT = 5.0  # seconds for the TCP + WebSocket handshake
HEARTBEAT = 10.0  # seconds between pings; two silent intervals mean the link is dead


class EventStream(QObject):
    """Events of one server, delivered in sequence order exactly once, across reconnects.

    Signals: ``connected`` / ``disconnected`` as the link comes and goes (``disconnected`` only after a
    ``connected``); ``event_received(event)`` for each new event (with ``rows`` when it carried some);
    ``reload_required(snapshot)`` when the server sent a snapshot: instead of the missed events, or after
    replaying them (``last_seq`` then continues from the snapshot);
    ``resync_required()`` when a gap could not be closed by a replay (the owner should fetch a snapshot);
    ``reconnect_scheduled(seconds)`` before each wait.
    """

    connected = Signal()
    disconnected = Signal()
    event_received = Signal(dict)
    reload_required = Signal(dict)
    resync_required = Signal()
    reconnect_scheduled = Signal(float)
    refused = Signal()  # closed with 4001: the credential is no longer good

    def __init__(self, api: ApiClient, backoff: Backoff | None = None, connect_timeout: float = CONNECT_TIMEOUT,
                 heartbeat: float = HEARTBEAT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.backoff = backoff or Backoff()
        self.last_seq = 0
        self.running = False
        self.online = False
        self.duplicates = 0  # events dropped because they were delivered already
        self.gaps = 0  # gaps seen in the stream
        self.reconnects = 0  # connections after the first one
        self._socket: QWebSocket | None = None
        self._opened_once = False
        self._gap_at: int | None = None  # last_seq at the previous gap: the same gap twice is not replayable
        self._heard = True  # anything received since the last heartbeat tick
        self._immediate = False  # reconnect without waiting (gap, or the server said we are behind)

        self.reconnect_timer = QTimer(self, objectName="reconnect_timer", singleShot=True)
        self.reconnect_timer.timeout.connect(self._open)
        self.connect_timer = QTimer(self, objectName="connect_timer", singleShot=True)
        self.connect_timer.setInterval(round(connect_timeout * 1000))
        self.connect_timer.timeout.connect(self._give_up_connecting)
        self.heartbeat_timer = QTimer(self, objectName="heartbeat_timer")
        self.heartbeat_timer.setInterval(round(heartbeat * 1000))
        self.heartbeat_timer.timeout.connect(self._heartbeat)

    # ----------------------------------------------------------------- control

    def start(self, since: int | None = None) -> None:
        """Connect and stream the events after *since* (default: ``last_seq``)."""
        if since is not None:
            self.last_seq = since
        self.running = True
        self._gap_at = None
        self._close_socket()
        self._open()

    def restart(self, since: int) -> None:
        """Drop the connection and stream again from *since* (after the owner applied a snapshot)."""
        self.start(since)

    def stop(self) -> None:
        """Close the connection and stop reconnecting."""
        self.running = False
        self.reconnect_timer.stop()
        self._close_socket()
        self._set_offline()

    def reconnect_now(self) -> None:
        """Skip the remaining backoff wait and try at once (a "Kết nối lại" button, or a test)."""
        if self.running and not self.online:
            self.reconnect_timer.stop()
            self._open()

    # ----------------------------------------------------------------- connection

    def _open(self) -> None:
        self._close_socket()
        socket = QWebSocket(parent=self)
        self._socket = socket  # handlers ignore signals from any socket but this one
        # Bound slots, not closures over self: a closure would make a reference cycle through the
        # socket whose collection crashes Qt. Each slot checks that the sender is the current socket.
        socket.connected.connect(self._on_connected)
        socket.disconnected.connect(self._on_disconnected)
        socket.textMessageReceived.connect(self._on_message)
        socket.pong.connect(self._on_pong)
        socket.errorOccurred.connect(self._on_error)
        self.connect_timer.start()
        socket.open(self.api.events_url(self.last_seq))

    def _close_socket(self) -> None:
        socket, self._socket = self._socket, None
        self.connect_timer.stop()
        self.heartbeat_timer.stop()
        if socket is not None:
            socket.abort()
            socket.deleteLater()

    def _give_up_connecting(self) -> None:
        if self._socket is not None:
            log.info("event stream: no handshake within %s ms", self.connect_timer.interval())
            self._socket.abort()

    def _current(self) -> QWebSocket | None:
        """The socket that sent the signal being handled, if it is the current one."""
        socket = self.sender()
        return socket if socket is not None and socket is self._socket else None

    @Slot()
    def _on_connected(self) -> None:
        if self._current() is None:
            return
        self.connect_timer.stop()
        self._heard = True
        self.heartbeat_timer.start()
        if self._opened_once:
            self.reconnects += 1
        self._opened_once = True
        self.online = True
        self.connected.emit()

    @Slot(QAbstractSocket.SocketError)
    def _on_error(self, error: QAbstractSocket.SocketError) -> None:
        socket = self._current()
        if socket is None:
            return
        log.info("event stream error: %s (%s)", socket.errorString(), error)
        # A failed handshake or refused connection may leave the socket without a disconnected
        # signal; abort makes sure one follows.
        if socket.state() != QAbstractSocket.SocketState.UnconnectedState:
            socket.abort()
        else:
            self._lost(socket)

    @Slot()
    def _on_disconnected(self) -> None:
        socket = self._current()
        if socket is not None:
            self._lost(socket)

    def _lost(self, socket: QWebSocket) -> None:
        if socket is not self._socket:
            return
        code = socket.closeCode()
        self._socket = None
        socket.deleteLater()
        self.connect_timer.stop()
        self.heartbeat_timer.stop()
        if getattr(code, "value", code) == CLOSE_TOO_SLOW:
            self._immediate = True
        elif getattr(code, "value", code) == CLOSE_UNAUTHORIZED:
            self.refused.emit()
        self._set_offline()
        if self.running:
            self._schedule()

    def _set_offline(self) -> None:
        if self.online:
            self.online = False
            self.disconnected.emit()

    def _schedule(self) -> None:
        delay = 0.0 if self._immediate else self.backoff.next_delay()
        self._immediate = False
        self.reconnect_timer.start(round(delay * 1000))
        self.reconnect_scheduled.emit(delay)

    def _heartbeat(self) -> None:
        if self._socket is None:
            return
        if not self._heard:
            log.info("event stream: no answer to ping; reconnecting")
            self._socket.abort()
            return
        self._heard = False
        self._socket.ping()

    def _on_pong(self, *_: object) -> None:
        if self._current() is not None:
            self._on_heard()

    def _on_heard(self) -> None:
        self._heard = True
        # The link carries data again: the next outage starts from the short delays.
        self.backoff.reset()

    # ----------------------------------------------------------------- messages

    @Slot(str)
    def _on_message(self, text: str) -> None:
        if self._current() is None:
            return
        self._on_heard()
        try:
            message = json.loads(text)
            kind = message["type"]
        except (ValueError, TypeError, KeyError):
            log.warning("event stream: ignored a malformed message %.200r", text)
            return
        if kind == "event":
            event, rows = message.get("event"), message.get("rows")
            if isinstance(event, dict) and isinstance(rows, dict):
                event = {**event, "rows": rows}  # the field and counter rows its commit changed
            self._on_event(event)
        elif kind == "reload" and isinstance(message.get("snapshot"), dict):
            snapshot = message["snapshot"]
            self.last_seq = int(snapshot["seq"])
            self._gap_at = None
            self.reload_required.emit(snapshot)

    def _on_event(self, event: Any) -> None:
        if not isinstance(event, dict) or not isinstance(event.get("seq"), int):
            log.warning("event stream: ignored an event without seq %.200r", event)
            return
        seq = event["seq"]
        if seq <= self.last_seq:
            self.duplicates += 1
            return
        if seq != self.last_seq + 1:
            self.gaps += 1
            if self._gap_at != self.last_seq:
                # Ask the server to replay from where we are; it keeps the whole log.
                self._gap_at = self.last_seq
                self._immediate = True
                if self._socket is not None:
                    self._socket.abort()
                return
            # The replay had the same hole: accept the event and let the owner reload a snapshot.
            self.resync_required.emit()
        self._gap_at = None
        self.last_seq = seq
        self.event_received.emit(event)
