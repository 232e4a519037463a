"""The kiosk's wiring between the server, the printer and the window.

It loads ``/config`` (the centre, counters, the ``[kiosk]`` and ``[ticket]`` tables), follows the live
queue (waiting counts and each field's state come from the server; the kiosk recomputes no rule), turns a
tap into a ticket request, puts the answer on screen at once and sends it to the printer on its worker.
With spoken guidance on (``kiosk.guide``), it says what each screen asks and the ticket's number.
Everything arrives by signal; nothing here waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer

from assets.settings import ConfigError
from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError
from client.session import ServerSession
from client.wire import centre_zone
from kiosk.config import KioskConfig, parse_kiosk_config
from kiosk.guide import SpokenGuide
from kiosk.issuer import TicketIssuer
from kiosk.printing import KioskPrinter
from kiosk.scanning import KioskScanner
from kiosk.window import KioskWindow
from printers.errors import TicketConfigError
from printers.jobs import PrintResult
from printers.status import PrinterStatus
from printers.template import TicketConfig, parse_ticket_config
from printers.ticket import TicketPrint

log = logging.getLogger(__name__)
CONFIG_RETRY_MS = 5000
GuideFactory = Callable[[dict[str, Any] | None], SpokenGuide | None]  # the centre's [voice] table → a guide


class KioskController(QObject):
    """Connects a ``ServerSession``, a ``TicketIssuer``, an optional ``KioskPrinter`` and the window."""

    def __init__(self, api: ApiClient, session: ServerSession, window: KioskWindow,
                 printer: KioskPrinter | None = None, issuer: TicketIssuer | None = None,
                 paper_width: int | None = None, guide_factory: GuideFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api, self.session, self.window, self.printer = api, session, window, printer
        self.issuer = issuer or TicketIssuer(api, parent=self)
        self.paper_width = paper_width
        self.config: dict[str, Any] | None = None
        self.kiosk = KioskConfig()
        self.ticket_config: TicketConfig | None = None
        self.config_problems: list[str] = []  # for the administrator (log, set-up screen)
        self.shown_ticket: int | None = None
        self.scanner: KioskScanner | None = None  # set by the app when the kiosk reads codes
        self.guide_factory = guide_factory
        self.guide: SpokenGuide | None = None  # made with the centre's voice once /config is in
        self.last_screen = window.screen_name
        self.config_timer = QTimer(self, objectName="config_timer", singleShot=True)
        self.config_timer.timeout.connect(self.load_config)

        session.queue.updated.connect(self._fields_changed)
        session.snapshot_loaded.connect(self._fields_changed)
        session.online_changed.connect(self._online_changed)
        session.status_changed.connect(self._online_changed)
        window.field_chosen.connect(self.take_ticket)
        window.field_chosen.connect(self._say_field)
        window.touched_beside.connect(self._touched_beside)
        window.stack.currentChanged.connect(self._screen_changed)
        window.language_changed.connect(lambda _lang: self._online_changed())
        self.issuer.issued.connect(self._issued)
        self.issuer.refused.connect(self._refused)
        if printer is not None:
            printer.printed.connect(self._printed)
            printer.status_changed.connect(self._printer_status)

    def start(self) -> None:
        """Load the configuration, start the live queue and the printer checks."""
        self.load_config()
        self.session.start()
        if self.printer is not None:
            self.printer.start()
        if self.scanner is not None:
            self.scanner.start()

    # ----------------------------------------------------------------- configuration

    def load_config(self) -> None:
        """Ask the server for ``/config`` (again after a failure, every few seconds)."""
        self.api.config().then(self._config_loaded, lambda _error: self.config_timer.start(CONFIG_RETRY_MS))

    def _config_loaded(self, config: dict[str, Any]) -> None:
        self.config = config
        self.config_problems = []
        tables = config.get("tables") or {}
        codes = tuple(f["code"] for f in config.get("fields", []))
        try:
            self.kiosk = parse_kiosk_config(tables.get("kiosk"), codes)
        except ConfigError as exc:
            self.kiosk = KioskConfig()
            self.config_problems.append(exc.message("vi"))
            log.warning("%s", exc.message("en"))
        try:
            self.ticket_config = parse_ticket_config(tables.get("ticket"), width=self.paper_width)
        except TicketConfigError as exc:
            self.ticket_config = parse_ticket_config(None, width=self.paper_width)
            self.config_problems.append(exc.message("vi"))
            log.warning("%s", exc.message("en"))
        if self.printer is not None:
            self.printer.service.config = self.ticket_config
            self.printer.status_timer.setInterval(self.kiosk.printer_report_seconds * 1000)
        centre = config.get("centre") or {}
        self.window.set_centre(str(centre.get("name", "")))
        zone = centre_zone(config)
        self.window.clock.now = lambda: datetime.now(zone)  # the centre's time, whatever the PC's zone
        self.window.clock.refresh()
        self.window.set_kiosk_config(self.kiosk)
        if self.guide is None and self.guide_factory is not None:
            self.guide = self.guide_factory(tables.get("voice"))
        self._online_changed()

    def counters_for(self, field: str) -> list[int]:
        """Counters that serve *field* (priority-only counters too: they call priority tickets)."""
        return [c["number"] for c in (self.config or {}).get("counters", []) if field in c.get("fields", [])]

    # ----------------------------------------------------------------- live queue

    def _fields_changed(self, *_: object) -> None:
        self.window.set_fields(self.session.queue.fields.rows(), self.session.queue.state.service_day)

    def _online_changed(self, *_: object) -> None:
        # Tickets are issued only with the configuration loaded and the live stream up.
        ready = self.session.online and self.config is not None
        self.window.set_online(ready, self.session.status_text(self.window.lang))

    # ----------------------------------------------------------------- a ticket

    def take_ticket(self, field: str, priority: str = "") -> bool:
        """The citizen tapped *field*; False when another request is still pending."""
        if not self.window.online:
            return False
        return self.issuer.issue(field, priority or None)

    def _issued(self, answer: dict[str, Any]) -> None:
        ticket = answer["ticket"]
        self.shown_ticket = ticket["id"]
        if self.printer is not None:
            # The printer first: its worker renders and sends while the GUI thread draws the screen.
            self.printer.print_ticket(ticket["id"], self.ticket_print(answer))
        self.window.show_ticket(answer, self.counters_for(ticket["field"]))
        if self.guide is not None:
            self.guide.say_ticket(str(ticket["label"]), self.counters_for(ticket["field"]), self.window.lang)
        if self.printer is None:
            self.window.set_print_state("no_printer")
        elif self.printer.in_trouble:
            # Known not to print: the screen is the ticket now; the job still runs and reports.
            self.window.set_print_state(self._trouble_state(self.printer.status))

    def ticket_print(self, answer: dict[str, Any]) -> TicketPrint:
        """What the printer prints for the server's *answer*, in the ticket's language."""
        config = self.ticket_config or parse_ticket_config(None, width=self.paper_width)
        lang = config.language
        ticket, centre = answer["ticket"], (self.config or {}).get("centre") or {}
        zone = centre_zone(self.config)
        issued = datetime.fromisoformat(ticket["issued_at"].replace("Z", "+00:00")).astimezone(zone)
        counters = self.counters_for(ticket["field"])
        return TicketPrint(
            centre_name=answer.get("centre") or centre.get("name", ""),
            centre_address=centre.get("address", ""),
            field_name=answer["field_name_en" if lang == "en" else "field_name_vi"],
            number_label=ticket["label"],
            issued_at=issued.replace(tzinfo=None),
            people_ahead=int(answer.get("ahead") or 0),
            priority=tr(f"priority.{ticket['priority']}", lang) if ticket.get("priority") else None,
            counter=tr("kiosk.ticket_counter", lang, counter=counters[0]) if len(counters) == 1 else None,
            estimated_wait_minutes=answer.get("estimated_minutes") if self.kiosk.show_wait else None,
            overloaded=bool(answer.get("overloaded")) and self.kiosk.show_wait,
            qr_url=answer.get("status_url", ""),
        )

    def _refused(self, error: ApiError) -> None:
        lang = self.window.lang
        text = tr("kiosk.try_again", lang) if error.is_network else tr("kiosk.refused", lang,
                                                                        reason=error.message(lang))
        self.window.show_refusal(text)
        if error.is_network:
            self.session.refresh()

    # ----------------------------------------------------------------- spoken guidance

    def field_name(self, code: str, lang: str) -> str:
        """A field's name in *lang*, from ``/config``."""
        for field in (self.config or {}).get("fields", []):
            if field["code"] == code:
                return str(field.get("name_en" if lang == "en" else "name_vi") or field.get("name_vi", code))
        return code

    def _say_field(self, code: str, _priority: str) -> None:
        if self.guide is not None and self.window.online:
            self.guide.say_field(self.field_name(code, self.window.lang), self.window.lang)

    def _touched_beside(self, screen: str) -> None:
        if self.guide is None:
            return
        if screen == "home":
            self.guide.say_home(self.window.lang)
        elif screen == "priority":
            self.guide.say_priority(self.window.lang)

    def _screen_changed(self, _index: int) -> None:
        screen, before = self.window.screen_name, self.last_screen
        self.last_screen = screen
        if self.guide is None or screen == before:
            return
        if screen == "priority":
            self.guide.say_priority(self.window.lang)
        elif screen == "home" and before == "priority":
            self.guide.say_home(self.window.lang)  # a priority kind was chosen: now the field
        elif screen != "ticket":  # the ticket's own words follow from _issued
            self.guide.stop()

    # ----------------------------------------------------------------- printer

    @staticmethod
    def _trouble_state(status: PrinterStatus | None) -> str:
        return "trouble" if status == PrinterStatus.PAPER_OUT else "failed"

    def _printed(self, ticket_id: int, result: PrintResult) -> None:
        if ticket_id != self.shown_ticket or self.window.screen_name != "ticket":
            return
        self.window.set_print_state("printed" if result.ok else self._trouble_state(result.status))

    def _printer_status(self, _status: str) -> None:
        assert self.printer is not None
        self.window.set_printer_trouble(self.printer.in_trouble)
