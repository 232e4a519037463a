"""The citizens' touchscreen kiosk (``qms kiosk``): choose a field, take a numbered ticket, see it printed.

``app.py`` wires things up; ``window.py`` holds the screens in ``screens/``; ``issuer.py`` asks the
server for tickets (one per tap, the same one on a retry); ``printing.py`` drives the printer on a worker
thread; ``config.py`` reads the centre's ``[kiosk]`` table. See docs/kiosk.md.
"""
