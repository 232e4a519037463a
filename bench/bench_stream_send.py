"""What one live message costs the server for 100 WebSocket clients, with and without permessage-deflate.

The framing is done by the same sans-I/O protocol uvicorn's WebSocket implementation uses (``websockets``);
the socket write is left out. With permessage-deflate each message is compressed once per client (each
connection keeps its own compressor), which is why the server turns it off (server/limits.py).

    python bench/bench_stream_send.py [--clients 100] [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from websockets.extensions.permessage_deflate import PerMessageDeflate
from websockets.protocol import State
from websockets.server import ServerProtocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# A live `issued` message with its changed field row, as the server sends it.
MESSAGE = json.dumps({
    "type": "event",
    "event": {"seq": 1201, "at": "2026-11-30T01:02:03.456Z", "kind": "issued", "service_day": "2026-11-30",
              "ticket_id": 1188, "field_code": "DD", "label": "1047", "counter": None, "username": None,
              "data": {"kiosk": "Ki-ốt sảnh A", "ahead": 7, "estimated_minutes": 21, "overloaded": False}},
    "rows": {"fields": [{"code": "DD", "name_vi": "Đất đai", "name_en": "Land", "waiting": 8,
                         "estimated_minutes": 24, "overloaded": False, "state": "issuing", "opens_at": None}]},
}, ensure_ascii=False, separators=(",", ":"))


def connection(deflate: bool) -> ServerProtocol:
    conn = ServerProtocol()
    conn.state = State.OPEN
    if deflate:  # what a browser or the websockets client negotiates when the server allows it
        conn.extensions = [PerMessageDeflate(False, False, 15, 15)]
    return conn


def broadcast_ms(clients: int, rounds: int, deflate: bool) -> list[float]:
    conns = [connection(deflate) for _ in range(clients)]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for conn in conns:
            conn.send_text(MESSAGE.encode())
            conn.data_to_send()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    print(f"one live message ({len(MESSAGE.encode())} bytes) framed for {args.clients} clients:")
    for deflate in (False, True):
        ms = sorted(broadcast_ms(args.clients, args.rounds, deflate))
        print(f"  permessage-deflate {'on ' if deflate else 'off'}: median {statistics.median(ms):.2f} ms, "
              f"p95 {ms[int(0.95 * len(ms))]:.2f} ms, p99 {ms[int(0.99 * len(ms))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
