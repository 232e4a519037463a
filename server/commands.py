"""``qms server``, ``qms device add|list|revoke`` and ``qms staff add|list|disable``.

Registration imports nothing heavy; handlers import FastAPI and uvicorn only when they run.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import re
import socket
import sys

from assets.texts import WordedError, cli_language, tr
from core.commands import add_data_option, data_dir, fail
from core.datadir import DataDir

PIN_PATTERN = re.compile(r"^[0-9]{4,12}$")
USERNAME_PATTERN = re.compile(r"^[a-z0-9._-]{1,64}$")


def t(key: str, **values: object) -> str:
    """Server command-line text in the user's language."""
    return tr(f"server.{key}", cli_language(), **values)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the server's subcommands."""
    p = sub.add_parser("server", help=t("help_server"), description=t("help_server"))
    add_data_option(p)
    p.add_argument("--host", default=None, help=t("help_host"))
    p.add_argument("--port", type=int, default=None, help=t("help_port"))
    # check_config: ``qms`` reads the whole centre.toml (``qms check``) before the server starts.
    p.set_defaults(handler=cmd_server, check_config=True)

    p = sub.add_parser("device", help=t("help_device"), description=t("help_device"))
    dsub = p.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    a = dsub.add_parser("add", help=t("help_device_add"), description=t("help_device_add"))
    add_data_option(a)
    a.add_argument("kind", choices=("kiosk", "display", "rating"), help=t("help_device_kind"))
    a.add_argument("name", help=t("help_device_name"))
    a.add_argument("--counter", type=int, default=None, metavar="N", help=tr("rating.help_counter", cli_language()))
    a.set_defaults(handler=cmd_device_add)
    a = dsub.add_parser("list", help=t("help_device_list"), description=t("help_device_list"))
    add_data_option(a)
    a.set_defaults(handler=cmd_device_list)
    a = dsub.add_parser("revoke", help=t("help_device_revoke"), description=t("help_device_revoke"))
    add_data_option(a)
    a.add_argument("id", type=int, help=t("help_device_id"))
    a.set_defaults(handler=cmd_device_revoke)

    p = sub.add_parser("staff", help=t("help_staff"), description=t("help_staff"))
    ssub = p.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    a = ssub.add_parser("add", help=t("help_staff_add"), description=t("help_staff_add"))
    add_data_option(a)
    a.add_argument("username", help=t("help_username"))
    a.add_argument("full_name", help=t("help_full_name"))
    a.add_argument("--role", choices=("officer", "admin"), default="officer", help=t("help_role"))
    a.add_argument("--pin-stdin", action="store_true", help=t("help_pin_stdin"))
    a.set_defaults(handler=cmd_staff_add)
    a = ssub.add_parser("list", help=t("help_staff_list"), description=t("help_staff_list"))
    add_data_option(a)
    a.set_defaults(handler=cmd_staff_list)
    a = ssub.add_parser("disable", help=t("help_staff_disable"), description=t("help_staff_disable"))
    add_data_option(a)
    a.add_argument("username", help=t("help_username"))
    a.set_defaults(handler=cmd_staff_disable)


class RedactSecrets(logging.Filter):
    """Removes query strings (``?token=...``) and ticket tokens (``/t/...``) from log records."""

    _SECRET = re.compile(r"(\?[^\s\"]*|/t/[^\s\"]+)")

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record without secrets; never drop it."""
        if record.args:
            record.args = tuple(self._SECRET.sub("?…", a) if isinstance(a, str) else a
                                for a in (record.args if isinstance(record.args, tuple) else (record.args,)))
        if isinstance(record.msg, str):
            record.msg = self._SECRET.sub("?…", record.msg) if "%" not in record.msg else record.msg
        return True


def _lan_address() -> str:
    """This machine's address on the LAN (no packet is sent: a UDP connect only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def cmd_server(args: argparse.Namespace) -> int:
    """Run the centre server until interrupted."""
    from core.folder_lock import FolderLock

    target = data_dir(args)
    if not target.config.exists():
        print(tr("cli.no_database", cli_language(), path=target.config), file=sys.stderr)
        return 1
    try:
        # Before the database is touched, and held until the process ends (core/folder_lock.py).
        lock = FolderLock(target.root).acquire()
    except WordedError as error:
        return fail(error)
    try:
        return _serve(args, target)
    finally:
        lock.release()


def _serve(args: argparse.Namespace, target: DataDir) -> int:
    import uvicorn

    from core.config import load_centre
    from server.app import create_app
    from server.limits import raise_file_limit, uvicorn_options
    from server.settings import parse_settings

    try:
        settings = parse_settings(load_centre(target.config).table("server"), str(target.config))
        settings = settings.with_overrides(args.host, args.port)
        app = create_app(settings, target)
    except WordedError as error:
        return fail(error)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    shown = _lan_address() if settings.host in ("0.0.0.0", "") else settings.host
    print(t("listening", url=f"http://{shown}:{settings.port}"), flush=True)
    print(t("listening_docs", url=f"http://{shown}:{settings.port}/docs"), flush=True)
    # uvicorn's own access log prints raw paths and query strings (ticket tokens, WebSocket keys): it is
    # off, the app logs route templates instead, and what uvicorn still logs is redacted. No proxy stands
    # before the server: X-Forwarded-For would only let a client on this machine name its own address
    # (which the login limits count by), and reading it is a layer on every request.
    config = uvicorn.Config(app, access_log=False, log_level="info", timeout_graceful_shutdown=3,
                            proxy_headers=False, **uvicorn_options(settings, raise_file_limit()))
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).addFilter(RedactSecrets())
    listener = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if settings.socket_send_buffer:
        # Accepted connections inherit the listening socket's send buffer.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, settings.socket_send_buffer)
    try:
        listener.bind((settings.host, settings.port))
    except OSError as error:
        print(t("cannot_listen", address=f"{settings.host}:{settings.port}", reason=error.strerror),
              file=sys.stderr)
        return 1
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def _open(args: argparse.Namespace):  # noqa: ANN202 - (clock, db), kept light for the CLI
    from core.clock import SystemClock

    clock = SystemClock()
    _, db = data_dir(args).open(clock)
    return clock, db


def cmd_device_add(args: argparse.Namespace) -> int:
    """Register a kiosk, display or rating tablet (at one counter) and print its key once."""
    from core.config import load_centre
    from core.device_keys import add_device

    name = args.name.strip()
    if not name or len(name) > 80:
        print(t("bad_name"), file=sys.stderr)
        return 2
    if (args.kind == "rating") != (args.counter is not None):
        print(tr("rating.counter_needed", cli_language()), file=sys.stderr)
        return 2
    try:
        clock, db = _open(args)
        if args.counter is not None and load_centre(data_dir(args).config).counter(args.counter) is None:
            print(tr("rating.counter_unknown", cli_language(), counter=args.counter), file=sys.stderr)
            return 2
    except WordedError as error:
        return fail(error)
    device, key = add_device(db, clock, args.kind, name, args.counter)
    print(t("device_added", id=device.id, kind=t(f"role_{device.kind}"), name=device.name))
    print(t("device_key_once"))
    print(key)
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    """List devices (never their keys)."""
    from core.device_keys import list_devices

    try:
        _, db = _open(args)
    except WordedError as error:
        return fail(error)
    devices = list_devices(db)
    if not devices:
        print(t("device_none"))
    for d in devices:
        state = t("revoked_at", at=d.revoked_at) if d.revoked_at else t("active")
        where = tr("rating.counter", cli_language(), counter=d.counter) if d.counter is not None else ""
        print(f"{d.id:>4}  {d.kind:<8} {d.name:<30} {where:<12} {d.created_at}  {state}")
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    """Revoke a device's key."""
    from core.device_keys import revoke_device

    try:
        clock, db = _open(args)
        device = revoke_device(db, clock, args.id)
    except WordedError as error:
        return fail(error)
    print(t("device_revoked", id=device.id, name=device.name))
    return 0


def _read_pin(from_stdin: bool) -> str | None:
    """The new PIN, from stdin or asked twice without echo; ``None`` if unusable."""
    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass(t("pin_prompt"))
        if getpass.getpass(t("pin_again")) != pin:
            print(t("pin_mismatch"), file=sys.stderr)
            return None
    if not PIN_PATTERN.match(pin):
        print(t("pin_invalid"), file=sys.stderr)
        return None
    return pin


def cmd_staff_add(args: argparse.Namespace) -> int:
    """Add a staff member with a PIN."""
    from core.staff import add_staff

    if not USERNAME_PATTERN.match(args.username) or not args.full_name.strip():
        print(t("bad_username"), file=sys.stderr)
        return 2
    pin = _read_pin(args.pin_stdin)
    if pin is None:
        return 2
    try:
        clock, db = _open(args)
        add_staff(db, clock, args.username, args.full_name.strip(), args.role, pin)
    except WordedError as error:
        return fail(error)
    print(t("staff_added", username=args.username, role=args.role))
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    """List staff (never PINs)."""
    from core.staff import list_staff

    try:
        _, db = _open(args)
    except WordedError as error:
        return fail(error)
    for s in list_staff(db):
        state = t("active") if s["active"] else t("disabled")
        pin = "" if s["has_pin"] else t("no_pin")
        print(f"{s['username']:<20} {s['role']:<8} {state:<12} {s['full_name']} {pin}".rstrip())
    return 0


def cmd_staff_disable(args: argparse.Namespace) -> int:
    """Disable a staff account."""
    from core.clock import SystemClock
    from core.engine import QueueEngine

    try:
        clock = SystemClock()
        centre, db = data_dir(args).open(clock)
        QueueEngine(db, centre, clock).disable_staff(args.username)
    except WordedError as error:
        return fail(error)
    print(t("staff_disabled", username=args.username))
    return 0
