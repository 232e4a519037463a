"""``qms display``: the wall TV that shows and speaks every call.

Registration imports nothing heavy: Qt is loaded only when the display actually starts.
"""

from __future__ import annotations

import argparse

from assets.texts import cli_language, tr


def t(key: str, **values: object) -> str:
    """Command-line text in the user's language (``QMS_LANG=en`` for English)."""
    return tr(f"display.cli.{key}", cli_language(), **values)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qms display``."""
    p = subparsers.add_parser("display", help=t("help"), description=t("description"))
    p.add_argument("--server", metavar="URL", help=t("arg_server"))
    p.add_argument("--key", metavar="KEY", help=t("arg_key"))
    p.add_argument("--screen", type=int, metavar="N", help=t("arg_screen"))
    p.add_argument("--layout", choices=("landscape", "portrait"), help=t("arg_layout"))
    p.add_argument("--windowed", action="store_true", help=t("arg_windowed"))
    p.add_argument("--size", metavar="WxH", help=t("arg_size"))
    p.add_argument("--silent", action="store_true", help=t("arg_silent"))
    p.add_argument("--voice-out", metavar="DIR", help=t("arg_voice_out"))
    p.add_argument("--setup", action="store_true", help=t("arg_setup"))
    p.set_defaults(handler=cmd_display)


def cmd_display(args: argparse.Namespace) -> int:
    from display.app import main

    return main(args)
