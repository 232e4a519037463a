"""``qms init``, ``qms simulate``, ``qms report`` (core/reports/command.py) and ``qms backup``."""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path

from assets.texts import WordedError, cli_language, tr
from core.datadir import DataDir, default_data_dir
from core.reports.command import register_report

FORMATS = ("table", "csv", "json")  # qms simulate's


def t(key: str, **values: object) -> str:
    """Command-line text in the user's language (``QMS_LANG=en`` for English)."""
    return tr(f"cli.{key}", cli_language(), **values)


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """The ``--data DIR`` option every command that touches a centre shares."""
    parser.add_argument("--data", type=Path, default=None, metavar="DIR", help=t("help_data"))


def data_dir(args: argparse.Namespace) -> DataDir:
    """The data directory named by ``--data`` or the default."""
    return DataDir(args.data or default_data_dir())


def fail(error: WordedError) -> int:
    """Print a domain or configuration error in both languages and return the exit code."""
    print(f"{t('error')}: {error.message('vi')}\n  ({error.message('en')})", file=sys.stderr)
    return 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add the core subcommands."""
    p = sub.add_parser("init", help=t("help_init"), description=t("help_init"))
    add_data_option(p)
    p.add_argument("--force", action="store_true", help=t("help_force"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("simulate", help=t("help_simulate"), description=t("help_simulate"))
    p.add_argument("--data", type=Path, default=None, metavar="DIR", help=t("help_simulate_data"))
    p.add_argument("--live", action="store_true", help=t("help_simulate_live"))
    p.add_argument("--citizens", type=int, default=800, help=t("help_citizens"))
    p.add_argument("--counters", type=int, default=None, help=t("help_counters"))
    p.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help=t("help_date"))
    p.add_argument("--seed", type=int, default=1, help=t("help_seed"))
    p.add_argument("--format", choices=FORMATS, default="table", help=t("help_format"))
    p.set_defaults(handler=cmd_simulate)

    register_report(sub)

    p = sub.add_parser("backup", help=t("help_backup"), description=t("help_backup"))
    add_data_option(p)
    p.add_argument("dest", type=Path, metavar="DEST", help=t("help_dest"))
    p.set_defaults(handler=cmd_backup)


def write_sample(target: DataDir, force: bool = False) -> bool:
    """Write the sample configuration unless one exists (or *force*); return whether it was written."""
    if target.config.exists() and not force:
        return False
    target.root.mkdir(parents=True, exist_ok=True)
    sample = resources.files("assets").joinpath("config", "centre.sample.toml").read_text("utf-8")
    target.config.write_text(sample, "utf-8")
    return True


def cmd_init(args: argparse.Namespace) -> int:
    """Write the sample configuration, create the database and give each staff member a PIN."""
    from core.clock import SystemClock
    from core.staff import list_staff, set_pin

    target = data_dir(args)
    print(t("init_wrote", path=target.config) if write_sample(target, args.force)
          else t("init_kept", path=target.config))
    try:
        centre, db = target.open(SystemClock(), create=True)
    except WordedError as error:
        return fail(error)
    print(t("init_db", path=target.database, fields=len(centre.fields), counters=len(centre.counters)))
    new_pins = []
    for staff in list_staff(db):
        if not staff["has_pin"]:
            pin = f"{secrets.randbelow(10**6):06d}"
            set_pin(db, staff["username"], pin)
            new_pins.append((staff["username"], staff["full_name"], pin))
    if new_pins:
        print(t("init_pins"))
        for username, name, pin in new_pins:
            print(f"  {username:<16} {pin}  {name}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """Simulate a day on the centre's database and print the summary per field."""
    from datetime import datetime

    from core.clock import ManualClock
    from core.engine import QueueEngine
    from core.reference_data import install_centre
    from core.reports import Period, figures
    from core.reports.export import to_csv, to_json, to_table
    from core.simulate import default_day, real_activity, simulate_day, with_counters

    if args.citizens < 0 or (args.counters is not None and args.counters < 1):
        print(t("bad_count"), file=sys.stderr)
        return 2
    # A scratch folder unless told otherwise: never the centre's own data by default.
    target = DataDir(args.data or Path(tempfile.mkdtemp(prefix="qms-simulate-")))
    write_sample(target)
    day = args.date or default_day(date.today())
    try:
        centre, db = target.open(ManualClock(datetime.now().astimezone()), create=True)
        if not getattr(args, "live", False) and (tickets := real_activity(db)):
            print(t("sim_live_refused", path=target.database, tickets=tickets), file=sys.stderr)
            return 1
        centre = with_counters(centre, args.counters)
        clock = ManualClock(datetime.combine(day, datetime.min.time(), tzinfo=centre.timezone))
        install_centre(db, centre, clock)
        engine = QueueEngine(db, centre, clock)
        started = time.perf_counter()
        outcome = simulate_day(engine, clock, day, args.citizens, args.seed)
    except WordedError as error:
        return fail(error)
    seconds = time.perf_counter() - started
    report = figures(db, "field", Period(day, day), centre.timezone, centre.waiting_target_minutes)
    if args.format == "table":
        print(t("sim_title", day=day.isoformat(), centre=centre.name))
        print(t("sim_counts", arrived=outcome.arrived, issued=outcome.issued, refused=outcome.refused,
                served=outcome.served, no_show=outcome.no_show, transferred=outcome.transferred,
                counters=len(centre.counters)))
        print(t("sim_units"))
    writer = {"table": to_table, "csv": to_csv}.get(args.format)
    print(writer(report, centre.name, cli_language()) if writer else to_json(report, centre.name), end="")
    if args.format == "table":
        print(t("sim_time", seconds=f"{seconds:.1f}", path=target.database))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the live database with SQLite's online backup."""
    from core.storage import backup, connect

    target = data_dir(args)
    if not target.database.exists():
        print(t("no_database", path=target.database), file=sys.stderr)
        return 1
    dest: Path = args.dest
    if dest.is_dir():
        dest = dest / f"qms-{time.strftime('%Y%m%d-%H%M%S')}.db"
    if dest.exists():
        print(t("backup_exists", path=dest), file=sys.stderr)
        return 1
    backup(connect(target.database, migrate=False), dest)
    print(t("backup_done", path=dest))
    return 0
