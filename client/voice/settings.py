"""Voice settings: the ``[voice]`` table of the centre's configuration, and the centre's hours and time zone.

The configuration file is parsed elsewhere; :meth:`VoiceSettings.from_config` takes the raw ``[voice]``
table and the centre's part of ``/config`` (its time zone and opening hours) and checks every key with the
shared settings reader (``assets/settings.py``), which names a wrong key and what is wrong with it. Missing
keys take the defaults below.

The voice keeps no hours or time zone of its own: it speaks from the first session of a day on which the
centre issues tickets, in the centre's time zone, until midnight (the queue left at lunch and at closing
time is still called, and heard). ``[voice] hours`` and ``timezone`` from earlier versions are still
accepted, with a warning in the log, and ignored; the next version refuses them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from assets.settings import Hours, Key, TableReader
from assets.texts import both, catalog
from client.wire import DEFAULT_TIMEZONE

from .numbers import Reading

log = logging.getLogger("qms.voice")

# Keys of earlier versions, now taken from [centre]: accepted for one version, with a warning.
DEPRECATED_KEYS = ("hours", "timezone")


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
    hours: Hours | None = None  # the centre's opening hours; None (not known): speak at any hour
    timezone: str = DEFAULT_TIMEZONE  # the centre's
    stale_after_s: float = 120.0  # a call this old on arrival (a replay after a reconnect) is not spoken
    short_when_waiting: int = 1  # calls waiting behind one that make it spoken short; 0: never
    clip_dir: Path | None = None

    def phrase_template(self, lang: str = "vi") -> str:
        """The template in use: the configured one, else the catalog's default (with the field if asked)."""
        if self.template:
            return self.template
        # Read raw: the template's {placeholders} are filled per call, not by the catalog.
        return catalog(lang)["voice.template_with_field" if self.with_field else "voice.template"]

    def is_open(self, local: datetime) -> bool:
        """Whether a call at *local* (a time in the centre's zone) is spoken: from the first session of a
        day the centre opens, or at any time when its hours are not known."""
        return self.hours is None or self.hours.has_opened(local)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_config(cls, table: Mapping[str, Any] | None, centre: Mapping[str, Any] | None = None,
                    file: str = "centre.toml", warned: set[str] | None = None) -> VoiceSettings:
        """Build settings from the raw ``[voice]`` table and *centre* (``/config``'s ``centre``: its
        ``timezone`` and ``hours``), checking every key. *warned*: the warnings already logged by this
        caller (a display reads ``/config`` again at every reconnection), logged once each."""
        r = TableReader(file, "voice")
        raw = r.table(table)
        for key in DEPRECATED_KEYS:
            if key in raw:
                text = " / ".join(both("voice.deprecated_key", key=f"voice.{key}", file=file))
                if warned is None or text not in warned:
                    log.warning("%s", text)
                if warned is not None:
                    warned.add(text)
        values = r.present(raw, KEYS, extra=(*Reading.CHOICES, *DEPRECATED_KEYS))
        if "clip_dir" in values:
            values["clip_dir"] = Path(values["clip_dir"]).expanduser() if values["clip_dir"] else None
        # The Southern voice reads Southern words unless the centre says otherwise (1005: một ngàn không
        # trăm lẻ năm), so choosing the voice is enough.
        regional = {"zero_tens": "lẻ", "thousand": "ngàn"} if values.get("voice") == "vi-south" else {}
        values["reading"] = Reading(**{
            **regional,
            **{key: r.choice(key, raw[key], allowed) for key, allowed in Reading.CHOICES.items() if key in raw},
        })
        if centre is not None:
            where = TableReader(file, "centre")
            values["timezone"] = where.timezone("timezone", centre.get("timezone", DEFAULT_TIMEZONE)).key
            if "hours" in centre:
                values["hours"] = where.hours("hours", centre["hours"])
        settings = cls(**values)
        _check_template(r, settings)
        return settings


KEYS = (
    Key("voice", VoiceSettings.voice, blank=False),
    Key("engine", VoiceSettings.engine, choices=("clips", "tts")),
    Key("template", VoiceSettings.template),
    Key("with_field", VoiceSettings.with_field),
    Key("chime", VoiceSettings.chime),
    Key("by_digit", VoiceSettings.by_digit),
    Key("repeat", VoiceSettings.repeat, minimum=1, maximum=5),
    Key("pause_ms", VoiceSettings.pause_ms, minimum=0, maximum=10_000),
    Key("gap_ms", VoiceSettings.gap_ms, minimum=0, maximum=2_000),
    Key("chime_gap_ms", VoiceSettings.chime_gap_ms, minimum=0, maximum=5_000),
    Key("digit_pause_ms", VoiceSettings.digit_pause_ms, minimum=0, maximum=2_000),
    Key("volume", VoiceSettings.volume, minimum=0, maximum=100),
    Key("short_when_waiting", VoiceSettings.short_when_waiting, minimum=0, maximum=100),
    Key("stale_after_s", VoiceSettings.stale_after_s, minimum=1),
    Key("clip_dir", ""),
)


def _check_template(r: TableReader, settings: VoiceSettings) -> None:
    template = settings.phrase_template()
    if "{number}" not in template or "{counter}" not in template:
        raise r.fail("template", "voice.problem_template", value=template)
    stripped = template.replace("{number}", "").replace("{counter}", "").replace("{field}", "")
    if "{" in stripped or "}" in stripped:
        raise r.fail("template", "voice.problem_template", value=template)


__all__ = ["VoiceSettings"]
