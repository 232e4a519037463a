"""Benchmark of the server's live web pages in headless Chromium against a real ``qms server``:

    python bench/bench_web.py [--rounds 30] [--phones 50]

- the phone ticket (``/t/{token}``): from the officer's call (just before the HTTP request) to the page
  knowing it is called (its script's clock), with ``--phones`` other phone channels open on the same
  server, each re-reading its own ticket after every call;
- the browser wall display (``/display``): from the call to the frame in which "1005 → Quầy 3" is painted
  (two animation frames after the DOM change).

Both clocks are the same machine's wall clock. Prints median, p95 and p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.browser import chromium
from tests.fakes.centre import make_centre
from tests.fakes.server_process import ServerProcess
from tests.server.web_hall import Hall


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(name: str, values: list[float]) -> None:
    print(f"{name}: n={len(values)} median {statistics.median(values):.0f} ms, p95 {pct(values, 95):.0f} ms, "
          f"p99 {pct(values, 99):.0f} ms, max {max(values):.0f} ms")


def finish(hall: Hall, counter: int, ticket_id: int) -> None:
    auth = {"Authorization": f"Bearer {hall.officer(counter)}"}
    for step in ("start", "finish"):
        r = hall.http.post(f"/api/v1/counters/{counter}/tickets/{ticket_id}/{step}", headers=auth)
        assert r.status_code == 200, r.text


def other_phones(url: str, hall: Hall, count: int, stop: threading.Event) -> list[threading.Thread]:
    """*count* phones following their own waiting tickets (Hộ tịch: nobody calls them)."""
    threads = []
    for _ in range(count):
        token = hall.issue("HT")["status_url"].rsplit("/", 1)[1]

        def follow(token: str = token) -> None:
            try:
                with httpx.stream("GET", f"{url}/api/v1/public/tickets/{token}/live", timeout=None) as r:
                    for _line in r.iter_lines():
                        if stop.is_set():
                            return
            except httpx.HTTPError:
                return  # the server went away at the end of the run
        thread = threading.Thread(target=follow, daemon=True)
        thread.start()
        threads.append(thread)
    return threads


def bench_phone(hall: Hall, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        mine = hall.issue("DD")
        hall.browser.get(mine["status_url"])
        hall.until(lambda: hall.browser.execute_script("return document.body.classList.contains('offline') === false"
                                                       " && typeof EventSource !== 'undefined'")
                   and hall.text("#live").startswith("Trang tự cập nhật khi"))
        started = time.time() * 1000
        ticket = hall.call_next(1)
        hall.until(lambda: hall.browser.execute_script("return window.qmsCalledAt || 0") > 0)
        times.append(hall.browser.execute_script("return window.qmsCalledAt") - started)
        finish(hall, 1, ticket["id"])
    return times


def bench_display(hall: Hall, rounds: int) -> list[float]:
    hall.browser.get(f"{hall.server.url}/display#key={hall.centre.display}")
    hall.until(lambda: hall.browser.execute_script("return document.body.dataset.state") == "live")
    times = []
    for _ in range(rounds):
        mine = hall.issue("DD")["ticket"]
        hall.until(lambda: not hall.browser.execute_script("return holding"))
        started = time.time() * 1000
        ticket = hall.call_next(1)
        assert ticket["label"] == mine["label"]
        label = mine["label"]
        hall.until(lambda label=label: hall.browser.execute_script("return window.qmsPainted[arguments[0]] || 0",
                                                                   label))
        times.append(hall.browser.execute_script("return window.qmsPainted[arguments[0]]", mine["label"]) - started)
        finish(hall, 1, ticket["id"])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--phones", type=int, default=50, help="other phone pages following their tickets")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder:
        centre = make_centre(Path(folder) / "centre", "issue_interval_seconds = 0\n")
        centre.data.config.write_text(centre.data.config.read_text("utf-8") + "\n[display]\ncall_seconds = 1\n",
                                      "utf-8")
        server = ServerProcess(centre.data, Path(folder) / "server.log")
        server.start()
        stop = threading.Event()
        try:
            hall = Hall(server, centre, chromium(390, 844))
            try:
                other_phones(server.url, hall, args.phones, stop)
                report(f"phone page, call → page knows (with {args.phones} other phones)",
                       bench_phone(hall, args.rounds))
            finally:
                hall.browser.quit()
            hall.browser = chromium(1920, 1080)
            try:
                report("browser display, call → painted", bench_display(hall, args.rounds))
            finally:
                hall.browser.quit()
                hall.close()
        finally:
            stop.set()
            server.kill()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
