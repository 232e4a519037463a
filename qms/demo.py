"""``qms demo``: the README's main job. Until the apps exist it makes a sample centre in a fresh data
directory, simulates a working day through the real engine and prints the day's statistics."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from core.commands import add_data_option, cmd_simulate, t


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``qms demo``."""
    p = sub.add_parser("demo", help=t("help_demo"), description=t("help_demo"))
    add_data_option(p)
    p.add_argument("--citizens", type=int, default=600, help=t("help_demo_citizens"))
    p.add_argument("--seed", type=int, default=1, help=t("help_seed"))
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Simulate a day on a new sample centre."""
    root = args.data or Path(tempfile.mkdtemp(prefix="qms-demo-"))
    print(t("demo_dir", path=root))
    sim = argparse.Namespace(data=root, citizens=args.citizens, counters=None, date=None, seed=args.seed,
                             format="table")
    return cmd_simulate(sim)
