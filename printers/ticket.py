"""What a printed ticket says: a plain dataclass the kiosk fills from the server's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


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
    qr_url: str = ""
    footer: str = ""
    logo: Path | None = None


def sample_ticket(issued_at: datetime | None = None) -> TicketPrint:
    """A realistic ticket for ``qms print-test``, the demo and the benchmark."""
    return TicketPrint(
        centre_name="Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế",
        centre_address="01 Lê Lai, phường Vĩnh Ninh, thành phố Huế",
        field_name="Lao động – Thương binh và Xã hội",
        number_label="1005",
        issued_at=issued_at or datetime(2026, 11, 22, 7, 42),
        people_ahead=12,
        priority="Người cao tuổi",
        counter="Quầy số 3",
        estimated_wait_minutes=25,
        qr_url="http://192.168.1.10:8000/t/2026-11-22/1005?k=8f3a",
        footer="Xin quý khách vui lòng giữ phiếu và chú ý nghe gọi số. Cảm ơn!",
    )
