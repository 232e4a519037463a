"""Vietnamese voice announcements, offline: number reading, the clip set, assembly and the queue.

Everything here works without a window; only :mod:`client.voice.player` imports QtMultimedia.
"""
