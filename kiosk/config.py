"""The kiosk's behaviour, from the ``[kiosk]`` table of the centre's configuration (through ``/config``).

The centre sets it once on the server for all its kiosks: idle time, how long the ticket stays on screen,
which priority kinds have a button, whether to show the estimated wait, and categories for centres with
many fields. A value that cannot be used is named in Vietnamese and English (the shared reader's
``ConfigError``, ``assets/settings.py``);
``qms check`` and ``qms server`` find it on the server PC, and a kiosk that meets it anyway keeps the
defaults and logs the message, never showing it to the public.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assets.settings import Key, TableReader

PRIORITY_KINDS = ("elderly", "disability", "pregnancy", "appointment", "other")
FILE = "centre.toml"
@dataclass(frozen=True)
class Category:
    """A group of fields shown behind one button when a centre has many fields."""

    name_vi: str
    name_en: str
    fields: tuple[str, ...]

    def name(self, lang: str) -> str:
        """The category's name in *lang*."""
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class KioskConfig:
    """Everything the ``[kiosk]`` table can set, with the defaults a centre gets without it."""

    idle_seconds: int = 45
    confirmation_seconds: int = 12
    trouble_seconds: int = 40  # a ticket that was not printed stays longer: time to photograph it
    priorities: tuple[str, ...] = ("elderly", "disability", "pregnancy")
    show_wait: bool = True
    printer_report_seconds: int = 60
    categories: tuple[Category, ...] = field(default_factory=tuple)


KEYS = (
    Key("idle_seconds", KioskConfig.idle_seconds, minimum=10, maximum=600),
    Key("confirmation_seconds", KioskConfig.confirmation_seconds, minimum=3, maximum=120),
    Key("trouble_seconds", KioskConfig.trouble_seconds, minimum=5, maximum=300),
    Key("show_wait", KioskConfig.show_wait),
    Key("printer_report_seconds", KioskConfig.printer_report_seconds, minimum=10, maximum=3600),
)


def _categories(r: TableReader, raw: Any, known_fields: tuple[str, ...]) -> tuple[Category, ...]:
    if not isinstance(raw, list):
        raise r.fail("categories", "kiosk.config_problem.not_list")
    out = []
    for i, item in enumerate(raw):
        key = f"categories[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name_vi"), str) or not item["name_vi"].strip():
            raise r.fail(f"{key}.name_vi", "config.not_text")
        codes = item.get("fields")
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            raise r.fail(f"{key}.fields", "kiosk.config_problem.not_list")
        for code in codes:
            if known_fields and code.upper() not in known_fields:
                raise r.fail(f"{key}.fields", "kiosk.config_problem.unknown_field", value=code)
        name_vi = str(item["name_vi"]).strip()
        name_en = item.get("name_en")
        out.append(Category(name_vi, name_en.strip() if isinstance(name_en, str) and name_en.strip() else name_vi,
                            tuple(c.upper() for c in codes)))
    return tuple(out)


def parse_kiosk_config(raw: Mapping[str, Any] | None, known_fields: tuple[str, ...] = (),
                       file: str = FILE) -> KioskConfig:
    """Check the ``[kiosk]`` table *raw*; raise :class:`~assets.settings.ConfigError` on the first value
    it cannot use."""
    r = TableReader(file, "kiosk")
    values = r.read(raw, KEYS, extra=("priorities", "categories"))
    table = r.table(raw)
    priorities = table.get("priorities", list(KioskConfig.priorities))
    if not isinstance(priorities, list) or not all(p in PRIORITY_KINDS for p in priorities):
        raise r.fail("priorities", "kiosk.config_problem.priorities", allowed=", ".join(PRIORITY_KINDS))
    return KioskConfig(**values, priorities=tuple(dict.fromkeys(priorities)),
                       categories=_categories(r, table.get("categories", []), known_fields))
