"""The kiosk app (ki-ốt lấy số): the touchscreen where a citizen picks a field or a priority ticket and
takes a printed ticket.

It will hold the kiosk's windows and widgets and its ``app.py`` (read the kiosk's settings, pick the real or
fake printer, wire the shared client to the windows). It talks to the server only through ``client``, prints
through ``printers`` and reads scanners through ``devices``; queue rules stay on the server.
"""
