"""The clip set: bundled WAV clips listed in a manifest, replaceable by a centre's own recordings.

A voice is a folder ``assets/voice/<voice>/`` with ``manifest.toml`` (``[clips.<name>]`` with ``file``,
``text``, ``notes``) and the WAV files. A centre's clip folder holds ``<clip name>.wav`` files that replace
the bundled ones of the same name, and may hold its own ``manifest.toml`` to add clips (a field the bundle
lacks). A bad file never silences the system: it is reported by name and the bundled clip stays.
"""

from __future__ import annotations

import logging
import re
import sys
import tomllib
import unicodedata
import wave
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from assets.texts import WordedError, both

SAMPLE_RATE = 22050
MAX_CLIP_SECONDS = 10.0  # longer than any word or phrase: a wrong file, not a clip
DEFAULT_VOICE = "vi-north"

log = logging.getLogger(__name__)


class ClipError(WordedError, ValueError):
    """A clip is missing, or its file is not a WAV the voice can use; the message names it."""

    def __str__(self) -> str:
        return self.both()


def _message(key: str, **values: object) -> str:
    return " / ".join(both(key, **values))


def normalize_text(text: str) -> str:
    """The form texts are matched in: NFC, lower case, punctuation dropped, single spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def read_wav(source: Path | Traversable, sample_rate: int = SAMPLE_RATE) -> bytes:
    """The PCM frames (16-bit little-endian mono) of a WAV file, after checking its format."""
    name = str(source)
    try:
        with source.open("rb") as f, wave.open(f, "rb") as w:
            channels, width, rate, frames = (
                w.getnchannels(),
                w.getsampwidth(),
                w.getframerate(),
                w.getnframes(),
            )
            data = w.readframes(frames)
    except (OSError, EOFError, wave.Error) as exc:
        raise ClipError("voice.clip_unreadable", file=name, reason=exc) from exc
    if channels != 1 or width != 2 or rate != sample_rate:
        raise ClipError("voice.clip_format", file=name, channels=channels, bits=8 * width, rate=rate,
                        want=sample_rate)
    if not frames or len(data) != 2 * frames:
        raise ClipError("voice.clip_empty", file=name)
    if frames > MAX_CLIP_SECONDS * sample_rate:
        raise ClipError("voice.clip_too_long", file=name, seconds=round(frames / rate, 1))
    if sys.byteorder == "big":  # WAV is little-endian; keep the buffers in the machine's order
        import array

        swapped = array.array("h", data)
        swapped.byteswap()
        data = swapped.tobytes()
    return data


@dataclass(frozen=True)
class Clip:
    """One clip: its name, the text it speaks, its PCM samples and the file they came from."""

    name: str
    text: str
    pcm: bytes
    source: str

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2


@dataclass
class ClipSet:
    """The clips of one voice, after the centre's own recordings were laid over the bundled ones."""

    voice: str
    sample_rate: int
    clips: dict[str, Clip]
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_text = {normalize_text(c.text): c.name for c in self.clips.values() if c.text}

    def __getitem__(self, name: str) -> Clip:
        try:
            return self.clips[name]
        except KeyError:
            raise ClipError("voice.clip_missing", name=name, voice=self.voice) from None

    def __contains__(self, name: object) -> bool:
        return name in self.clips

    def name_for_text(self, text: str) -> str | None:
        """The clip that speaks exactly *text* (matched without case or punctuation), if any."""
        return self._by_text.get(normalize_text(text))

    def names_for_text(self, text: str) -> list[str]:
        """Clips speaking *text*: one clip for the whole text if there is one, else one per word."""
        whole = self.name_for_text(text)
        if whole:
            return [whole]
        names = []
        for word in normalize_text(text).split():
            name = self.name_for_text(word)
            if name is None:
                raise ClipError("voice.word_missing", word=word, text=text.strip(), voice=self.voice)
            names.append(name)
        return names

    @classmethod
    def load(
        cls,
        voice: str = DEFAULT_VOICE,
        override_dir: Path | None = None,
        voices_root: Traversable | None = None,
    ) -> ClipSet:
        """Load *voice* from the bundled assets, then the centre's clips from *override_dir*."""
        root = voices_root or resources.files("assets").joinpath("voice")
        folder = root.joinpath(voice)
        manifest_file = folder.joinpath("manifest.toml")
        if not manifest_file.is_file():
            raise ClipError("voice.voice_missing", voice=voice, path=str(folder))
        manifest = tomllib.loads(manifest_file.read_text("utf-8"))
        rate = int(manifest.get("voice", {}).get("sample_rate", SAMPLE_RATE))
        clips = {
            name: Clip(
                name,
                entry.get("text", ""),
                read_wav(folder.joinpath(entry["file"]), rate),
                str(entry["file"]),
            )
            for name, entry in manifest.get("clips", {}).items()
        }
        problems: list[str] = []
        if override_dir is not None:
            _lay_over(clips, Path(override_dir), rate, problems)
        for problem in problems:
            log.warning("%s", problem)
        return cls(voice, rate, clips, problems)


def _lay_over(clips: dict[str, Clip], folder: Path, rate: int, problems: list[str]) -> None:
    """Replace or add clips from a centre's folder; each bad file is noted and skipped."""
    if not folder.is_dir():
        problems.append(_message("voice.clip_dir_missing", path=str(folder)))
        return
    extra: dict[str, dict] = {}
    manifest = folder / "manifest.toml"
    if manifest.is_file():
        try:
            extra = tomllib.loads(manifest.read_text("utf-8")).get("clips", {})
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(_message("voice.clip_unreadable", file=str(manifest), reason=exc))
    listed = set()
    for name, entry in extra.items():
        path = folder / str(entry.get("file", f"{name}.wav"))
        listed.add(path.name)
        try:
            clips[name] = Clip(name, str(entry.get("text", "")), read_wav(path, rate), str(path))
        except ClipError as exc:
            problems.append(str(exc))
    for path in sorted(folder.glob("*.wav")):
        name = path.stem
        if path.name in listed:
            continue
        if name not in clips:
            problems.append(_message("voice.clip_unknown", file=str(path)))
            continue
        try:
            clips[name] = Clip(name, clips[name].text, read_wav(path, rate), str(path))
        except ClipError as exc:
            problems.append(str(exc))
