"""What the three apps share on screen: theme, fonts, physical sizes, the connection banner, the
per-machine settings file and its dialog, and the administrator's gate.

The kiosk, counter and display import these pieces instead of carrying their own copies, so that a
colour, a font or the wording of "server unreachable" is changed in one place for every screen.
"""
