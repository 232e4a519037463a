"""``qms bridge``: serves whole buses of keypads, counter signs and hall boards for the centre server.

The bridge is one more client of the API. It reads with a display key (configuration, the event stream);
each keypad acts with the token its officer got by typing ``<officer code>*<PIN>#`` (docs/devices.md,
"Logging in on a keypad"). Key presses become API calls; signs and boards show what the event stream says,
so calls made from a counter PC appear on them too. Buses run on their own threads (:class:`BusMaster`);
everything else runs on one asyncio loop.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assets.texts import tr
from devices.bus import BusMaster
from devices.calls import CallBoard
from devices.config import Board, DevicesConfig
from devices.keypad import Intent, KeypadEntry, Refused, plan
from devices.scanners import Scan, SerialScanner
from devices.server_link import ApiError, ServerLink

log = logging.getLogger(__name__)

# What a keypad's own display shows (docs/devices.md, "Keypad display").
LOGGED_OUT = "PIN"
ERR_KEY, ERR_LOGIN, ERR_REFUSED, ERR_SERVER, ERR_NOT_LOGGED_IN = "E1", "E2", "E3", "E4", "E5"


@dataclass
class KeypadSession:
    """One keypad: its counter, what the officer is typing, and the officer's token once logged in."""

    counter: int
    bus: str
    address: int
    entry: KeypadEntry = field(default_factory=KeypadEntry)
    token: str | None = None
    username: str | None = None
    queue: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one action at a time per counter
    error: str | None = None  # an error code shown until the officer presses the next key
    actions: int = 0


class Bridge:
    """Buses, keypad sessions and the call board, wired to one server."""

    def __init__(self, config: DevicesConfig, link: ServerLink, *,
                 bus_factory: Callable[..., BusMaster] = BusMaster, lang: str = "vi") -> None:
        self.config, self.link, self.bus_factory, self.lang = config, link, bus_factory, lang
        self.buses: dict[str, BusMaster] = {}
        self.scanners: list[SerialScanner] = []
        self.keypads: dict[tuple[str, int], KeypadSession] = {}
        self.board: CallBoard | None = None
        self.ready = asyncio.Event()
        self.reports: deque[str] = deque(maxlen=500)  # the latest reports to staff (also logged)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # ----------------------------------------------------------------- running

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until *stop* is set. Raises :class:`~assets.settings.ConfigError` when a counter is unknown."""
        self._loop = asyncio.get_running_loop()
        config = await self._server_config(stop)
        if config is None:
            return
        counters = [c["number"] for c in config["counters"]]
        self.config.check_counters(set(counters))
        rows = max((b.rows for bus in self.config.buses for b in bus.boards), default=5)
        self.board = CallBoard(counters, rows)
        for bus in self.config.buses:
            master = self.bus_factory(
                bus.port, [k.address for k in bus.keypads], baudrate=bus.baudrate,
                on_keys=lambda a, k, port=bus.port: self._threadsafe(self._keys, port, a, k),
                on_health=lambda a, ok, port=bus.port: self._threadsafe(self._health, port, a, ok),
                on_port=lambda ok, port=bus.port: self._threadsafe(self._port, port, ok),
                poll_timeout=self.config.poll_timeout_ms / 1000, retries=self.config.retries,
                dead_seconds=self.config.dead_seconds, refresh_seconds=self.config.refresh_seconds)
            self.buses[bus.port] = master
            for k in bus.keypads:
                session = KeypadSession(k.counter, bus.port, k.address)
                self.keypads[(bus.port, k.address)] = session
                master.show_display(k.address, LOGGED_OUT)
                self._spawn(self._serve_keypad(session))
        for master in self.buses.values():
            master.start()
        for sc in self.config.scanners:
            scanner = SerialScanner(sc.port, sc.baudrate)
            scanner.start(functools.partial(self._scan_from_thread, sc.counter))
            self.scanners.append(scanner)
        self.ready.set()
        try:
            await self.link.follow(self._message, stop)
        finally:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            for master in self.buses.values():
                await asyncio.to_thread(master.stop)
            for scanner in self.scanners:
                await asyncio.to_thread(scanner.stop)

    async def _server_config(self, stop: asyncio.Event) -> dict[str, Any] | None:
        """The server's configuration; waits for a server that is not up yet."""
        while not stop.is_set():
            try:
                return await self.link.config()
            except ApiError as exc:
                if exc.status in (401, 403):
                    raise
                log.warning("%s", self._both("devices.report.server_waiting", url=self.link.base_url))
            try:
                await asyncio.wait_for(stop.wait(), self.link.backoff.next_delay())
            except TimeoutError:
                pass
        return None

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _threadsafe(self, fn: Callable[..., None], *args: Any) -> None:
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:  # the loop has closed: the bridge is stopping
            pass

    def _both(self, key: str, **values: object) -> str:
        return f"{tr(key, 'vi', **values)} / {tr(key, 'en', **values)}"

    def report(self, key: str, level: int = logging.WARNING, **values: object) -> None:
        """Tell the centre's staff (the bridge's log, in both languages)."""
        text = self._both(key, **values)
        self.reports.append(text)
        log.log(level, "%s", text)

    # ----------------------------------------------------------------- bus callbacks (on the loop)

    def _keys(self, port: str, address: int, keys: str) -> None:
        log.debug("%s: keypad %02X sent %d key(s)", port, address, len(keys))  # never the keys: PINs
        session = self.keypads.get((port, address))
        if session is not None:
            session.queue.put_nowait(keys)

    def _health(self, port: str, address: int, alive: bool) -> None:
        kind, counter = self._device_at(port, address)
        self.report(f"devices.report.{'alive' if alive else 'dead'}_{kind}",
                    logging.INFO if alive else logging.WARNING, port=port, address=f"{address:02X}",
                    counter=counter if counter is not None else "-")
        self._spawn(self._tell_server(port, address, kind, counter, alive))

    def _port(self, port: str, ok: bool) -> None:
        self.report("devices.report.port_up" if ok else "devices.report.port_down",
                    logging.INFO if ok else logging.WARNING, port=port)
        self._spawn(self._tell_server(port, 0, "port", None, ok))
        if ok:
            self._paint()

    async def _tell_server(self, port: str, address: int, kind: str, counter: int | None, alive: bool) -> None:
        """The same report to the server, so the counter concerned and the administrators see it; a server
        that cannot be reached has the report in the bridge's log only."""
        try:
            await self.link.report_health(port, address, kind, counter, alive)
        except ApiError as exc:
            log.info("device health not sent to the server: %s", exc)

    def _device_at(self, port: str, address: int) -> tuple[str, int | None]:
        """What hangs at *address* on *port*, and its counter."""
        for bus in self.config.buses:
            if bus.port == port:
                for kind, placed in (*(("keypad", k) for k in bus.keypads), *(("sign", s) for s in bus.signs)):
                    if placed.address == address:
                        return kind, placed.counter
        return "board", None

    # ----------------------------------------------------------------- scanners at counters

    def _scan_from_thread(self, counter: int, scan: Scan) -> None:
        self._threadsafe(self._scanned, counter, scan)

    def _scanned(self, counter: int, scan: Scan) -> None:
        """A ticket's QR scanned at *counter* calls that number, as its officer (logged in on the keypad)."""
        session = next((s for s in self.keypads.values() if s.counter == counter), None)
        if scan.kind != "ticket" or session is None:
            log.info("scanner at counter %d: %s", counter, self._both("devices.scan.unknown"))
            return
        self._spawn(self._call_scanned(session, scan.value))

    async def _call_scanned(self, session: KeypadSession, token: str) -> None:
        try:
            label = (await self.link.public_ticket(token))["label"]
        except ApiError as exc:
            self._refused(session, exc)
            return
        session.actions += 1
        async with session.lock:
            await self._act(session, Intent("call_next", number=label))

    # ----------------------------------------------------------------- keypads

    async def _serve_keypad(self, session: KeypadSession) -> None:
        while True:
            keys = await session.queue.get()
            session.error = None
            for key in keys:
                result = session.entry.press(key)
                if isinstance(result, Refused):
                    self._display(session, ERR_KEY)
                    log.info("keypad %02X (counter %d): %s", session.address, session.counter,
                             self._both(result.reason))
                elif isinstance(result, Intent):
                    session.actions += 1
                    async with session.lock:
                        await self._act(session, result)

    async def _act(self, session: KeypadSession, intent: Intent) -> None:
        if intent.name == "login":
            await self._login(session, intent)
            return
        if session.token is None:
            self._display(session, ERR_NOT_LOGGED_IN)
            return
        assert self.board is not None
        state = self.board.counters[session.counter]
        steps = plan(intent, state.state, state.paused)
        if steps is None:
            self._display(session, ERR_REFUSED)
            return
        token = session.token
        for step in steps:
            body: dict[str, Any] | None = None
            if step == "call":
                body = {"label": intent.number}
            elif step == "transfer":
                body = {"counter": int(intent.number)}
            started = time.perf_counter()
            try:
                ticket = await self.link.step(token, session.counter, step, state.ticket_id, body)
            except ApiError as exc:
                self._refused(session, exc)
                return
            log.debug("counter %d: %s in %.1f ms", session.counter, step, (time.perf_counter() - started) * 1000)
            self.board.answered(session.counter, step, ticket)
            if step == "logout":
                session.token = session.username = None
        session.error = None
        self._display(session, self._idle_text(session))

    async def _login(self, session: KeypadSession, intent: Intent) -> None:
        username = self.config.officers.get(intent.code)
        if username is None:
            log.info("keypad %02X (counter %d): no officer has code %s", session.address, session.counter,
                     intent.code)
            self._display(session, ERR_LOGIN)
            return
        try:
            session.token = await self.link.login(username, intent.pin, session.counter)
        except ApiError as exc:
            self._refused(session, exc, ERR_LOGIN if exc.status in (401, 404, 422, 429) else None)
            return
        session.username = username
        assert self.board is not None
        self.board.counters[session.counter].officer = username
        log.info("keypad %02X: %s logged in at counter %d", session.address, username, session.counter)
        session.error = None
        self._display(session, self._idle_text(session))

    def _refused(self, session: KeypadSession, exc: ApiError, shown: str | None = None) -> None:
        if exc.code == "unreachable":
            shown = ERR_SERVER
        elif exc.status == 401 and session.token is not None:
            session.token = session.username = None  # the login ended (end of day, disabled, replaced)
            shown = ERR_NOT_LOGGED_IN
        log.info("keypad %02X (counter %d): %s / %s", session.address, session.counter, exc.message_vi,
                 exc.message_en)
        self._display(session, shown or ERR_REFUSED)

    def _idle_text(self, session: KeypadSession) -> str:
        if session.error is not None:
            return session.error
        if session.token is None:
            return LOGGED_OUT
        assert self.board is not None
        return self.board.counters[session.counter].label

    def _display(self, session: KeypadSession, text: str) -> None:
        session.error = text if text.startswith("E") else None
        self.buses[session.bus].show_display(session.address, text)

    # ----------------------------------------------------------------- signs and boards

    def _message(self, message: dict[str, Any]) -> None:
        assert self.board is not None
        kind = message.get("type")
        if kind == "reload":
            self.board.load(message["snapshot"])
        elif kind == "event":
            event = message["event"]
            log.debug("event %s %s at counter %s", event.get("seq"), event.get("kind"), event.get("counter"))
            self.board.apply(event)
            if event.get("kind") == "logout":
                for session in self.keypads.values():
                    if session.counter == event.get("counter") and session.username == event.get("username"):
                        session.token = session.username = None
        else:
            return
        self._paint()

    def _paint(self) -> None:
        """Push what every sign, board and keypad display should show (unchanged texts are not resent)."""
        if self.board is None:
            return
        for bus in self.config.buses:
            master = self.buses.get(bus.port)
            if master is None:
                continue
            for sign in bus.signs:
                master.show_sign(sign.address, self.board.sign_text(sign.counter)[:16])
            for board in bus.boards:
                self._paint_board(master, board)
            for k in bus.keypads:
                master.show_display(k.address, self._idle_text(self.keypads[(bus.port, k.address)]))

    def _paint_board(self, master: BusMaster, board: Board) -> None:
        assert self.board is not None
        for row, text in enumerate(self.board.board_rows(board.rows, board.width)):
            master.show_line(board.address, row, text)

    def status(self) -> dict[str, Any]:
        """Buses, their errors and dead devices, and who is logged in on which keypad."""
        return {"buses": [m.snapshot() for m in self.buses.values()],
                "keypads": [{"port": s.bus, "address": s.address, "counter": s.counter, "officer": s.username}
                            for s in self.keypads.values()]}
