"""``qms bridge``: serve the buses of keypads, counter signs and hall boards declared in ``[devices]``.

Registration imports nothing heavy; pyserial and websockets are imported when the bridge runs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from assets.settings import ConfigError
from assets.texts import cli_language, tr


def _text(key: str, /, **values: object) -> str:
    return tr(f"devices.{key}", cli_language(), **values)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``bridge`` to the ``qms`` parser."""
    bridge = subparsers.add_parser("bridge", help=_text("help_bridge"), description=_text("help_bridge"),
                                   epilog="QMS_DEVICE_KEY=qmsd_... qms bridge --data /srv/qms --port /dev/ttyUSB0")
    bridge.add_argument("--data", metavar="DIR", help=tr("cli.help_data", cli_language()))
    bridge.add_argument("--port", action="append", default=[], metavar="URL", help=_text("help_port"))
    bridge.add_argument("--server", metavar="URL", help=_text("help_server"))
    bridge.add_argument("--key-file", metavar="FILE", help=_text("help_key_file"))
    bridge.add_argument("--verbose", action="store_true", help=_text("help_verbose"))
    bridge.set_defaults(handler=run_bridge)


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data or os.environ.get("QMS_DATA", "qms-data"))


def run_bridge(args: argparse.Namespace) -> int:
    """Check ``[devices]``, then serve until Ctrl+C or SIGTERM. Exit 1 on a configuration mistake."""
    from devices.config import load_devices

    lang = cli_language()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config_file = _data_dir(args) / "centre.toml"
    try:
        config = load_devices(config_file)
        if args.port:
            config = config.only(args.port)
    except ConfigError as exc:
        print(f"{tr('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 1
    if not config.buses:
        print(f"{tr('cli.error', lang)}: {_text('no_buses', file=config_file)}", file=sys.stderr)
        return 1
    try:
        key = (Path(args.key_file).read_text("utf-8").strip() if args.key_file
               else os.environ.get("QMS_DEVICE_KEY", "").strip())
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{tr('cli.error', lang)}: {_text('key_file_unreadable', path=args.key_file, reason=exc)}",
              file=sys.stderr)
        return 1
    if not key:
        print(f"{tr('cli.error', lang)}: {_text('no_key')}", file=sys.stderr)
        return 1
    return asyncio.run(_serve(config, args.server or config.server, key, lang))


async def _serve(config: object, url: str, key: str, lang: str) -> int:
    from devices.bridge import Bridge
    from devices.config import DevicesConfig
    from devices.server_link import ApiError, ServerLink

    assert isinstance(config, DevicesConfig)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C still raises KeyboardInterrupt
            pass
    link = ServerLink(url, key)
    bridge = Bridge(config, link, lang=lang)
    print(_text("started", buses=len(config.buses), keypads=sum(len(b.keypads) for b in config.buses),
                signs=sum(len(b.signs) for b in config.buses), boards=sum(len(b.boards) for b in config.buses),
                url=url), flush=True)
    try:
        await bridge.run(stop)
    except ConfigError as exc:
        print(f"{tr('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 1
    except ApiError as exc:
        print(f"{tr('cli.error', lang)}: {_text('bad_key', url=url, code=exc.code)}", file=sys.stderr)
        return 1
    finally:
        await link.close()
    return 0
