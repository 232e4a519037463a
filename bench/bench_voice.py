"""Voice benchmark: assembling an announcement, and a call until its first audio reaches the device.

    python bench/bench_voice.py [--runs 200] [--plays 30]

The second figure is measured with the real QAudioSink: from ``AnnouncementQueue.announce()`` (which
builds the full announcement: clip sequence and assembly) until the sink is active with audio already
pulled from the buffer, i.e. handed to the audio device. With no ``PULSE_SERVER`` set, a private
PulseAudio daemon with a null sink is started (and stopped after), so no sound card is needed. To keep
the run short, each played announcement is cut to its first 0.3 s after it was built.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from client.voice.announce import Announcer, Call
from client.voice.clips import ClipSet
from client.voice.queue import AnnouncementQueue, SystemClock
from client.voice.settings import VoiceSettings


def summary(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"{name:44} n={len(ms):4}  median {statistics.median(ms):7.2f} ms  p95 {q[94]:7.2f} ms  p99 {q[98]:7.2f} ms")


def bench_assembly(announcer: Announcer, runs: int) -> None:
    rng = random.Random(1)
    times = []
    for _ in range(runs):
        call = Call(str(rng.randint(1, 9999)), str(rng.randint(1, 70)))
        t0 = time.perf_counter()
        announcer.announcement(call)
        times.append(time.perf_counter() - t0)
    summary("assemble an announcement (chime + 2 phrases)", times)


def start_pulse() -> tuple[dict[str, str], Path] | None:
    if os.environ.get("PULSE_SERVER") or not shutil.which("pulseaudio"):
        return None
    runtime = Path(tempfile.mkdtemp(prefix="qms-pulse-"))
    socket = runtime / "native"
    env = {**os.environ, "HOME": str(runtime), "PULSE_RUNTIME_PATH": str(runtime)}
    subprocess.run(
        ["pulseaudio", "-D", "-n", "--exit-idle-time=-1", "--use-pid-file=yes",
         "--load=module-null-sink sink_name=qms_null",
         f"--load=module-native-protocol-unix auth-anonymous=1 socket={socket}"],
        env=env, check=True, timeout=30, capture_output=True,
    )  # fmt: skip
    os.environ["PULSE_SERVER"] = f"unix:{socket}"
    return env, runtime


def bench_first_frame(announcer: Announcer, plays: int) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer

    from client.voice.player import QtAudioPlayer

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    player = QtAudioPlayer(volume=80)
    rate = announcer.clips.sample_rate

    def build(call: Call):  # the full build, then cut short so the run does not take minutes
        full = announcer.announcement(call)
        return replace(full, pcm=full.pcm[: 2 * int(0.3 * rate)])

    queue = AnnouncementQueue(player, SystemClock(), build, announcer.settings)
    latencies: list[float] = []
    failures: list[str] = []
    sent = {"t0": 0.0}
    player.started.connect(lambda at: latencies.append(at - sent["t0"]))
    player.failed.connect(failures.append)

    def next_call() -> None:
        if len(latencies) + len(failures) >= plays:
            app.quit()
            return
        sent["t0"] = time.perf_counter()
        queue.announce(Call(str(1000 + len(latencies)), "3"))

    player.finished.connect(lambda: QTimer.singleShot(0, next_call))
    QTimer.singleShot(0, next_call)
    app.exec()
    if failures:
        print(f"playback failed: {failures[0]}")
    if latencies:
        summary("call -> first audio frame to the device", latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--plays", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    clips = ClipSet.load("vi-north")
    print(f"load the vi-north clip set ({len(clips.clips)} clips): {(time.perf_counter() - t0) * 1000:.1f} ms")
    announcer = Announcer(VoiceSettings(), clips)
    bench_assembly(announcer, args.runs)
    pulse = start_pulse()
    try:
        bench_first_frame(announcer, args.plays)
    finally:
        if pulse:
            subprocess.run(["pulseaudio", "--kill"], env=pulse[0], timeout=30, check=False)
            shutil.rmtree(pulse[1], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
