"""``qms say``: speak one call through the speakers, or write it to a WAV file.

How a centre tests its speakers and its own recordings. Registration imports nothing heavy; Qt is imported
only when a call is actually played.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from assets.texts import cli_language, tr

if TYPE_CHECKING:
    from .announce import Announcement



def t(key: str, **values: object) -> str:
    """Command-line text in the user's language (``QMS_LANG=en`` for English)."""
    return tr(f"voice.{key}", cli_language(), **values)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qms say``."""
    p = subparsers.add_parser("say", help=t("say_help"), description=t("say_description"))
    p.add_argument("number", metavar="NUMBER", help=t("arg_number"))
    p.add_argument("counter", metavar="COUNTER", help=t("arg_counter"))
    p.add_argument("--out", type=Path, metavar="FILE.wav", help=t("arg_out"))
    p.add_argument("--field", metavar="NAME", help=t("arg_field"))
    p.add_argument("--config", type=Path, metavar="FILE.toml", help=t("arg_config"))
    p.add_argument("--by-digit", action="store_true", default=None, help=t("arg_by_digit"))
    p.add_argument("--volume", type=int, metavar="0-100", help=t("arg_volume"))
    p.set_defaults(handler=cmd_say)


def _voice_table(config: Path | None) -> dict:
    if config is None:
        return {}
    with config.open("rb") as f:
        return tomllib.load(f).get("voice", {})


def cmd_say(args: argparse.Namespace) -> int:
    """Build the announcement of one call; write it to ``--out`` or play it to the end."""
    from assets.settings import ConfigError

    from .announce import Announcer, Call
    from .assemble import write_wav
    from .clips import ClipError, ClipSet
    from .settings import VoiceSettings

    try:
        table = _voice_table(args.config)
        if args.volume is not None:
            table["volume"] = args.volume
        if args.by_digit:
            table["by_digit"] = True
        if args.field and "template" not in table:
            table["with_field"] = True
        settings = VoiceSettings.from_config(table)
        clips = ClipSet.load(settings.voice, settings.clip_dir)
        for problem in clips.problems:
            print(problem, file=sys.stderr)
        announcement = Announcer(settings, clips).announcement(Call(args.number, args.counter, args.field))
    except (OSError, tomllib.TOMLDecodeError, ClipError, ValueError, ConfigError) as exc:
        print(t("error", message=exc), file=sys.stderr)
        return 1
    seconds = round(announcement.seconds, 1)
    if args.out:
        try:
            write_wav(args.out, announcement.pcm, announcement.sample_rate)
        except OSError as exc:
            print(t("error", message=exc), file=sys.stderr)
            return 1
        print(t("written", path=args.out, seconds=seconds, text=announcement.text))
        return 0
    print(t("playing", seconds=seconds, text=announcement.text))
    return _play(announcement, settings.engine, settings.volume)


def _play(announcement: Announcement, engine: str, volume: int) -> int:
    from PySide6.QtCore import QCoreApplication

    from .player import QtAudioPlayer, make_player

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    player = make_player(engine, volume)
    problems: list[str] = []
    if isinstance(player, QtAudioPlayer):
        player.failed.connect(problems.append)
    player.play(announcement, app.quit)
    app.exec()
    if problems:
        print(t("error", message=problems[0]), file=sys.stderr)
        return 1
    print(t("played"))
    return 0
