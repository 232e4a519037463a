"""``qms report``: a report over a day, week, month or any range, printed or written to a file as a
table, CSV, JSON or XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assets.texts import WordedError, cli_language


def register_report(sub: argparse._SubParsersAction) -> None:
    """Add ``qms report``."""
    from core.commands import add_data_option, t
    from core.reports import BYS, FORMATS, PERIODS

    p = sub.add_parser("report", help=t("help_report"), description=t("help_report"))
    add_data_option(p)
    p.add_argument("--by", choices=(*BYS, "staff"), default="field", help=t("help_by"))
    p.add_argument("--from", dest="first", default=None, metavar="YYYY-MM-DD", help=t("help_from"))
    p.add_argument("--to", dest="last", default=None, metavar="YYYY-MM-DD", help=t("help_to"))
    p.add_argument("--period", choices=PERIODS, default=None, help=t("help_period"))
    p.add_argument("--format", choices=FORMATS, default="table", help=t("help_report_format"))
    p.add_argument("--output", type=Path, default=None, metavar="FILE", help=t("help_output"))
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Print (or write) the report the options ask for."""
    from core.clock import SystemClock
    from core.commands import data_dir, fail, t
    from core.config import load_centre
    from core.reports import build, history, resolve, staff_days
    from core.reports.export import rows_table, to_csv, to_json, to_table, to_xlsx
    from core.storage import connect

    if args.format == "xlsx" and args.output is None:
        print(t("xlsx_needs_output"), file=sys.stderr)
        return 2
    target = data_dir(args)
    if not target.database.exists():
        print(t("no_database", path=target.database), file=sys.stderr)
        return 1
    now = SystemClock().now()
    lang = cli_language()
    try:
        centre = load_centre(target.config)
        db = connect(target.database)
        today = now.astimezone(centre.timezone).date()
        if args.first is None and args.last is None and args.period is None:
            period = history(db, today)  # no dates asked: everything recorded
        else:
            period = resolve(args.first, args.last, args.period, today)
    except WordedError as error:
        return fail(error)
    if args.by == "staff":
        import json

        rows = staff_days(db, period, centre.timezone, now)
        text = json.dumps(rows, ensure_ascii=False, indent=2) if args.format == "json" else rows_table(rows, lang)
        print(text if rows else t("report_empty"), end="" if rows else "\n")
        return 0
    report = build(db, args.by, period, centre.timezone, centre.waiting_target_minutes, now)
    names = {f.code: (f.name_vi if lang == "vi" else f.name_en) for f in centre.fields}
    if args.format == "xlsx":
        data: bytes | str = to_xlsx(report, centre.name, lang, names)
    elif args.format == "csv":
        data = to_csv(report, centre.name, lang, names)
    elif args.format == "json":
        data = to_json(report, centre.name)
    else:
        data = to_table(report, centre.name, lang, names)
    if args.output is None:
        print(data, end="")
        return 0
    if isinstance(data, bytes):
        args.output.write_bytes(data)
    else:
        args.output.write_text(data, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
    print(t("report_written", path=args.output))
    return 0
