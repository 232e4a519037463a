"""The wall display app (màn hình): who is called to which counter, recent calls, how many wait per field,
and every call spoken.

The Vietnamese announcements (clips, phrase, player, queue) live in ``client/voice/``, shared with the
kiosk; the display talks to the server only through ``client``.
"""
