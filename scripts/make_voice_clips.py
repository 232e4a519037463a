#!/usr/bin/env python3
"""Generate the bundled voice clips in ``assets/voice/<voice>/`` with espeak-ng, and their manifest.

    python scripts/make_voice_clips.py                 # Northern voice (vi) -> assets/voice/vi-north
    python scripts/make_voice_clips.py --voice south   # vi-vn-x-south -> assets/voice/vi-south
    python scripts/make_voice_clips.py --only field_y_te,field_noi_vu   # add clips, keep the others

Needs ``espeak-ng`` and ``sox`` (Debian: ``apt-get install espeak-ng sox``) only here: the generated WAVs
are committed, and QMS itself never runs either program. Each clip is spoken by espeak-ng, trimmed of
leading and trailing silence by sox, then levelled to one loudness (RMS) with a peak ceiling and given
short fades so that clips join without clicks. The chime is synthesised here, not spoken.
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RATE = 22050
TARGET_RMS_DBFS = -20.0  # all speech clips at one loudness
PEAK_CEILING_DBFS = -1.0  # never clip, even when levelling lifts a quiet word
FADE_MS = 6
SPEED_WPM = 140  # a little slower than espeak's 175: announcements are heard across a hall
CHIME_PEAK_DBFS = -6.0

VOICES = {
    "north": ("vi", "vi-north", "Giọng miền Bắc / Northern voice"),
    "south": ("vi-vn-x-south", "vi-south", "Giọng miền Nam / Southern voice"),
}

# Every word a number reading needs, in both regional choices (see client/voice/numbers.py).
NUMBER_WORDS = (
    "không một mốt hai ba bốn tư năm lăm nhăm sáu bảy tám chín mười mươi trăm nghìn ngàn linh lẻ triệu"
).split()

# Whole phrases of the default templates (spoken as one clip, with natural intonation), and the words
# they are made of, so that a centre's own template built from the same words still has clips.
PHRASES = {
    "phrase_invite": "Mời công dân có số thứ tự",
    "phrase_to_counter": "đến quầy số",
    "phrase_field": "lĩnh vực",
}
TEMPLATE_WORDS = "mời công dân có số thứ tự đến quầy lĩnh vực xin".split()

# The fields most centres have (DESIGN.md); a centre with other fields records its own clips.
FIELDS = {
    "field_dat_dai": "Đất đai",
    "field_ho_tich": "Hộ tịch",
    "field_chung_thuc": "Chứng thực",
    "field_dang_ky_kinh_doanh": "Đăng ký kinh doanh",
    "field_xay_dung": "Xây dựng",
    "field_lao_dong": "Lao động, Thương binh và Xã hội",
    "field_tu_phap": "Tư pháp",
    "field_giao_thong": "Giao thông vận tải",
    "field_tai_nguyen": "Tài nguyên và Môi trường",
    "field_thue": "Thuế",
    "field_bao_hiem": "Bảo hiểm xã hội",
    "field_cu_tru": "Cư trú",
    # since the 2025 merger of ministries and departments
    "field_noi_vu": "Nội vụ",
    "field_nong_nghiep_moi_truong": "Nông nghiệp và Môi trường",
    "field_y_te": "Y tế",
}

# Spoken names of ticket prefix letters: kept in step with client/voice/numbers.py LETTER_NAMES.
sys.path.insert(0, str(ROOT))
from client.voice.numbers import LETTER_NAMES, letter_clip  # noqa: E402

TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
MARKS = {"\u0302": "{}{}", "\u0306": "{}w", "\u031b": "{}w"}  # circumflex: doubled; breve, horn: +w


def word_clip_name(word: str) -> str:
    """An ASCII clip name for a word, spelt the Telex way Vietnamese typists know (mười → muwowif)."""
    tone = ""
    out = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONES:
            tone = TONES[ch]
        elif ch in MARKS:
            out[-1] = MARKS[ch].format(out[-1], out[-1]) if ch == "\u0302" else MARKS[ch].format(out[-1])
        elif ch == "đ":
            out.append("dd")
        else:
            out.append(ch)
    name = "".join(out) + tone
    if not name.isascii() or not name.isalpha():
        raise ValueError(f"cannot name clip for {word!r}: {name!r}")
    return "w_" + name


def clip_table() -> dict[str, tuple[str, str]]:
    """Clip name -> (text spoken, notes)."""
    table: dict[str, tuple[str, str]] = {"chime": ("", "two-tone chime before each announcement")}
    for word in dict.fromkeys(NUMBER_WORDS + TEMPLATE_WORDS):
        table[word_clip_name(word)] = (word, "word")
    for name, text in PHRASES.items():
        table[name] = (text, "phrase of the default template")
    for letter, spoken in LETTER_NAMES.items():
        table[letter_clip(letter)] = (spoken, f"ticket prefix letter {letter}")
    for name, text in FIELDS.items():
        table[name] = (text, "field name")
    return table


def level(samples: array.array) -> array.array:
    """Scale to the target RMS, keeping the peak under the ceiling; fade the ends."""
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) or 1.0
    peak = max(abs(s) for s in samples) or 1
    gain = min(32767 * 10 ** (TARGET_RMS_DBFS / 20) / rms, 32767 * 10 ** (PEAK_CEILING_DBFS / 20) / peak)
    out = array.array("h", (max(-32768, min(32767, round(s * gain))) for s in samples))
    fade = min(len(out) // 2, SAMPLE_RATE * FADE_MS // 1000)
    for i in range(fade):
        out[i] = round(out[i] * i / fade)
        out[-1 - i] = round(out[-1 - i] * i / fade)
    return out


def chime() -> array.array:
    """A soft two-tone chime (E5 then C5), bell-like: a few harmonics with an exponential decay."""
    samples = array.array("h")
    peak = 32767 * 10 ** (CHIME_PEAK_DBFS / 20)
    for freq, length in ((659.25, 0.55), (523.25, 0.95)):
        n = int(SAMPLE_RATE * length)
        for i in range(n):
            t = i / SAMPLE_RATE
            # fade in over 8 ms and out over the last 30 ms: a tone cut mid-wave clicks
            attack = min(1.0, t / 0.008, (length - t) / 0.03)
            tone = (
                math.sin(2 * math.pi * freq * t)
                + 0.35 * math.sin(2 * math.pi * 2 * freq * t) * math.exp(-t * 6)
                + 0.12 * math.sin(2 * math.pi * 3 * freq * t) * math.exp(-t * 9)
            ) / 1.47
            samples.append(round(peak * attack * math.exp(-t * 3.2) * tone))
    return samples


def speak(text: str, espeak_voice: str, workdir: Path) -> array.array:
    """espeak-ng speaks *text*; sox trims silence at both ends and resamples to SAMPLE_RATE."""
    raw, trimmed = workdir / "raw.wav", workdir / "trimmed.wav"
    subprocess.run(["espeak-ng", "-v", espeak_voice, "-s", str(SPEED_WPM), "-w", str(raw), text], check=True)
    trim = ["silence", "1", "0.01", "-45d", "reverse", "silence", "1", "0.01", "-45d", "reverse"]
    subprocess.run(
        ["sox", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(trimmed), *trim], check=True
    )
    with wave.open(str(trimmed), "rb") as w:
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        raise RuntimeError(f"espeak-ng produced only silence for {text!r}")
    return samples


def write_wav(path: Path, samples: array.array) -> None:
    data = array.array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(data.tobytes())


def toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", choices=sorted(VOICES), default="north")
    parser.add_argument("--out", type=Path, help="output folder (default assets/voice/<voice name>)")
    parser.add_argument("--only", default="", help="comma-separated clip names: generate these, keep the rest")
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox"):
        if not shutil.which(tool):
            print(f"{tool} is needed to generate clips (apt-get install espeak-ng sox)", file=sys.stderr)
            return 1
    espeak_voice, folder, description = VOICES[args.voice]
    out = args.out or ROOT / "assets" / "voice" / folder
    out.mkdir(parents=True, exist_ok=True)
    table = clip_table()
    only = {name for name in args.only.split(",") if name}
    if only - set(table):
        print(f"unknown clips: {', '.join(sorted(only - set(table)))}", file=sys.stderr)
        return 1
    if not only:
        for old in out.glob("*.wav"):
            old.unlink()
    lines = [
        f"# Clips of the {folder} voice, generated by scripts/make_voice_clips.py --voice {args.voice}",
        "# (espeak-ng voice " + espeak_voice + "). A centre replaces a clip by putting its own",
        "# <clip name>.wav in the configured clip folder: WAV, mono, 16-bit, " + f"{SAMPLE_RATE} Hz.",
        "",
        "[voice]",
        f"name = {toml_str(folder)}",
        f"description = {toml_str(description)}",
        f"sample_rate = {SAMPLE_RATE}",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, (text, notes) in table.items():
            if not only or name in only:
                samples = chime() if name == "chime" else level(speak(text, espeak_voice, Path(tmp)))
                write_wav(out / f"{name}.wav", samples)
                print(f"{name:28} {len(samples) / SAMPLE_RATE:5.2f} s  {text}")
            lines += [
                f"[clips.{name}]",
                f"file = {toml_str(name + '.wav')}",
                f"text = {toml_str(text)}",
                f"notes = {toml_str(notes)}",
                "",
            ]
    (out / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(table)} clips in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
