"""``qms say``: the WAV it writes is the clip sequence, sample for sample, with the configured gaps."""

import array
import wave

import pytest

from client.voice.assemble import silence
from client.voice.phrase import Silence, clip_sequence
from client.voice.settings import VoiceSettings
from qms.cli import build_parser, main


def read_pcm(path):
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        return w.readframes(w.getnframes())


def walk_segments(pcm, sequence, clips, gap_ms):
    """Check *pcm* segment by segment against *sequence*; return the clip names found in order."""
    found, offset, previous_clip = [], 0, False
    for item in sequence:
        if isinstance(item, Silence):
            pause = silence(item.ms, clips.sample_rate)
            assert pcm[offset : offset + len(pause)] == pause, f"no pause of {item.ms} ms at byte {offset}"
            offset += len(pause)
            previous_clip = False
            continue
        if previous_clip:
            gap = silence(gap_ms, clips.sample_rate)
            assert pcm[offset : offset + len(gap)] == gap, f"no gap before {item}"
            offset += len(gap)
        clip = clips[item].pcm
        assert pcm[offset : offset + len(clip)] == clip, f"{item} not at byte {offset}"
        offset += len(clip)
        found.append(item)
        previous_clip = True
    assert offset == len(pcm), "audio after the last clip"
    return found


def test_say_1005_3_writes_the_clip_sequence(tmp_path, north, capsys):
    out = tmp_path / "call.wav"
    assert main(["say", "1005", "3", "--out", str(out)]) == 0
    settings = VoiceSettings()
    sequence = clip_sequence("1005", "3", north, settings)
    found = walk_segments(read_pcm(out), sequence, north, settings.gap_ms)
    spoken = [north[name].text for name in found if name != "chime"]
    once = "Mời công dân có số thứ tự một nghìn không trăm linh năm đến quầy số ba"
    assert " ".join(spoken) == f"{once} {once}"
    assert once in capsys.readouterr().out


def test_say_with_config_and_options(tmp_path, north):
    config = tmp_path / "centre.toml"
    config.write_text('[voice]\nrepeat = 1\nchime = false\nzero_tens = "lẻ"\ngap_ms = 10\n', encoding="utf-8")
    out = tmp_path / "call.wav"
    assert main(["say", "B105", "7", "--config", str(config), "--out", str(out)]) == 0
    settings = VoiceSettings.from_config({"repeat": 1, "chime": False, "zero_tens": "lẻ", "gap_ms": 10})
    found = walk_segments(read_pcm(out), clip_sequence("B105", "7", north, settings), north, 10)
    assert found == [
        "phrase_invite", "letter_b", "w_mootj", "w_trawm", "w_ler", "w_nawm", "phrase_to_counter", "w_bayr",
    ]  # fmt: skip


def test_say_bad_setting_is_a_clear_error(tmp_path, capsys):
    config = tmp_path / "centre.toml"
    config.write_text("[voice]\nrepeat = 9\n", encoding="utf-8")
    assert main(["say", "1", "1", "--config", str(config), "--out", str(tmp_path / "x.wav")]) == 1
    assert "voice.repeat" in capsys.readouterr().err


def test_say_unknown_field_names_the_word(tmp_path, capsys):
    assert main(["say", "1", "1", "--field", "Công Thương", "--out", str(tmp_path / "x.wav")]) == 1
    assert "thương" in capsys.readouterr().err


def test_say_not_a_ticket(tmp_path, capsys):
    assert main(["say", "12-X", "1", "--out", str(tmp_path / "x.wav")]) == 1
    assert "12-X" in capsys.readouterr().err


def test_say_has_help_for_every_option():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    say = sub.choices["say"]
    assert say.description
    for action in say._actions:
        assert action.help, action.dest


def test_centre_recording_is_used_by_say(tmp_path):
    folder = tmp_path / "clips"
    folder.mkdir()
    with wave.open(str(folder / "w_ba.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(array.array("h", [321] * 500).tobytes())
    config = tmp_path / "centre.toml"
    config.write_text(f'[voice]\nclip_dir = "{folder}"\n', encoding="utf-8")
    out = tmp_path / "call.wav"
    assert main(["say", "1", "3", "--config", str(config), "--out", str(out)]) == 0
    assert array.array("h", [321] * 500).tobytes() in read_pcm(out)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_voice_text_exists_in_both_catalogs(lang):
    from assets.texts import catalog

    vi = {k for k in catalog("vi") if k.startswith("voice.")}
    assert vi == {k for k in catalog(lang) if k.startswith("voice.")}
    assert len(vi) > 30
