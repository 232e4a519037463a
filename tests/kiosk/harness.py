"""The kiosk against the real server in a subprocess and a fake network printer on a loopback port: the
server with its data, the kiosk wired up offscreen, and read-only looks into the database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream
from client.session import ServerSession
from client.ui.metrics import Metrics
from kiosk.controller import GuideFactory, KioskController
from kiosk.look import Look
from kiosk.printing import KioskPrinter
from kiosk.window import KioskWindow
from printers.jobs import PrintService
from tests.fakes.centre import Centre, make_centre
from tests.fakes.printer import FakeNetworkPrinter
from tests.fakes.server_process import ServerProcess


class Database:
    """Read-only looks into the server's SQLite file, as an auditor would take them; only what happened
    after the kiosk under test started (one server serves a whole test module)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ticket_mark, self.seq_mark = self.rows(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM tickets), (SELECT COALESCE(MAX(seq), 0) FROM events)")[0]

    def rows(self, sql: str, *params: object) -> list[tuple]:
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def tickets(self) -> list[tuple]:
        return self.rows("SELECT id, field_code, label, priority FROM tickets WHERE id > ? ORDER BY id",
                         self.ticket_mark)

    def events(self, kind: str, ticket_id: int | None = None) -> list[dict]:
        """The data of the events of *kind* (about *ticket_id* only, when given)."""
        rows = self.rows("SELECT data, ticket_id FROM events WHERE kind = ? AND seq > ? ORDER BY seq", kind,
                         self.seq_mark)
        return [json.loads(d) if d else {} for d, tid in rows if ticket_id is None or tid == ticket_id]


@dataclass
class Kiosk:
    """A running kiosk: its window, controller, printer and the fake printer it prints on."""

    window: KioskWindow
    controller: KioskController
    printer: KioskPrinter
    fake: FakeNetworkPrinter
    db: Database

    def tap(self, qtbot, code: str) -> None:
        from PySide6.QtCore import Qt

        button = self.window.home.button_for(code)
        assert button is not None and button.isEnabled(), code
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@dataclass
class KioskServer:
    """The real server in a subprocess with the sample centre (open all day) and its kiosk's key."""

    process: ServerProcess
    centre: Centre

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def port(self) -> int:
        return self.process.port

    @property
    def kiosk_key(self) -> str:
        return self.centre.kiosk

    @property
    def database(self) -> Path:
        return self.centre.data.database

    def start(self) -> None:
        self.process.start()

    def stop(self) -> None:
        self.process.stop()


def start_server(root: Path, edit: Callable[[str], str] | None = None) -> KioskServer:
    """The sample centre in *root*, its configuration edited by *edit*, and the server running."""
    centre = make_centre(root, "issue_interval_seconds = 0\n")
    if edit is not None:
        config = centre.data.config
        config.write_text(edit(config.read_text("utf-8")), "utf-8")
    server = KioskServer(ServerProcess(centre.data, root / "server.log"), centre)
    server.start()
    return server


def make_kiosk(qtbot, server: KioskServer, mode: str = "online", lang: str = "vi",
               guide_factory: GuideFactory | None = None) -> Iterator[Kiosk]:
    db = Database(server.database)
    with FakeNetworkPrinter(mode) as fake:
        window = KioskWindow(Look(Metrics(96)), lang=lang)
        qtbot.addWidget(window)
        window.show()
        window.resize(1080, 1920)
        # Everything hangs from the window, so it is all deleted on the GUI thread with it.
        api = ApiClient(server.url, server.kiosk_key, timeout=3.0, parent=window)
        stream = EventStream(api, Backoff(base=0.05, cap=0.3))
        session = ServerSession(api, stream, retry=Backoff(base=0.05, cap=0.3), parent=window)
        printer = KioskPrinter(PrintService(fake.uri), api, report_seconds=3600, parent=window)
        controller = KioskController(api, session, window, printer, guide_factory=guide_factory, parent=window)
        controller.start()
        qtbot.waitUntil(lambda: window.screen_name == "home" and window.home.button_for("DD") is not None,
                        timeout=15000)
        yield Kiosk(window, controller, printer, fake, db)
        session.stop()
        printer.stop()
