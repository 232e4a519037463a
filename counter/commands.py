"""``qms counter``: the officers' calling app. Registration imports no Qt; the app is imported when run."""

from __future__ import annotations

import argparse

from assets.texts import cli_language, tr


def t(key: str) -> str:
    """Command-line text in the user's language (``QMS_LANG=en`` for English)."""
    return tr(f"counter.cli.{key}", cli_language())


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qms counter``."""
    p = subparsers.add_parser("counter", help=t("help"), description=t("description"))
    p.add_argument("--server", metavar="URL", help=t("arg_server"))
    p.add_argument("--counter", type=int, metavar="N", help=t("arg_counter"))
    p.add_argument("--lang", choices=("vi", "en"), help=t("arg_lang"))
    p.set_defaults(handler=cmd_counter)


def cmd_counter(args: argparse.Namespace) -> int:
    """Run the app until it is closed."""
    from counter.app import main

    return main(args.server, args.counter, args.lang)
