"""One way to read a settings table and to word its mistakes, for every part of QMS.

Every table of ``centre.toml`` (``[centre]``, ``[server]``, ``[ticket]``, ``[voice]``, ``[kiosk]``,
``[display]``, ``[devices]``) and every app's own settings file is read the same way: each key has a type,
a default and the values it may take (:class:`Key`); a key the table does not know is refused, since it
is most often a typo that would otherwise be silently ignored. The first mistake raises
:class:`ConfigError`, which names the file, the key and the problem in Vietnamese and English.

It lives in ``assets`` because every layer reads settings and every layer may import ``assets``; the
opening hours and the time zone, which the centre sets once and several parts use, are read here too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assets.texts import DEFAULT_LANGUAGE, WordedError, tr


class ConfigError(WordedError):
    """A value in a configuration file that cannot be used: the file, the key (``ticket.paper``) and the
    problem (a catalog key such as ``config.out_of_range``, filled with *values*). Raised before anything
    is changed."""

    def __init__(self, file: str, config_key: str, problem: str, /, **values: object) -> None:
        super().__init__(problem, **values)
        self.file = file
        self.config_key = config_key

    @property
    def problem(self) -> str:
        """The catalog key of the problem."""
        return self.key

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return tr("error.config_invalid", lang, file=self.file, key=self.config_key,
                  problem=tr(self.key, lang, **self.values))

    def __str__(self) -> str:
        return self.both()


def load_toml(path: Path) -> dict[str, Any]:
    """The TOML file at *path*; an unreadable file, one not in UTF-8 or bad TOML is a :class:`ConfigError`
    naming the file (key ``-``)."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(str(path), "-", "config.unreadable", value=exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "-", "config.not_utf8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "-", "config.bad_toml", value=str(exc)) from None
    except RecursionError:  # tables or arrays nested thousands deep
        raise ConfigError(str(path), "-", "config.bad_toml", value="nested too deeply") from None


@dataclass(frozen=True)
class Key:
    """One key of a settings table: its default, its type (*kind*; that of *default* unless given), and
    for numbers the range, for texts the allowed choices. ``tuple`` means a list of texts (a single text
    is taken as a list of one)."""

    name: str
    default: Any
    kind: type | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    blank: bool = True  # for texts: may the text be empty?

    @property
    def value_type(self) -> type:
        """The type values of this key take."""
        return self.kind or type(self.default)


class TableReader:
    """Reads the tables of one file, naming keys from *prefix* (``voice`` gives ``voice.repeat``).

    *error* is the class raised: :class:`ConfigError`, or a subclass where a caller must tell an area's
    configuration errors apart (the printing area's ``TicketConfigError`` is also a ``PrinterError``).
    """

    def __init__(self, file: str, prefix: str = "", error: type[ConfigError] | None = None) -> None:
        self.file = file
        self.prefix = prefix
        self.error = error or ConfigError

    def where(self, name: str) -> str:
        """The dotted key of *name* in this reader's table."""
        return f"{self.prefix}.{name}" if self.prefix and name else (self.prefix or name)

    def fail(self, name: str, problem: str, /, **values: object) -> ConfigError:
        """The error for key *name* (relative to the prefix); *problem* a catalog key."""
        return self.error(self.file, self.where(name), problem, **values)

    def within(self, name: str) -> TableReader:
        """A reader for the table nested at *name* (``ticket`` → ``ticket.escpos``)."""
        return TableReader(self.file, self.where(name), self.error)

    def table(self, raw: Any, allowed: Iterable[str] | None = None, name: str = "") -> Mapping[str, Any]:
        """*raw* as a table (``None`` is an empty one) whose keys are all in *allowed*."""
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            raise self.fail(name, "config.not_table")
        if allowed is not None:
            known = tuple(allowed)
            for key in raw:
                if key not in known:
                    raise self.fail(f"{name}.{key}" if name else key, "config.unknown_key",
                                    allowed=", ".join(known))
        return raw

    def read(self, raw: Any, keys: Sequence[Key], extra: Iterable[str] = ()) -> dict[str, Any]:
        """Every key of *keys* from the table *raw*, checked, defaults for those absent. Keys outside
        *keys* and *extra* (keys the caller reads itself) are refused."""
        table = self.table(raw, (*(k.name for k in keys), *extra))
        return {k.name: self.value(k, table[k.name]) if k.name in table else k.default for k in keys}

    def present(self, raw: Any, keys: Sequence[Key], extra: Iterable[str] = ()) -> dict[str, Any]:
        """Like :meth:`read`, but only the keys the table holds (for dataclasses with their own defaults)."""
        table = self.table(raw, (*(k.name for k in keys), *extra))
        return {k.name: self.value(k, table[k.name]) for k in keys if k.name in table}

    def value(self, key: Key, value: Any) -> Any:
        """*value* checked against *key*: of its type, in its range or choices."""
        kind = key.value_type
        if kind is bool:
            if not isinstance(value, bool):
                raise self.fail(key.name, "config.not_bool", value=value)
            return value
        if kind in (int, float):
            return self._number(key, value)
        if kind is tuple:
            return self.texts(key.name, value)
        if key.choices:
            return self.choice(key.name, value, key.choices)
        if not isinstance(value, str) or (not key.blank and not value.strip()):
            raise self.fail(key.name, "config.not_text", value=value)
        return value.strip()

    def _number(self, key: Key, value: Any) -> int | float:
        whole = key.value_type is int
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if whole:
            ok = ok and float(value).is_integer()
        low, high = key.minimum, key.maximum
        if ok and ((low is not None and value < low) or (high is not None and value > high)):
            ok = False
        if ok:
            return int(value) if whole else float(value)
        if high is None:
            raise self.fail(key.name, "config.not_integer" if whole else "config.at_least",
                            minimum=_num(low if low is not None else 0), value=value)
        raise self.fail(key.name, "config.whole_number" if whole else "config.number",
                        low=_num(low if low is not None else 0), high=_num(high), value=value)

    def choice(self, name: str, value: Any, choices: Sequence[Any]) -> Any:
        """*value* when it is one of *choices*."""
        if isinstance(value, bool) or value not in choices:
            raise self.fail(name, "config.not_choice", allowed=", ".join(map(str, choices)), value=value)
        return value

    def texts(self, name: str, value: Any) -> tuple[str, ...]:
        """A list of texts (one text is a list of one); blank entries dropped."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise self.fail(name, "config.not_texts", value=value)
        return tuple(" ".join(v.split()) for v in items if v.strip())

    def timezone(self, name: str, value: Any) -> ZoneInfo:
        """An IANA time zone (``Asia/Ho_Chi_Minh``)."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, "config.not_text", value=value)
        try:
            return ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(name, "config.bad_timezone", value=value) from None

    def hours(self, name: str, value: Any) -> Hours:
        """Opening hours, a table of weekdays (``mon-fri = ["07:00-11:30", "13:00-17:00"]``)."""
        table = self.table(value, name=name)
        days: list[list[TimeRange]] = [[] for _ in WEEKDAYS]
        for day_key, ranges in table.items():
            where = f"{name}.{day_key}"
            indices = weekdays(day_key)
            if indices is None:
                raise self.fail(where, "config.bad_weekday")
            if not isinstance(ranges, list):
                raise self.fail(where, "config.bad_time_range", value=str(ranges))
            for text in ranges:
                span = TimeRange.parse(text)
                if span is None:
                    raise self.fail(where, "config.bad_time_range", value=str(text))
                for i in indices:
                    days[i].append(span)
        return Hours(days=tuple(tuple(sorted(d, key=lambda r: r.start)) for d in days))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class TimeRange:
    """One session of opening hours, e.g. 07:00–11:30 (end excluded; "24:00" ends at midnight)."""

    start: time
    end: time

    def __contains__(self, moment: time) -> bool:
        return self.start <= moment < self.end

    @classmethod
    def parse(cls, text: Any) -> TimeRange | None:
        """``"07:00-11:30"`` → the range; ``None`` when not a range whose start is before its end."""
        m = _RANGE.match(text) if isinstance(text, str) else None
        if m is None:
            return None
        try:
            end = time.max if m.group(3, 4) == ("24", "00") else time(int(m.group(3)), int(m.group(4)))
            span = cls(time(int(m.group(1)), int(m.group(2))), end)
        except ValueError:
            return None
        return span if span.start < span.end else None

    def __str__(self) -> str:
        end = "24:00" if self.end == time.max else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


@dataclass(frozen=True)
class Hours:
    """Opening hours per weekday (Monday first). A day with no range is closed."""

    days: tuple[tuple[TimeRange, ...], ...]

    def is_open(self, local: datetime) -> bool:
        """Whether *local* (a time in the centre's zone) falls in a session of its weekday."""
        return any(local.time() in r for r in self.days[local.weekday()])

    def has_opened(self, local: datetime) -> bool:
        """Whether *local* is on a working day at or after its first session's start (the queue left
        when a session ends is still being served, at lunch and after closing)."""
        sessions = self.days[local.weekday()]
        return bool(sessions) and local.time() >= sessions[0].start

    def to_table(self) -> dict[str, list[str]]:
        """The hours as a table of every weekday (what :meth:`TableReader.hours` reads back)."""
        return {day: [str(r) for r in ranges] for day, ranges in zip(WEEKDAYS, self.days, strict=True)}

    @classmethod
    def always(cls) -> Hours:
        """Open all day, every day (used by simulations and tests that ignore hours)."""
        return cls(days=tuple((TimeRange(time(0, 0), time.max),) for _ in WEEKDAYS))


def weekdays(key: str) -> list[int] | None:
    """``"mon-fri"`` → [0..4], ``"sat"`` → [5]; ``None`` when not a weekday name."""
    parts = key.lower().split("-")
    if not all(p in WEEKDAYS for p in parts) or len(parts) > 2:
        return None
    first, last = WEEKDAYS.index(parts[0]), WEEKDAYS.index(parts[-1])
    return list(range(first, last + 1)) if first <= last else None
