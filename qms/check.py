"""``qms check``: read a whole ``centre.toml`` the way every part of the system will, before any of them
runs it. ``qms server`` runs the same check at start, so a bad ``[ticket]`` or ``[voice]`` table is found
on the server PC by the person who edited it, not later on a kiosk or wall screen.

Each table is read by the code that owns it (the core's reader for the centre, fields, counters and staff;
the server's, the ticket's, the voice's, the kiosk's and the devices' readers for theirs); one wrong table
does not hide the others.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assets.settings import ConfigError, load_toml
from assets.texts import WordedError, cli_language, tr
from core.commands import add_data_option, data_dir


def t(key: str, **values: object) -> str:
    """``qms check`` text in the command line's language."""
    return tr(f"check.{key}", cli_language(), **values)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``qms check``."""
    p = sub.add_parser("check", help=t("help"), description=t("help"))
    add_data_option(p)
    p.set_defaults(handler=cmd_check)


def _readers(path: Path, data: dict[str, Any]) -> list[Callable[[], object]]:
    # Imported here: registering ``qms check`` must not load escpos, Pillow or FastAPI.
    from client.voice.settings import VoiceSettings
    from core.config import parse_centre
    from devices.config import devices_from_table
    from display.config import DisplayConfig
    from kiosk.config import parse_kiosk_config
    from printers.template import parse_ticket_config
    from server.settings import parse_settings

    file = str(path)
    return [
        lambda: parse_centre(data, file),
        lambda: parse_settings(data.get("server", {}), file),
        lambda: parse_ticket_config(data.get("ticket"), file=file),
        lambda: VoiceSettings.from_config(data.get("voice"), file=file),
        lambda: DisplayConfig.from_table(data.get("display"), file),
        lambda: parse_kiosk_config(data.get("kiosk"), _field_codes(data), file),
        lambda: devices_from_table(data.get("devices"), file),
    ]


def _field_codes(data: dict[str, Any]) -> tuple[str, ...]:
    fields = data.get("fields")
    if not isinstance(fields, list):
        return ()  # the core's reader says what is wrong with the fields
    return tuple(str(f.get("code", "")).upper() for f in fields if isinstance(f, dict))


def check_config(path: Path) -> list[WordedError]:
    """Every problem found in the configuration file at *path* (at most one per table); empty when the
    whole file is right."""
    try:
        data = load_toml(path)
    except ConfigError as error:
        return [error]
    problems = []
    for read in _readers(path, data):
        try:
            read()
        except WordedError as error:
            problems.append(error)
    return problems


def report(path: Path, problems: list[WordedError]) -> None:
    """Print *problems* to stderr in the command line's language, each followed by the other language."""
    lang = cli_language()
    other = "en" if lang == "vi" else "vi"
    print(t("problems", path=path, count=len(problems)), file=sys.stderr)
    for problem in problems:
        print(f"  - {problem.message(lang)}\n    ({problem.message(other)})", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """Check the centre's configuration; exit 1 when something is wrong."""
    path = data_dir(args).config
    problems = check_config(path)
    if problems:
        report(path, problems)
        return 1
    print(t("ok", path=path))
    return 0


def check_before(args: argparse.Namespace) -> int:
    """For commands that set ``check_config`` (``qms server``): 0 when the configuration is right or
    absent (the command says itself what is missing), else print the problems and return 1."""
    path = data_dir(args).config
    if not path.exists():
        return 0
    problems = check_config(path)
    if problems:
        report(path, problems)
        return 1
    return 0
