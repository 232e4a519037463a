"""The centre configuration: a TOML file read with :mod:`tomllib` and checked strictly.

A mistake in the file stops the program with the shared :class:`~assets.settings.ConfigError` that names the
file, the key (``fields[2].numbers``) and what is wrong, in Vietnamese and English; opening hours and the
time zone are read by the shared reader too. Tables the core does not own (``ticket``, ``voice``,
``server``, ...) are passed on raw to the parts that do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from assets.settings import WEEKDAYS, ConfigError, Hours, TableReader, TimeRange, load_toml
from core.number_format import NumberFormat

__all__ = ["WEEKDAYS", "Centre", "ConfigError", "Counter", "Field", "Hours", "StaffEntry", "TimeRange",
           "load_centre", "parse_centre"]
CALL_POLICIES = ("oldest_first", "field_order")
# What an officer may do with a citizen marked absent who comes back (số nhỡ): call the number again,
# put it back in the queue at its place, or nothing.
NO_SHOW_POLICIES = ("recall", "requeue", "final")
PRIORITY_RULES = ("first", "none")
ROLES = ("officer", "admin")
# Tables read by other parts of the system; the core keeps them as they are.
PASSTHROUGH_TABLES = ("ticket", "voice", "server", "kiosk", "counter", "display", "printer", "devices")

DEFAULT_HOURS = {"mon-fri": ["07:00-11:30", "13:00-17:00"]}


@dataclass(frozen=True)
class Field:
    """A field of procedures (lĩnh vực) that citizens choose at the kiosk."""

    code: str
    name_vi: str
    name_en: str
    numbers: NumberFormat
    daily_cap: int | None
    hours: Hours
    priority_rule: str
    avg_service_minutes: float
    position: int

    def name(self, lang: str = "vi") -> str:
        """The field's name in *lang*."""
        return self.name_vi if lang == "vi" else self.name_en

    @property
    def daily_limit(self) -> int:
        """Tickets the field can issue in one day: the cap, or the size of the number range."""
        return min(self.daily_cap or self.numbers.capacity, self.numbers.capacity)


@dataclass(frozen=True)
class Counter:
    """A counter (quầy) and the fields it serves, in its order of preference."""

    number: int
    name: str
    location: str
    fields: tuple[str, ...]
    priority_only: bool = False


@dataclass(frozen=True)
class StaffEntry:
    """A staff member named in the configuration (PINs are never in the file)."""

    username: str
    full_name: str
    role: str


@dataclass(frozen=True)
class Centre:
    """The whole configuration of one centre."""

    name: str
    address: str
    timezone: ZoneInfo
    call_policy: str
    fields: tuple[Field, ...]
    counters: tuple[Counter, ...]
    staff: tuple[StaffEntry, ...]
    tables: dict[str, Any] = field(default_factory=dict)
    no_show: str = "recall"
    no_show_after_calls: int = 0  # a recall beyond this many calls marks the citizen absent; 0: no limit
    waiting_target_minutes: int = 20  # reports: the share of citizens called within this wait

    @cached_property
    def hours(self) -> Hours:
        """When the centre issues tickets in any field: each weekday's sessions of every field together
        (a field may keep its own hours, e.g. a Saturday morning)."""
        return Hours(days=tuple(tuple(sorted({r for f in self.fields for r in f.hours.days[day]},
                                              key=lambda r: (r.start, r.end)))
                                for day in range(len(WEEKDAYS))))

    @cached_property
    def _fields_by_code(self) -> dict[str, Field]:
        return {f.code: f for f in self.fields}

    @cached_property
    def _counters_by_number(self) -> dict[int, Counter]:
        return {c.number: c for c in self.counters}

    def field(self, code: str) -> Field | None:
        """The field with *code*, or ``None``."""
        return self._fields_by_code.get(code)

    def counter(self, number: int) -> Counter | None:
        """The counter with *number*, or ``None``."""
        return self._counters_by_number.get(number)

    def table(self, name: str) -> dict[str, Any]:
        """A table the core passes on (``ticket``, ``voice``, ...); empty when absent."""
        return self.tables.get(name, {})


class _Reader(TableReader):
    """The shared reader with the shapes the centre's tables use (a value looked up by name, with keys
    named from the root of the file: ``fields[2].numbers``)."""

    def mapping(self, data: Any, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, "config.not_table")
        return data

    def known(self, data: dict[str, Any], key: str, allowed: tuple[str, ...]) -> None:
        self.table(data, allowed, name=key)

    def text(self, data: dict[str, Any], key: str, name: str, default: str | None = None) -> str:
        value = data.get(name, default)
        if value is None:
            raise self.fail(f"{key}.{name}", "config.missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key}.{name}", "config.not_text", value=value)
        return value.strip()

    def integer(self, data: dict[str, Any], key: str, name: str, default: int | None = None,
                minimum: int = 0) -> int | None:
        value = data.get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(f"{key}.{name}", "config.not_integer", minimum=minimum, value=value)
        return value

    def choice_of(self, data: dict[str, Any], key: str, name: str, choices: tuple[str, ...],
                  default: str) -> str:
        return self.choice(f"{key}.{name}", data.get(name, default), choices)


def announces_field(voice: Any) -> bool:
    """Whether the ``[voice]`` table has calls name the field with the number."""
    if not isinstance(voice, dict):
        return False
    template = voice.get("template")
    return voice.get("with_field") is True or (isinstance(template, str) and "{field}" in template)


def _check_number_ranges(r: _Reader, fields: list[Field], voice: Any) -> None:
    """Two fields whose ranges share numbers would give two citizens the same number, announced with the
    same words ("1005" and "01005" sound alike too): refused unless every call names the field."""
    if announces_field(voice):
        return
    for i, f in enumerate(fields):
        for other in fields[:i]:
            a, b = f.numbers, other.numbers
            if a.prefix == b.prefix and a.first <= b.last and b.first <= a.last:
                raise r.fail(f"fields[{i}].numbers", "config.overlapping_numbers", value=str(a), other=other.code,
                             range=str(b))


def parse_centre(data: dict[str, Any], file: str = "centre.toml") -> Centre:
    """Build a :class:`Centre` from parsed TOML; raise :class:`ConfigError` on the first mistake."""
    r = _Reader(file)
    r.known(data, "", ("centre", "fields", "counters", "staff", *PASSTHROUGH_TABLES))
    if "centre" not in data:
        raise r.fail("centre", "config.missing")
    c = r.mapping(data["centre"], "centre")
    r.known(c, "centre", ("name", "address", "timezone", "call_policy", "hours", "no_show", "no_show_after_calls",
                           "waiting_target_minutes"))
    tz = r.timezone("centre.timezone", c.get("timezone", "Asia/Ho_Chi_Minh"))
    fields = _fields(r, data.get("fields", []), r.hours("centre.hours", c.get("hours", DEFAULT_HOURS)))
    _check_number_ranges(r, fields, data.get("voice"))
    counters, staff = _counters(r, data.get("counters", []), fields), _staff(r, data.get("staff", []))
    return Centre(
        name=r.text(c, "centre", "name"),
        address=c.get("address", "") if isinstance(c.get("address", ""), str) else "",
        timezone=tz,
        call_policy=r.choice_of(c, "centre", "call_policy", CALL_POLICIES, "oldest_first"),
        fields=tuple(fields),
        counters=tuple(counters),
        staff=tuple(staff),
        tables={name: data[name] for name in PASSTHROUGH_TABLES if name in data},
        no_show=r.choice_of(c, "centre", "no_show", NO_SHOW_POLICIES, "recall"),
        no_show_after_calls=r.integer(c, "centre", "no_show_after_calls", 0) or 0,
        waiting_target_minutes=r.integer(c, "centre", "waiting_target_minutes", 20, minimum=1) or 20,
    )


def _fields(r: _Reader, raw_fields: Any, centre_hours: Hours) -> list[Field]:
    """The ``[[fields]]`` array: at least one, codes unique; hours default to the centre's."""
    if not isinstance(raw_fields, list) or not raw_fields:
        raise r.fail("fields", "config.no_fields")
    fields: list[Field] = []
    for i, raw in enumerate(raw_fields):
        key = f"fields[{i}]"
        f = r.mapping(raw, key)
        r.known(f, key, ("code", "name_vi", "name_en", "numbers", "daily_cap", "hours", "priority_rule",
                         "avg_service_minutes"))
        code = r.text(f, key, "code").upper()
        if any(x.code == code for x in fields):
            raise r.fail(f"{key}.code", "config.duplicate", value=code)
        try:
            numbers = NumberFormat.parse(r.text(f, key, "numbers"))
        except ValueError:
            raise r.fail(f"{key}.numbers", "config.bad_numbers", value=str(f.get("numbers"))) from None
        minutes = f.get("avg_service_minutes", 10)
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes <= 0:
            raise r.fail(f"{key}.avg_service_minutes", "config.not_positive")
        fields.append(Field(
            code=code,
            name_vi=r.text(f, key, "name_vi"),
            name_en=r.text(f, key, "name_en", f.get("name_vi")),
            numbers=numbers,
            daily_cap=r.integer(f, key, "daily_cap", minimum=1),
            hours=r.hours(f"{key}.hours", f["hours"]) if "hours" in f else centre_hours,
            priority_rule=r.choice_of(f, key, "priority_rule", PRIORITY_RULES, "first"),
            avg_service_minutes=float(minutes),
            position=i,
        ))
    return fields


def _counters(r: _Reader, raw_counters: Any, fields: list[Field]) -> list[Counter]:
    """The ``[[counters]]`` array: at least one, numbers unique, each serving known fields."""
    if not isinstance(raw_counters, list) or not raw_counters:
        raise r.fail("counters", "config.no_counters")
    counters: list[Counter] = []
    for i, raw in enumerate(raw_counters):
        key = f"counters[{i}]"
        k = r.mapping(raw, key)
        r.known(k, key, ("number", "name", "location", "fields", "priority_only"))
        number = r.integer(k, key, "number", minimum=1)
        if number is None:
            raise r.fail(f"{key}.number", "config.missing")
        if any(x.number == number for x in counters):
            raise r.fail(f"{key}.number", "config.duplicate", value=str(number))
        served = k.get("fields")
        if not isinstance(served, list) or not served or not all(isinstance(s, str) for s in served):
            raise r.fail(f"{key}.fields", "config.no_counter_fields")
        codes = tuple(s.upper() for s in served)
        for s in codes:
            if not any(x.code == s for x in fields):
                raise r.fail(f"{key}.fields", "config.unknown_field", value=s)
        if len(set(codes)) != len(codes):
            raise r.fail(f"{key}.fields", "config.duplicate", value=", ".join(codes))
        priority_only = k.get("priority_only", False)
        if not isinstance(priority_only, bool):
            raise r.fail(f"{key}.priority_only", "config.not_bool")
        counters.append(Counter(
            number=number,
            name=r.text(k, key, "name", f"Quầy {number}"),
            location=k.get("location", "") if isinstance(k.get("location", ""), str) else "",
            fields=codes,
            priority_only=priority_only,
        ))
    return counters


def _staff(r: _Reader, raw_staff: Any) -> list[StaffEntry]:
    """The optional ``[[staff]]`` array: usernames unique (lower case)."""
    if not isinstance(raw_staff, list):
        raise r.fail("staff", "config.not_table")
    staff: list[StaffEntry] = []
    for i, raw in enumerate(raw_staff):
        key = f"staff[{i}]"
        s = r.mapping(raw, key)
        r.known(s, key, ("username", "full_name", "role"))
        username = r.text(s, key, "username").lower()
        if any(x.username == username for x in staff):
            raise r.fail(f"{key}.username", "config.duplicate", value=username)
        staff.append(StaffEntry(username, r.text(s, key, "full_name"), r.choice_of(s, key, "role", ROLES, "officer")))
    return staff


def load_centre(path: Path) -> Centre:
    """Read and check the configuration file at *path*."""
    return parse_centre(load_toml(path), str(path))
