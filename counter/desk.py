"""The counter's state and actions, apart from any widget: what the officer's window and compact strip show
and do goes through one ``CounterDesk``.

It holds the counter's own view from the server (``GET /counters/{n}/queue``: the ticket in hand with its
times, held and waiting tickets, today's figures), refreshes it when the event stream says something of
this counter or its fields changed, and runs the officer's actions one at a time: while a request is in
flight every action is refused (``busy``), so a double press never calls twice. Each refusal — nobody
waiting, a number taken by another counter, a paused counter, the server gone — comes back as a message
in the officer's language; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assets.texts import tr
from client.api import ApiClient, Call
from client.errors import ApiError
from client.session import ServerSession
from client.wire import Kind
from printers.status import PrinterStatus

ACTIONS = ("call_next", "recall", "start", "finish", "no_show", "return", "hold", "transfer", "call_number",
           "pause", "issue")
# Events of these kinds change what waits for some counter, or what is at one.
QUEUE_KINDS = {Kind.ISSUED, Kind.CALLED, Kind.RECALLED, Kind.STARTED, Kind.FINISHED, Kind.NO_SHOW, Kind.RETURNED,
               Kind.TRANSFERRED, Kind.TRANSFERRED_IN, Kind.HELD, Kind.RESUMED, Kind.CANCELLED, Kind.LOGIN,
               Kind.LOGOUT, Kind.PAUSED, Kind.UNPAUSED}


def parse_time(text: str | None) -> datetime | None:
    """A server time stamp as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


class CounterDesk(QObject):
    """One counter's live state and the officer's actions on it.

    Signals: ``changed()`` after any change of state, busy or link; ``message(kind, text)`` with ``kind``
    ``info`` or ``error``; ``notice(text)`` for kiosk printer trouble and for this counter's keypad or sign
    reported dead or back by ``qms bridge``; ``issued(result)`` after a ticket
    was issued from this desk; ``finished_ticket(ticket)`` once the server has recorded a "Hoàn thành".
    """

    changed = Signal()
    finished_ticket = Signal(dict)
    message = Signal(str, str)
    notice = Signal(str)
    issued = Signal(dict)

    def __init__(self, api: ApiClient, session: ServerSession, counter: int, lang: str = "vi",
                 now: Callable[[], datetime] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api, self.session, self.counter, self.lang = api, session, counter, lang
        self._now = now or (lambda: datetime.now(UTC))
        self.view: dict[str, Any] | None = None
        self.busy = False
        self.last_action: str | None = None
        self.clock_offset = 0.0  # server time − this PC's time, seconds
        self.refresh_timer = QTimer(self, objectName="refresh_timer", singleShot=True, interval=80)
        self.refresh_timer.timeout.connect(self.refresh)
        self._loading = False
        self._again = False
        session.event_received.connect(self._on_event)
        session.online_changed.connect(self._on_online)

    # ----------------------------------------------------------------- what there is

    @property
    def online(self) -> bool:
        """The server is reachable (the event stream is connected)."""
        return self.session.online

    @property
    def current(self) -> dict[str, Any] | None:
        """The ticket in hand (called or being served), or ``None``."""
        return self.view["current"] if self.view else None

    @property
    def held(self) -> list[dict[str, Any]]:
        """Tickets parked at this counter."""
        return self.view["held"] if self.view else []

    @property
    def waiting(self) -> list[dict[str, Any]]:
        """Waiting tickets this counter may call, about in call order."""
        return self.view["waiting"] if self.view else []

    @property
    def paused(self) -> bool:
        """The counter is paused (tạm nghỉ)."""
        return bool(self.view and self.view["counter"]["status"] == "paused")

    def now(self) -> datetime:
        """The server's time now, as far as this PC can tell."""
        return datetime.fromtimestamp(self._now().timestamp() + self.clock_offset, UTC)

    def seconds_since(self, stamp: str | None) -> int | None:
        """Whole seconds from a server time stamp until now."""
        moment = parse_time(stamp)
        return None if moment is None else max(0, int((self.now() - moment).total_seconds()))

    def enabled(self, action: str) -> bool:
        """Whether *action* makes sense now: never while offline or while a request is in flight."""
        if not self.online or self.busy or self.view is None:
            return False
        state = self.current["state"] if self.current else None
        if action in ("call_next", "call_number"):
            return state is None and not self.paused
        if action in ("recall", "start", "no_show", "return"):
            return state == "called"
        if action == "finish":
            return state == "serving"
        if action in ("hold", "transfer"):
            return state in ("called", "serving")
        if action == "resume":
            return state is None and bool(self.held)
        return action in ("pause", "issue")

    # ----------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Read the counter's view now (one request at a time; a refresh asked meanwhile follows it)."""
        if self._loading:
            self._again = True
            return
        self._loading, self._again = True, False
        self.api.counter_queue(self.counter).then(self._on_view, self._on_view_failed)

    def _on_view(self, view: dict[str, Any]) -> None:
        self._loading = False
        server_now = parse_time(view.get("now"))
        if server_now is not None:
            self.clock_offset = server_now.timestamp() - self._now().timestamp()
        self.view = view
        self.changed.emit()
        if self._again:
            self.refresh()

    def _on_view_failed(self, error: ApiError) -> None:
        self._loading = False
        if error.http_status != 401:  # a 401 reaches the app through the session: it asks for the PIN
            self.message.emit("error", error.message(self.lang))
        if self._again:
            self.refresh()

    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind == "print_result":
            data = event.get("data") or {}
            if not data.get("ok", True):
                self.notice.emit(tr("counter.printer_trouble", self.lang, kiosk=data.get("kiosk") or "?",
                                     status=printer_status_text(data.get("status"), self.lang)))
            return
        if kind == "device_health":
            data = event.get("data") or {}
            if data.get("counter") == self.counter:  # this counter's keypad or sign, served by qms bridge
                self.notice.emit(device_health_text(data, self.lang))
            return
        if kind not in QUEUE_KINDS or self.view is None:
            return
        mine = event.get("counter") == self.counter or event.get("field_code") in self.view["counter"]["fields"]
        if mine or (event.get("data") or {}).get("to_counter") == self.counter:
            self.refresh_timer.start()  # a burst of events gives one read

    def _on_online(self, online: bool) -> None:
        if online:
            self.refresh()
        self.changed.emit()

    # ----------------------------------------------------------------- acting

    def call_next(self) -> None:
        """Gọi tiếp."""
        self._act("call_next", lambda: self.api.call_next(self.counter))

    def recall(self) -> None:
        """Gọi lại."""
        self._ticket_act("recall", self.api.recall)

    def start(self) -> None:
        """Bắt đầu phục vụ."""
        self._ticket_act("start", self.api.start)

    def finish(self) -> None:
        """Hoàn thành."""
        self._ticket_act("finish", self.api.finish)

    def no_show(self) -> None:
        """Vắng mặt."""
        self._ticket_act("no_show", self.api.no_show)

    def return_to_queue(self) -> None:
        """Trả về hàng chờ."""
        self._ticket_act("return", self.api.return_to_queue)

    def hold(self) -> None:
        """Giữ lại."""
        self._ticket_act("hold", self.api.hold)

    def resume(self, ticket_id: int) -> None:
        """Take a held ticket back."""
        self._act("resume", lambda: self.api.resume(self.counter, ticket_id))

    def transfer(self, field: str | None, to_counter: int | None, reason: str | None = None) -> None:
        """Chuyển: to another field and/or counter."""
        ticket = self.current
        if ticket is not None:
            self._act("transfer", lambda: self.api.transfer(self.counter, ticket["id"], field, to_counter,
                                                             reason or None))

    def call_number(self, label: str, reason: str | None = None) -> None:
        """Gọi số: a particular number."""
        label = label.strip().upper()
        if not label:
            self.message.emit("error", tr("counter.number_missing", self.lang))
            return
        self._act("call_number", lambda: self.api.call_number(self.counter, label, reason=reason or None))

    def pause(self, reason: str | None = None) -> None:
        """Tạm nghỉ."""
        self._act("pause", lambda: self.api.pause(self.counter, reason or None))

    def unpause(self) -> None:
        """Resume work after a pause."""
        self._act("unpause", lambda: self.api.unpause(self.counter))

    def issue(self, field: str, priority: str | None = None) -> None:
        """A guidance desk issues a ticket for a citizen."""
        self._act("issue", lambda: self.api.issue_ticket(field, priority))

    def _ticket_act(self, action: str, method: Callable[[int, int], Call]) -> None:
        ticket = self.current
        if ticket is None:
            self.message.emit("error", tr("counter.no_ticket", self.lang))
            return
        self._act(action, lambda: method(self.counter, ticket["id"]))

    def _act(self, action: str, send: Callable[[], Call]) -> None:
        if self.busy:
            return  # a second press while the first is on its way
        if not self.online:
            self.message.emit("error", tr("counter.offline", self.lang))
            return
        self.busy, self.last_action = True, action
        self.changed.emit()
        send().then(lambda result: self._done(action, result), lambda error: self._failed(action, error))

    def _done(self, action: str, result: dict[str, Any] | None) -> None:
        self.busy = False
        ticket = (result or {}).get("ticket") if isinstance(result, dict) else None
        if action == "issue":
            self.issued.emit(result or {})
        if action == "finish" and ticket:
            self.finished_ticket.emit(ticket)
        elif action in ("call_next", "call_number", "recall", "start", "resume") and ticket and self.view:
            # Shown at once from the answer; the view read that follows brings the exact times.
            stamp = self.now().isoformat()
            previous = self.current if self.current and self.current["id"] == ticket["id"] else {}
            self.view = {**self.view, "current": {**ticket, "first_called_at": previous.get("first_called_at", stamp),
                                                  "called_at": stamp if action != "start" else
                                                  previous.get("called_at", stamp),
                                                  "started_at": stamp if action in ("start", "resume")
                                                  else previous.get("started_at")}}
        elif action in ("finish", "no_show", "return", "hold", "transfer") and self.view:
            self.view = {**self.view, "current": None}
        if action == "call_next" and ticket is None:
            self.message.emit("info", tr("counter.nobody_waiting", self.lang))
        elif action in ("pause", "unpause") and self.view:
            status = "paused" if action == "pause" else "open"
            self.view = {**self.view, "counter": {**self.view["counter"], "status": status}}
        self.changed.emit()
        self.refresh()

    def _failed(self, action: str, error: ApiError) -> None:
        self.busy = False
        if error.http_status != 401:
            self.message.emit("error", error.message(self.lang))
        self.changed.emit()
        if not error.is_network:
            self.refresh()  # the refusal says the state moved on (another counter took the number)


def printer_status_text(status: object, lang: str) -> str:
    """A kiosk's printer status in words (the code itself when it is not one the printers know)."""
    try:
        return PrinterStatus(status).text(lang)
    except ValueError:
        return str(status)


def device_health_text(data: dict[str, Any], lang: str) -> str:
    """A ``device_health`` event in words: which device of which counter stopped or resumed answering."""
    kind = data.get("kind") if data.get("kind") in ("keypad", "sign", "board") else "keypad"
    key = f"devices.report.{'alive' if data.get('alive') else 'dead'}_{kind}"
    return tr(key, lang, address=f"{int(data.get('address') or 0):02X}", counter=data.get("counter") or "-",
              port=data.get("port") or "?")
