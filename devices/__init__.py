"""Serial devices around the apps: counter keypads, LED signs above the counters, barcode/QR scanners.

Each device will have a pure protocol class that turns recorded bytes into events (and events into bytes),
apart from the pyserial I/O, like ``printers/status.py``; tests feed them recorded frames and ``os.openpty``
or ``loop://`` ports.
"""
