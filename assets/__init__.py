"""Bundled resources: fonts, voice clips, icons, styles and the text catalogs.

Files here are read with :mod:`importlib.resources`, so they work from a source tree, an installed wheel
or a zip alike.
"""
