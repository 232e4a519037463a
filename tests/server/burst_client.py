"""A kiosk in its own process for the SIGKILL test: issues tickets as fast as the server answers and
writes one line per answer received (``id field label``), flushed at once, until the server goes away."""

from __future__ import annotations

import sys

import httpx

FIELDS = ("DD", "HT", "CT", "KD")


def main(url: str, key: str, out: str) -> int:
    with open(out, "a", encoding="utf-8") as sink, httpx.Client(base_url=url, timeout=5,
                                                                 headers={"Authorization": f"Bearer {key}"}) as c:
        n = 0
        while True:
            try:
                r = c.post("/api/v1/tickets", json={"field": FIELDS[n % len(FIELDS)]})
            except httpx.HTTPError:
                return 0
            if r.status_code != 201:
                print(r.status_code, r.text, file=sys.stderr)
                return 1
            t = r.json()["ticket"]
            sink.write(f"{t['id']} {t['field']} {t['label']}\n")
            sink.flush()
            n += 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
