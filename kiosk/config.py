"""The kiosk's behaviour, from the ``[kiosk]`` table of the centre's configuration (through ``/config``).

The centre sets it once on the server for all its kiosks: idle time, how long the ticket stays on screen,
which priority kinds have a button, whether to show the estimated wait, and categories for centres with
many fields. A value that cannot be used is named in Vietnamese and English (``KioskConfigError``);
``qms check`` and ``qms server`` find it on the server PC, and a kiosk that meets it anyway keeps the
defaults and logs the message, never showing it to the public.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assets.texts import ConfigProblem

PRIORITY_KINDS = ("elderly", "disability", "pregnancy", "appointment", "other")
FILE = "centre.toml"
KEYS = ("idle_seconds", "confirmation_seconds", "trouble_seconds", "priorities", "show_wait",
        "printer_report_seconds", "categories")


class KioskConfigError(ConfigProblem):
    """A ``[kiosk]`` value that cannot be used, naming its key (``kiosk.idle_seconds``)."""

    def __init__(self, config_key: str, problem: str, **values: object) -> None:
        super().__init__(FILE, config_key, f"kiosk.config_problem.{problem}", **values)


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


def _seconds(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise KioskConfigError(f"kiosk.{key}", "range", minimum=low, maximum=high)
    return value


def _categories(raw: Any, known_fields: tuple[str, ...]) -> tuple[Category, ...]:
    if not isinstance(raw, list):
        raise KioskConfigError("kiosk.categories", "not_list")
    out = []
    for i, item in enumerate(raw):
        key = f"kiosk.categories[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name_vi"), str) or not item["name_vi"].strip():
            raise KioskConfigError(f"{key}.name_vi", "not_text")
        codes = item.get("fields")
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            raise KioskConfigError(f"{key}.fields", "not_list")
        for code in codes:
            if known_fields and code.upper() not in known_fields:
                raise KioskConfigError(f"{key}.fields", "unknown_field", value=code)
        name_vi = str(item["name_vi"]).strip()
        name_en = item.get("name_en")
        out.append(Category(name_vi, name_en.strip() if isinstance(name_en, str) and name_en.strip() else name_vi,
                            tuple(c.upper() for c in codes)))
    return tuple(out)


def parse_kiosk_config(raw: Mapping[str, Any] | None, known_fields: tuple[str, ...] = ()) -> KioskConfig:
    """Check the ``[kiosk]`` table *raw*; raise ``KioskConfigError`` on the first value it cannot use."""
    raw = raw or {}
    if not isinstance(raw, Mapping):
        raise KioskConfigError("kiosk", "not_table")
    for key in raw:
        if key not in KEYS:
            raise KioskConfigError(f"kiosk.{key}", "unknown", allowed=", ".join(KEYS))
    priorities = raw.get("priorities", list(KioskConfig.priorities))
    if not isinstance(priorities, list) or not all(p in PRIORITY_KINDS for p in priorities):
        raise KioskConfigError("kiosk.priorities", "priorities", allowed=", ".join(PRIORITY_KINDS))
    show_wait = raw.get("show_wait", True)
    if not isinstance(show_wait, bool):
        raise KioskConfigError("kiosk.show_wait", "not_bool")
    return KioskConfig(
        idle_seconds=_seconds(raw, "idle_seconds", KioskConfig.idle_seconds, 10, 600),
        confirmation_seconds=_seconds(raw, "confirmation_seconds", KioskConfig.confirmation_seconds, 3, 120),
        trouble_seconds=_seconds(raw, "trouble_seconds", KioskConfig.trouble_seconds, 5, 300),
        priorities=tuple(dict.fromkeys(priorities)),
        show_wait=show_wait,
        printer_report_seconds=_seconds(raw, "printer_report_seconds", KioskConfig.printer_report_seconds, 10, 3600),
        categories=_categories(raw.get("categories", []), known_fields),
    )
