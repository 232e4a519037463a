"""``qms kiosk``: the citizens' ticket kiosk. Registration is light; Qt is imported only when it runs."""

from __future__ import annotations

import argparse

from assets.texts import cli_language, tr


def t(key: str, **values: object) -> str:
    """Command-line text in the user's language (``QMS_LANG=en`` for English)."""
    return tr(f"kiosk.cli.{key}", cli_language(), **values)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qms kiosk``."""
    p = subparsers.add_parser("kiosk", help=t("help"), description=t("help"))
    p.add_argument("--server", metavar="URL", help=t("help_server"))
    p.add_argument("--key", metavar="KEY", help=t("help_key"))
    p.add_argument("--printer", metavar="URI", help=t("help_printer"))
    screen = p.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=None,
                        help=t("help_fullscreen"))
    screen.add_argument("--windowed", dest="fullscreen", action="store_false", help=t("help_windowed"))
    p.add_argument("--lang", choices=("vi", "en"), help=t("help_lang"))
    p.add_argument("--screen", type=int, metavar="N", help=t("help_screen"))
    p.add_argument("--dpi", type=float, metavar="DPI", help=t("help_dpi"))
    p.add_argument("--setup", action="store_true", help=t("help_setup"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Start the kiosk."""
    from kiosk.app import main

    return main(args)
