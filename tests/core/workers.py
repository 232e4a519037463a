"""Worker processes for the multi-process tests: each opens the same database file on its own.

    python -m tests.core.workers issue DB COUNT FIELD...   prints each acknowledged label, flushed
    python -m tests.core.workers serve DB COUNTER STOP_FILE calls, starts and finishes until STOP_FILE
                                                            exists and nobody waits
"""

from __future__ import annotations

import sys
from pathlib import Path

from core.clock import SystemClock
from core.engine import QueueEngine
from core.storage import connect
from tests.core.small_centre import make_centre

ALL_DAY = {"mon-sun": ["00:00-24:00"]}


def main(argv: list[str]) -> int:
    kind, path = argv[0], argv[1]
    engine = QueueEngine(connect(path), make_centre(hours=ALL_DAY), SystemClock())
    if kind == "issue":
        count, fields = int(argv[2]), argv[3:]
        for i in range(count):
            t = engine.issue(fields[i % len(fields)])
            print(f"{t.field_code} {t.label}", flush=True)
        return 0
    counter, stop = int(argv[2]), Path(argv[3])
    served = []
    while True:
        # Read before calling: once the issuers are done (the file exists), an empty queue stays empty.
        done = stop.exists()
        t = engine.call_next(counter)
        if t is None:
            if done:
                break
            continue
        engine.start(counter, t.id)
        engine.finish(counter, t.id)
        served.append(t.id)
    print(" ".join(map(str, served)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
