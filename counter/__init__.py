"""The counter app (máy quầy): the officer's window beside the one-stop software, to log in at a counter,
call the next number, recall, mark a no-show, start and finish serving, transfer and pause.

It will hold the counter's windows and widgets and its ``app.py``; it talks to the server only through
``client`` and drives keypads and counter LED signs through ``devices``.
"""
