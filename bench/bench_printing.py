"""Ticket printing benchmark: render + encode time and bytes per ticket, for 58 mm and 80 mm paper.

    python bench/bench_printing.py [--runs 500]

Each run prints a different ticket (number, time, people ahead, wait, status URL), as a kiosk does
through a day: the centre name, address, labels and footer repeat, the rest changes. The first ticket
of each width is left out of the figures (fonts load then). Times are wall-clock per ticket; the CPU
column is the process time, which other programs on the machine do not inflate. Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from printers.encode import encode_ticket
from printers.layout import render_ticket
from printers.template import default_config
from printers.ticket import sample_ticket


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(width: int, runs: int) -> dict[str, float]:
    config = default_config(width)
    base = sample_ticket()
    start = datetime(2026, 11, 22, 7, 0)
    times, cpu_times, render_times, sizes = [], [], [], []
    for i in range(runs + 1):
        ticket = replace(
            base,
            number_label=str(1001 + i),
            issued_at=start + timedelta(seconds=37 * i),
            people_ahead=i % 60,
            estimated_wait_minutes=(i * 7) % 150,
            qr_url=f"http://192.168.1.10:8000/t/2026-11-22/{1001 + i}?k={i * 7919 % 65536:04x}",
        )
        c0 = time.process_time()
        t0 = time.perf_counter()
        rendered = render_ticket(ticket, config)
        t1 = time.perf_counter()
        data = encode_ticket(rendered, config.escpos)
        t2 = time.perf_counter()
        c2 = time.process_time()
        if i == 0:
            continue
        times.append((t2 - t0) * 1000)
        cpu_times.append((c2 - c0) * 1000)
        render_times.append((t1 - t0) * 1000)
        sizes.append(len(data))
    return {
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "cpu_p95": percentile(cpu_times, 0.95),
        "render_median": statistics.median(render_times),
        "bytes_median": statistics.median(sizes),
        "bytes_max": max(sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="tickets per paper width (default 500)")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {args.runs} tickets per width")
    print("| paper | median ms | p95 ms | p99 ms | CPU p95 ms | render median ms | bytes/ticket (median, max) |")
    print("|---|---|---|---|---|---|---|")
    for label, width in (("58 mm (384 dots)", 384), ("80 mm (576 dots)", 576)):
        r = run(width, args.runs)
        print(
            f"| {label} | {r['median']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['cpu_p95']:.1f} "
            f"| {r['render_median']:.1f} | {r['bytes_median']:,.0f}, {r['bytes_max']:,.0f} |"
        )


if __name__ == "__main__":
    main()
