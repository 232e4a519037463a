"""A real call through QtMultimedia into a PulseAudio null sink, recorded from the sink's monitor.

The test starts its own PulseAudio daemon on a private socket (no sound card needed) and stops it after;
``qms say`` plays into it as a separate process, the way a centre runs it, while ``parec`` records.
"""

import array
import math
import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

RATE = 22050


@pytest.fixture
def pulse_server(tmp_path):
    if not (shutil.which("pulseaudio") and shutil.which("parec")):
        pytest.skip("pulseaudio and pulseaudio-utils (parec) are not installed: no real playback possible")
    runtime = tmp_path / "pulse"
    runtime.mkdir()
    socket = runtime / "native"
    env = {**os.environ, "HOME": str(runtime), "PULSE_RUNTIME_PATH": str(runtime), "PULSE_SERVER": f"unix:{socket}"}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    # -D returns once the daemon is ready, so nothing waits on a timer.
    subprocess.run(
        [
            "pulseaudio", "-D", "-n", "--exit-idle-time=-1", "--use-pid-file=yes", "--log-target=stderr",
            "--load=module-null-sink sink_name=qms_null",
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={socket}",
        ],
        env=env, check=True, timeout=30, capture_output=True,
    )  # fmt: skip
    try:
        yield env
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, timeout=30, check=False)


def test_a_call_is_heard_on_the_sink(pulse_server, tmp_path):
    recording = tmp_path / "heard.raw"
    with recording.open("wb") as sink_file:
        recorder = subprocess.Popen(
            ["parec", "--device=qms_null.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1", "--raw"],
            env=pulse_server,
            stdout=sink_file,
        )
        try:
            played = subprocess.run(
                [sys.executable, "-m", "qms", "say", "1005", "3", "--volume", "100"],
                env={**pulse_server, "QT_QPA_PLATFORM": "offscreen"},
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            recorder.terminate()
            recorder.wait(timeout=10)
    assert played.returncode == 0, played.stderr
    samples = array.array("h", recording.read_bytes())
    assert len(samples) > 10 * RATE, "the recording is shorter than the call"
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert rms > 200, f"only silence reached the sink (RMS {rms:.0f})"
