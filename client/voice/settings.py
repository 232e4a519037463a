"""Voice settings, from the ``[voice]`` table of the centre's configuration.

The configuration file is parsed elsewhere; :meth:`VoiceSettings.from_config` takes the raw table, checks
every key and says which key is wrong and why. Missing keys take the defaults below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assets.texts import ConfigProblem, catalog

from .numbers import Reading

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class VoiceSettingsError(ConfigProblem, ValueError):
    """A ``[voice]`` setting of ``centre.toml`` is wrong; the message names the key and what is wrong."""

    def __init__(self, key: str, problem: str, /, **values: object) -> None:
        super().__init__("centre.toml", f"voice.{key}", problem, **values)

    def __str__(self) -> str:
        return self.both()


def _error(key: str, problem_key: str, **values: object) -> VoiceSettingsError:
    return VoiceSettingsError(key, problem_key, **values)


@dataclass(frozen=True)
class OpenHours:
    """One span of opening hours, local time, start included and end excluded."""

    start: time
    end: time

    def __contains__(self, moment: time) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class VoiceSettings:
    """Everything the voice needs to know about a centre's announcements."""

    voice: str = "vi-north"
    engine: str = "clips"  # "clips" (bundled or recorded clips) or "tts" (the system's speech, if Vietnamese)
    template: str = ""  # empty: the catalog's default phrase
    with_field: bool = False
    repeat: int = 2
    pause_ms: int = 800  # between the repetitions of a call
    gap_ms: int = 40  # between clips within a phrase
    chime: bool = True
    chime_gap_ms: int = 250
    digit_pause_ms: int = 150  # between digits in a digit-by-digit reading
    by_digit: bool = False
    reading: Reading = field(default_factory=Reading)
    volume: int = 80  # percent
    hours: tuple[OpenHours, ...] = ()  # empty: speak at any hour
    timezone: str = "Asia/Ho_Chi_Minh"
    stale_after_s: float = 120.0  # a call this old on arrival (a replay after a reconnect) is not spoken
    short_when_waiting: int = 1  # calls waiting behind one that make it spoken short; 0: never
    clip_dir: Path | None = None

    def phrase_template(self, lang: str = "vi") -> str:
        """The template in use: the configured one, else the catalog's default (with the field if asked)."""
        if self.template:
            return self.template
        # Read raw: the template's {placeholders} are filled per call, not by the catalog.
        return catalog(lang)["voice.template_with_field" if self.with_field else "voice.template"]

    def is_open(self, moment: time) -> bool:
        """Whether a call at local time *moment* is spoken (within the hours, or no hours set)."""
        return not self.hours or any(moment in span for span in self.hours)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_config(cls, table: dict | None) -> VoiceSettings:
        """Build settings from the raw ``[voice]`` table, checking every key."""
        table = dict(table or {})
        known = {f.name for f in fields(cls)} - {"reading"} | set(Reading.CHOICES)
        for key in table:
            if key not in known:
                raise _error(key, "voice.problem_unknown", known=", ".join(sorted(known)))
        values: dict = {}
        for key in ("voice", "template", "timezone"):
            if key in table:
                values[key] = _text(table, key)
        if "engine" in table:
            values["engine"] = _choice(table, "engine", ("clips", "tts"))
        for key in ("with_field", "chime", "by_digit"):
            if key in table:
                if not isinstance(table[key], bool):
                    raise _error(key, "voice.problem_bool", value=table[key])
                values[key] = table[key]
        for key, low, high in (
            ("repeat", 1, 5),
            ("pause_ms", 0, 10_000),
            ("gap_ms", 0, 2_000),
            ("chime_gap_ms", 0, 5_000),
            ("digit_pause_ms", 0, 2_000),
            ("volume", 0, 100),
            ("short_when_waiting", 0, 100),
        ):
            if key in table:
                values[key] = _integer(table, key, low, high)
        if "stale_after_s" in table:
            value = table["stale_after_s"]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise _error("stale_after_s", "voice.problem_positive", value=value)
            values["stale_after_s"] = float(value)
        # The Southern voice reads Southern words unless the centre says otherwise (1005: một ngàn không
        # trăm lẻ năm), so choosing the voice is enough.
        regional = {"zero_tens": "lẻ", "thousand": "ngàn"} if values.get("voice") == "vi-south" else {}
        values["reading"] = Reading(**{
            **regional,
            **{key: _choice(table, key, allowed) for key, allowed in Reading.CHOICES.items() if key in table},
        })
        if "hours" in table:
            values["hours"] = _hours(table["hours"])
        if "clip_dir" in table:
            values["clip_dir"] = Path(_text(table, "clip_dir")).expanduser()
        settings = cls(**values)
        try:
            settings.zone  # noqa: B018 - checked now, not at the first call of the day
        except (ZoneInfoNotFoundError, ValueError):
            raise _error("timezone", "voice.problem_timezone", value=settings.timezone) from None
        _check_template(settings)
        return settings


def _text(table: dict, key: str) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise _error(key, "voice.problem_text", value=value)
    return value


def _choice(table: dict, key: str, allowed: tuple[str, ...]) -> str:
    value = table[key]
    if value not in allowed:
        raise _error(key, "voice.problem_choice", value=value, allowed=", ".join(allowed))
    return value


def _integer(table: dict, key: str, low: int, high: int) -> int:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(key, "voice.problem_range", value=value, low=low, high=high)
    return value


def _hours(value: object) -> tuple[OpenHours, ...]:
    spans = [value] if isinstance(value, str) else value
    if not isinstance(spans, list):
        raise _error("hours", "voice.problem_hours", value=value)
    result = []
    for span in spans:
        match = _HOURS.match(span) if isinstance(span, str) else None
        if not match:
            raise _error("hours", "voice.problem_hours", value=span)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            start, end = time(h1, m1), time(h2, m2)
        except ValueError:
            raise _error("hours", "voice.problem_hours", value=span) from None
        if end <= start:
            raise _error("hours", "voice.problem_hours", value=span)
        result.append(OpenHours(start, end))
    return tuple(result)


def _check_template(settings: VoiceSettings) -> None:
    template = settings.phrase_template()
    if "{number}" not in template or "{counter}" not in template:
        raise _error("template", "voice.problem_template", value=template)
    stripped = template.replace("{number}", "").replace("{counter}", "").replace("{field}", "")
    if "{" in stripped or "}" in stripped:
        raise _error("template", "voice.problem_template", value=template)


__all__ = ["OpenHours", "VoiceSettings", "VoiceSettingsError"]
