"""What a printed ticket says: a plain dataclass the kiosk fills from the server's data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on one ticket. Texts arrive already in the centre's language.

    ``issued_at`` is local time (the centre's clock); ``estimated_wait_minutes`` is ``None`` when the
    server has no estimate yet (a new field, the first ticket of the day), and then the line is left out.
    """

    centre_name: str
    field_name: str
    number_label: str
    issued_at: datetime
    people_ahead: int = 0
    centre_address: str = ""
    priority: str | None = None
    counter: str | None = None
    estimated_wait_minutes: int | None = None
    overloaded: bool = False  # the server says the wait may run past today's hours: printed instead of a number
    qr_url: str = ""
    footer: str = ""
    logo: Path | None = None


SAMPLE_TOKEN = "q3Xk9vTn2LmB7cYw5RfHs1Ae"  # the form of a real ticket's secret (24 URL-safe characters)


def sample_ticket(issued_at: datetime | None = None) -> TicketPrint:
    """A realistic ticket for ``qms print-test``, the demo and the benchmark (the sample centre's)."""
    return TicketPrint(
        centre_name="Trung tâm Phục vụ hành chính công tỉnh Ninh Bình",
        centre_address="Số 1 đường Trường Chinh, phường Phủ Lý, tỉnh Ninh Bình",
        field_name="Nông nghiệp và Môi trường",
        number_label="9005",
        issued_at=issued_at or datetime(2026, 11, 22, 7, 42),
        people_ahead=12,
        priority="Người cao tuổi",
        counter="Quầy số 9",
        estimated_wait_minutes=25,
        qr_url=f"http://192.168.1.10:8080/t/{SAMPLE_TOKEN}",
        footer="Đề nghị Ông/Bà giữ phiếu và chú ý nghe gọi số. Xin cảm ơn!",
    )


def centre_sample_ticket(config: dict[str, Any], issued_at: datetime | None = None) -> TicketPrint:
    """The sample ticket as the centre's own would read: its name and address, its first field, number and
    counter, and a status link in the server's form (``[server] public_url``, else the server's address).
    *config* is the parsed ``centre.toml``; missing parts keep the sample's."""
    ticket = sample_ticket(issued_at)
    centre, server = _table(config, "centre"), _table(config, "server")
    fields = _tables(config, "fields")
    field = fields[0] if fields else {}
    base = str(server.get("public_url") or "").rstrip("/")
    if not base:
        host = str(server.get("host") or "0.0.0.0")
        base = f"http://{'192.168.1.10' if host in ('0.0.0.0', '::') else host}:{server.get('port', 8080)}"
    number = str(field.get("numbers", "")).split("-")[0].strip() or ticket.number_label
    counters = _tables(config, "counters")
    code = str(field.get("code", "")).upper()
    counter = next((c for c in counters if code in [str(x).upper() for x in c.get("fields", [])]), None)
    return replace(
        ticket,
        centre_name=str(centre.get("name") or ticket.centre_name),
        centre_address=str(centre.get("address") or ""),
        field_name=str(field.get("name_vi") or ticket.field_name),
        number_label=number,
        counter=f"Quầy số {counter['number']}" if counter and "number" in counter else ticket.counter,
        qr_url=f"{base}/t/{SAMPLE_TOKEN}",
    )


def _table(config: dict[str, Any], key: str) -> dict[str, Any]:
    value = config.get(key)
    return value if isinstance(value, dict) else {}


def _tables(config: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = config.get(key)
    return [t for t in value if isinstance(t, dict)] if isinstance(value, list) else []
