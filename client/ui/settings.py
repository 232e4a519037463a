"""Each app's settings on its own machine: a small TOML file in the user's configuration folder.

A kiosk or wall TV must boot straight into its screen after a power cut, so what its set-up screen was
told (server address, device key, printer, screen) is kept in ``<config>/qms/<app>.toml`` —
``%APPDATA%\\QMS`` on Windows, ``$XDG_CONFIG_HOME/qms`` (``~/.config/qms``) elsewhere, ``$QMS_CONFIG_DIR``
when set. The file is plain TOML an IT officer can read; it is written whole to a temporary file and
renamed, so a power cut mid-write leaves the old file, never half of one.

Every value is checked against the app's schema by the shared settings reader (``assets/settings.py``):
a wrong type or an unknown key raises its ``ConfigError`` naming the file, the key and the problem in
Vietnamese and English, and nothing is changed. The apps then show the set-up screen with that message
instead of starting on bad values.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assets.settings import Key, TableReader, load_toml

Value = str | int | float | bool


@dataclass(frozen=True)
class Setting:
    """One key of an app's settings: its type, default and (for numbers) range."""

    key: str
    type: type
    default: Value
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def as_key(self) -> Key:
        """The setting as the shared reader's :class:`~assets.settings.Key`."""
        return Key(self.key, self.default, kind=self.type, minimum=self.minimum, maximum=self.maximum,
                   choices=self.choices)


def config_dir() -> Path:
    """The folder holding the apps' settings files on this machine."""
    if os.environ.get("QMS_CONFIG_DIR"):
        return Path(os.environ["QMS_CONFIG_DIR"])
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "QMS"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "qms"


class AppSettings:
    """The settings of one app (``kiosk``, ``counter``, ``display``) on this machine."""

    def __init__(self, app: str, schema: tuple[Setting, ...], path: Path | None = None) -> None:
        self.app = app
        self.schema = {s.key: s for s in schema}
        self.path = path or config_dir() / f"{app}.toml"
        self.values: dict[str, Value] = {s.key: s.default for s in schema}

    @property
    def exists(self) -> bool:
        """True once the set-up screen has saved this machine's settings."""
        return self.path.is_file()

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def get(self, key: str, default: Value | None = None) -> Value | None:
        """The value of *key*, or *default* when the schema has no such key."""
        return self.values.get(key, default)

    def load(self) -> AppSettings:
        """Read the file (a missing file keeps the defaults); raise ``ConfigError`` if it is bad."""
        if not self.path.is_file():
            return self
        self.values = {**self.values, **self.checked(load_toml(self.path))}
        return self

    def update(self, changes: Mapping[str, Any]) -> None:
        """Check *changes* and apply them (all or none)."""
        self.values = {**self.values, **self.checked(changes)}

    def checked(self, raw: Mapping[str, Any]) -> dict[str, Value]:
        """*raw* converted to the schema's types; ``ConfigError`` on the first bad key."""
        return TableReader(str(self.path)).present(raw, [s.as_key() for s in self.schema.values()])

    def save(self) -> None:
        """Write the file atomically (temporary file, flush to disk, rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".toml.tmp")
        with tmp.open("w", encoding="utf-8") as f:
            f.write(dumps(self.values))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)


def dumps(values: Mapping[str, Value]) -> str:
    """A flat TOML table (strings, numbers, booleans): all the settings files hold."""
    lines = []
    for key, value in values.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float):
            text = repr(value)
        else:
            # JSON's string escapes are TOML's basic-string escapes; TOML also wants DEL escaped.
            text = json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
        lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"
