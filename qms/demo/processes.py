"""The demo's processes: the server and the apps, each in its own process group, and how they end.

Every child gets its own process group (a new session on POSIX, ``CREATE_NEW_PROCESS_GROUP`` on
Windows), so a Ctrl+C in the terminal reaches the demo alone and the demo ends each child in order: the
apps are asked to quit on their control channel, then the group is terminated, then killed. An app also
quits by itself when its standard input ends, which is what happens when the demo is killed outright;
on Linux the kernel also sends every child SIGTERM when the demo's process ends (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO


def start(argv: list[str], stdin: int, stdout: IO[bytes], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """*argv* in a process group of its own (and, on Linux, ended when the demo dies however it dies)."""
    if sys.platform == "win32":
        return subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=subprocess.STDOUT, env=env,
                                creationflags=subprocess.CREATE_NEW_PROCESS_GROUP)
    return subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True,
                            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None)


def die_with_parent() -> None:
    """In the child before it starts: SIGTERM when the demo's process ends (Linux ``PR_SET_PDEATHSIG``),
    so even a demo killed with SIGKILL leaves no server or app behind."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def end_group(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """End *proc* and anything it started: terminate, wait *grace* seconds, then kill."""
    if sys.platform == "win32":
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
                proc.wait(grace)
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break  # nothing of the group is left
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            # the child is gone; a grandchild left in its group goes now
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            break


class Child:
    """One process of the demo, its log file and (for apps) its control channel."""

    def __init__(self, name: str, argv: list[str], log: Path, env: dict[str, str], control: bool) -> None:
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            self.proc = start(argv, subprocess.PIPE if control else subprocess.DEVNULL, out, env)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, line: str) -> bool:
        """Write one command to the app; ``False`` when it no longer listens."""
        stdin: IO[bytes] | None = self.proc.stdin
        if stdin is None or stdin.closed or not self.alive():
            return False
        try:
            stdin.write(line.encode("utf-8") + b"\n")
            stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def quit(self, grace: float = 15.0) -> int | None:
        """Ask the app to quit, wait for it, then end its group whatever it did."""
        self.send("quit")
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass
        end_group(self.proc)
        return self.proc.returncode


def healthy(url: str) -> bool:
    """The server at *url* answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_for(predicate: object, timeout: float, step: float = 0.1) -> bool:
    """Poll *predicate* until it is true or *timeout* seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False
