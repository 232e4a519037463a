"""Test doubles and harnesses shared by every test folder (and by the apps' tests).

- ``waiting``: ``free_port`` (a loopback port nothing listens on) and ``wait_until`` (wait on a condition).
- ``centre``: a sample centre in a data folder, open all day, with known PINs and registered devices.
- ``server_process``: the real ``qms server`` in a subprocess on a loopback port, restartable.
- ``http``: small helpers for talking to a server (bearer header, login, status check, in-process app).
- ``server``: a fake server speaking the client's contract (checked by ``test_server_contract.py``).
- ``recorded``: a recorded snapshot and events in the server's wire format.
- ``printer``: a fake ESC/POS printer on a loopback TCP port or a pseudo-terminal.
- ``player``: a fake audio player and a clock the test moves.
- ``xvfb``: a virtual X server for the tests that start a real app and grab its screen.
- ``fixtures``: the pytest fixtures built on these (loaded by ``tests/conftest.py``).

Tests import these modules, never ``conftest.py``.
"""
