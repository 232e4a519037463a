"""Save the kiosk's screens as PNG files for the README: portrait and landscape, Vietnamese and English —
home, priority choice, the ticket, printer trouble, server down — a centre with 40 fields in pages, and
what a scanned ticket, booking code or dossier code shows.

    .venv/bin/python scripts/screenshots_kiosk.py [--out docs/screenshots] [--dpi 102]

Runs offscreen with the data of the sample centre in the shape the server sends (``/config``,
``/snapshot``, ``POST /tickets``); 102 dpi is a 21.5-inch full-HD touch panel.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from client.ui.application import make_application
from kiosk.config import Category, KioskConfig
from kiosk.look import Look
from kiosk.window import KioskWindow

CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Ninh Bình"
FIELDS = [("DD", "Đất đai", "Land", 14, 35), ("HT", "Hộ tịch", "Civil status", 3, 12),
          ("CT", "Chứng thực", "Certification", 0, None), ("KD", "Đăng ký kinh doanh", "Business registration", 6, 20),
          ("XD", "Xây dựng", "Construction", 2, 15), ("ND", "Nội vụ", "Home affairs", 5, 25),
          ("TP", "Tư pháp", "Justice", 1, 8), ("NN", "Nông nghiệp và Môi trường", "Agriculture and environment", 4, 30),
          ("TH", "Thuế", "Tax", 7, 21), ("BH", "Bảo hiểm xã hội", "Social insurance", 9, 27),
          ("CU", "Cư trú", "Residence", 0, None), ("GD", "Giáo dục và Đào tạo", "Education and training", 0, None)]
ANSWER = {"ticket": {"id": 41, "label": "1015", "field": "DD", "priority": None, "issued_at": "2026-11-30T01:42:00Z"},
          "ahead": 14, "estimated_minutes": 35, "status_url": "http://192.168.1.10:8080/t/Zb3kQ9pX2mW7aR4tY8nV1c",
          "centre": CENTRE, "field_name_vi": "Đất đai", "field_name_en": "Land"}


def rows(closed: str = "ND", full: str = "GD") -> list[dict]:
    out = []
    for code, vi, en, waiting, minutes in FIELDS:
        row = {"code": code, "name_vi": vi, "name_en": en, "waiting": waiting, "estimated_minutes": minutes,
               "state": "issuing", "opens_at": None}
        if code == closed:
            row.update(state="closed", opens_at="2026-11-30T13:00+07:00")
        if code == full:
            row.update(state="full")
        out.append(row)
    return out


def many_rows(count: int = 40) -> list[dict]:
    return [{"code": f"F{i:02d}", "name_vi": f"Lĩnh vực thủ tục số {i}", "name_en": f"Procedure field {i}",
             "waiting": i % 7, "estimated_minutes": (i % 7) * 5 or None, "state": "issuing", "opens_at": None}
            for i in range(1, count + 1)]


def window(look: Look, size: tuple[int, int], lang: str) -> KioskWindow:
    w = KioskWindow(look, lang=lang, now=lambda: datetime(2026, 11, 30, 8, 42))
    w.show()
    w.resize(*size)
    w.resize(*size)  # again: the first resize turned the grid, which lowers the height it needs
    w.set_centre(CENTRE)
    w.set_kiosk_config(KioskConfig())
    w.set_fields(rows(), "2026-11-30")
    w.set_online(True, "")
    w.show_home()
    return w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--dpi", type=float, default=102.0)
    args = parser.parse_args()
    _app, metrics = make_application("kiosk", dpi=args.dpi)
    look = Look(metrics)
    args.out.mkdir(parents=True, exist_ok=True)
    saved = []

    def save(w: KioskWindow, name: str) -> None:
        w.show()
        _app.processEvents()  # let a screen whose texts just changed lay itself out, as the running kiosk does
        path = args.out / f"kiosk-{name}.png"
        w.grab().save(str(path))
        saved.append(path)

    for orientation, size in (("portrait", (1080, 1920)), ("landscape", (1920, 1080))):
        for lang in ("vi", "en"):
            w = window(look, size, lang)
            save(w, f"home-{orientation}-{lang}")
            w.show_ticket(ANSWER, [1, 2, 3])
            w.set_print_state("printed")
            save(w, f"ticket-{orientation}-{lang}")
            w.set_print_state("trouble")
            w.set_printer_trouble(True)
            save(w, f"printer-trouble-{orientation}-{lang}")
            w.go_home()
            w.set_online(False, "Mất kết nối tới máy chủ; thử kết nối lại sau 5 giây…" if lang == "vi"
                         else "Connection to the server lost; trying again in 5 seconds…")
            w._show_offline()
            save(w, f"server-down-{orientation}-{lang}")
            w.close()
    w = window(look, (1080, 1920), "vi")
    w.show_priority()
    save(w, "priority-portrait-vi")
    w.priority.kind_chosen.emit("elderly")
    save(w, "priority-fields-portrait-vi")
    w.close()
    w = window(look, (1080, 1920), "vi")
    w.set_fields(many_rows(), "2026-11-30")
    w.home.turn(+1)
    save(w, "many-fields-portrait-vi")
    w.set_kiosk_config(KioskConfig(categories=(
        Category("Đất đai, xây dựng, môi trường", "Land, construction, environment", ("F01", "F02", "F03")),
        Category("Hộ tịch, cư trú, chứng thực", "Civil status, residence, certification", ("F04", "F05")),
        Category("Doanh nghiệp và thuế", "Business and tax", tuple(f"F{i:02d}" for i in range(6, 20))),
        Category("Lao động, bảo hiểm, nội vụ", "Labour, insurance, home affairs",
                 tuple(f"F{i:02d}" for i in range(20, 41))),
    )))
    w.home.reset()
    save(w, "categories-portrait-vi")
    w.close()
    w = window(look, (1080, 1920), "vi")  # codes held under the scanner
    w.show_scan_ticket({"label": "1015", "field_name_vi": "Đất đai", "field_name_en": "Land", "state": "waiting",
                        "ahead": 4, "estimated_minutes": 12, "overloaded": False, "counter": None,
                        "service_day": "2026-11-30", "day_closed": False})
    save(w, "scan-ticket-portrait-vi")
    w.show_scan_code("booking", "LH-2026-0042")
    save(w, "scan-booking-portrait-vi")
    w.show_scan_code("dossier", "000.00.17.H42-250714-0031")
    save(w, "scan-dossier-portrait-vi")
    w.close()
    w = window(look, (1920, 1080), "en")
    w.show_scan_code("dossier", "000.00.17.H42-250714-0031")
    save(w, "scan-dossier-landscape-en")
    w.close()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
