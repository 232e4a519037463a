"""Join clips into one PCM buffer, and write it as a WAV.

Clips are joined with ``gap_ms`` of silence; a :class:`~client.voice.phrase.Silence` in the sequence
takes the place of that gap. The buffer is 16-bit mono little-endian PCM at the clip set's rate: what
QAudioSink plays and what a WAV file holds, so the file a centre writes is exactly what the hall hears.
"""

from __future__ import annotations

import wave
from pathlib import Path

from .clips import ClipSet
from .phrase import Item, Silence


def silence(ms: int, sample_rate: int) -> bytes:
    """*ms* milliseconds of silence (whole frames)."""
    return bytes(2 * (sample_rate * ms // 1000))


def assemble(sequence: list[Item], clips: ClipSet, gap_ms: int) -> bytes:
    """The PCM of *sequence*: clips in order, *gap_ms* between adjacent clips, pauses as given."""
    rate = clips.sample_rate
    gap = silence(gap_ms, rate)
    chunks: list[bytes] = []
    previous_was_clip = False
    for item in sequence:
        if isinstance(item, Silence):
            chunks.append(silence(item.ms, rate))
            previous_was_clip = False
        else:
            if previous_was_clip:
                chunks.append(gap)
            chunks.append(clips[item].pcm)
            previous_was_clip = True
    return b"".join(chunks)


def write_wav(path: Path, pcm: bytes, sample_rate: int) -> None:
    """Write 16-bit mono PCM to *path* as a WAV file."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm)
