"""Screenshots of the counter app for the docs: the login screen, the full window and the compact strip,
in Vietnamese and English, against a real server with a morning's queue.

    .venv/bin/python scripts/screenshots_counter.py [--out docs/screenshots]

Runs offscreen (no display needed); starts ``qms server`` on a free loopback port in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def qms(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "qms", *args], capture_output=True, text=True, check=True,
                          cwd=ROOT, env={**os.environ, "QMS_LANG": "vi"}).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_all_day(config: Path) -> None:
    text = re.sub(r"^hours = \{.*\}$", "", config.read_text("utf-8"), flags=re.MULTILINE)
    text = re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', text)
    config.write_text("[server]\nissue_interval_seconds = 0\n\n" + text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from client.api import ApiClient
    from client.ui.application import make_application
    from client.ui.settings import AppSettings
    from counter.app import CounterApp
    from counter.settings import SCHEMA

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "centre"
        pins = dict(re.findall(r"^\s+(\w+)\s+(\d{4,})\s", qms("init", "--data", str(data)), re.MULTILINE))
        open_all_day(data / "centre.toml")
        kiosk_key = re.findall(r"^(qmsd_\S+)$", qms("device", "add", "kiosk", "Ki-ốt sảnh A", "--data", str(data)),
                               re.MULTILINE)[-1]
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "qms", "server", "--data", str(data), "--host",
                                   "127.0.0.1", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        qt, metrics = make_application("counter")

        def wait(predicate: Callable[[], object], seconds: float = 20.0) -> None:
            deadline = time.monotonic() + seconds
            while not predicate():
                if time.monotonic() > deadline:
                    raise SystemExit("timed out")
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        try:
            wait(up)
            kiosk = ApiClient(url, kiosk_key)
            for field, priority in (("DD", None), ("DD", "elderly"), ("NN", None), ("DD", None), ("NN", None),
                                    ("DD", "disability"), ("DD", None), ("NN", None), ("DD", None)):
                call = kiosk.issue_ticket(field, priority)
                wait(lambda c=call: c.done)

            def setup(settings: AppSettings) -> None:
                """The first-run set-up form, as ``counter.app.launch`` trims it, with a keypad and sign."""
                from client.ui.settings_dialog import SettingsDialog
                from counter.settings import SETUP_KEYS

                settings.update({"server": url, "counter": 3, "device_port": "/dev/ttyUSB0",
                                 "keypad_address": 3, "sign_address": 35})
                dialog = SettingsDialog(settings, "vi")
                for key in [k for k in dialog.editors if k not in SETUP_KEYS]:
                    dialog.form.removeRow(dialog.editors.pop(key))
                    dialog.getters.pop(key)
                dialog.resize(metrics.mm(190), dialog.sizeHint().height())
                dialog.show()
                qt.processEvents()
                dialog.grab().save(str(args.out / "counter-setup-vi.png"))
                dialog.close()

            def shoot(lang: str) -> None:
                settings = AppSettings("counter", SCHEMA, path=Path(tmp) / f"counter-{lang}.toml")
                settings.update({"server": url, "counter": 2, "lang": lang})
                app = CounterApp(settings, metrics, lang)
                login = app.start()
                wait(lambda: login.centre is not None and not login.busy)
                login.username.setText("nguyenvanan")
                login.resize(metrics.mm(130), login.sizeHint().height())
                login.grab().save(str(args.out / f"counter-login-{lang}.png"))
                login.pin.setText(pins["nguyenvanan"])
                login.submit()
                wait(lambda: app.desk is not None and app.desk.view is not None and app.session.online)
                desk, window = app.desk, app.window
                if lang == "vi":
                    desk.call_next()
                    wait(lambda: not desk.busy and desk.current is not None)
                    desk.start()
                    wait(lambda: not desk.busy and desk.current["state"] == "serving")
                wait(lambda: not desk._loading)
                window.resize(metrics.mm(340), metrics.mm(200))
                window.update_view()
                pause = QEventLoop()
                QTimer.singleShot(300, pause.quit)
                pause.exec()
                window.show_message("info", "")
                window.grab().save(str(args.out / f"counter-{lang}.png"))
                window.set_compact(True, remember=False)
                window.grab().save(str(args.out / f"counter-compact-{lang}.png"))
                if lang == "vi":  # the PC's own keypad and sign: what the officer is told of them
                    from assets.texts import tr
                    from counter.desk import device_health_text

                    window.set_compact(False, remember=False)
                    window.show_notice(device_health_text({"kind": "keypad", "address": 2, "counter": 2,
                                                           "port": "/dev/ttyUSB0", "alive": False}, lang))
                    window.show_message("error", tr("devices.report.port_down", lang, port="/dev/ttyUSB0"))
                    window.grab().save(str(args.out / f"counter-devices-{lang}.png"))
                    window.clear_notice()
                app.session.stop()
                window.close()

            for lang in ("vi", "en"):
                shoot(lang)
            setup(AppSettings("counter", SCHEMA, path=Path(tmp) / "counter-setup.toml"))
        finally:
            server.terminate()
            server.wait(15)
    for png in sorted(args.out.glob("counter-*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
