"""The ``qms`` command line.

Each area of the system owns its subcommands in a ``commands`` module with a ``register(subparsers)``
function; this module only gathers them. Registration must stay light (no Qt, no escpos import at
parse time) so that ``qms --help`` is instant; handlers import what they need when they run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Order decides the order in ``qms --help``.
COMMAND_MODULES: tuple[str, ...] = (
    "qms.demo",
    "core.commands",
    "qms.check",
    "server.commands",
    "printers.commands",
    "client.voice.commands",
    "kiosk.commands",
    "counter.commands",
    "display.commands",
    "devices.commands",
)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every area's subcommands."""
    parser = argparse.ArgumentParser(
        prog="qms",
        description="QMS — hệ thống xếp hàng lấy số / queue-number system for public service centres",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``qms``; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        if getattr(args, "check_config", False):
            # Commands that run a centre (``qms server``) read the whole configuration first.
            from qms.check import check_before

            if code := check_before(args):
                return code
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
