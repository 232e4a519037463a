"""The wall display app (màn hình): who is called to which counter, recent calls, how many wait per field,
and every call spoken.

``display/voice/`` already holds the Vietnamese announcements (clips, phrase, player, queue). The display's
windows, widgets and ``app.py`` will live beside it; it talks to the server only through ``client``.
"""
