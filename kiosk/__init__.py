"""The kiosk app (ki-ốt lấy số): the touchscreen where a citizen picks a field or a priority ticket and
takes a printed ticket (``qms kiosk``).

``app.py`` reads the kiosk's settings, picks the printer and wires the shared client to the window;
``window.py`` holds the screens in ``screens/``; ``issuer.py`` asks the server for tickets (one per tap, the
same one on a retry); ``printing.py`` drives the printer on its worker thread; ``config.py`` reads the
centre's ``[kiosk]`` table. It talks to the server only through ``client`` and prints through
``printers``; queue rules stay on the server. See docs/kiosk.md.
"""
