"""The bundled clip sets, their manifests, and a centre's own recordings laid over them."""

import tomllib
import wave
from importlib import resources

import pytest

from client.voice.clips import SAMPLE_RATE, ClipError, ClipSet, normalize_text, read_wav
from client.voice.numbers import DIGITS, LETTER_NAMES, letter_clip
from tests.fakes.player import write_tone_wav

VOICES = ["vi-north", "vi-south"]
NUMBER_WORDS = set(DIGITS) | set("mốt tư lăm mười mươi trăm nghìn ngàn linh lẻ triệu".split())


@pytest.mark.parametrize("voice", VOICES)
def test_manifest_lists_exactly_the_wav_files(voice):
    folder = resources.files("assets").joinpath("voice", voice)
    manifest = tomllib.loads(folder.joinpath("manifest.toml").read_text("utf-8"))
    files = {entry["file"] for entry in manifest["clips"].values()}
    on_disk = {p.name for p in folder.iterdir() if p.name.endswith(".wav")}
    assert files == on_disk


@pytest.mark.parametrize("voice", VOICES)
def test_every_clip_is_mono_16bit_at_one_rate_and_not_silent(voice):
    clips = ClipSet.load(voice)
    assert clips.sample_rate == SAMPLE_RATE
    for clip in clips.clips.values():
        assert 0.05 < clip.frames / SAMPLE_RATE < 3, clip.name
        assert max(clip.pcm[1::2]) > 4, f"{clip.name} looks silent"


@pytest.mark.parametrize("voice", VOICES)
def test_voice_has_every_number_word_letter_and_template_word(voice):
    clips = ClipSet.load(voice)
    for word in NUMBER_WORDS | set("mời công dân có số thứ tự đến quầy lĩnh vực".split()):
        assert clips.name_for_text(word), word
    for letter in LETTER_NAMES:
        assert letter_clip(letter) in clips


def test_whole_phrase_clip_preferred_then_word_by_word(north):
    assert north.names_for_text("Mời công dân có số thứ tự") == ["phrase_invite"]
    assert north.names_for_text("Mời công dân") == ["w_mowif", "w_coong", "w_daan"]


def test_missing_word_names_the_word(north):
    with pytest.raises(ClipError, match="“xe”"):
        north.names_for_text("mời xe")


def test_missing_clip_names_it(north):
    with pytest.raises(ClipError, match="nope"):
        north["nope"]


def test_normalize_ignores_case_punctuation_and_dash():
    assert normalize_text("Lao động – Thương binh  và Xã hội") == "lao động thương binh và xã hội"


def test_field_names_with_dash_match_bundled_clip(north):
    assert north.names_for_text("Lao động – Thương binh và Xã hội") == ["field_lao_dong"]


def test_unknown_voice():
    with pytest.raises(ClipError, match="vi-mars"):
        ClipSet.load("vi-mars")


def test_centre_recording_replaces_bundled_clip(tmp_path):
    write_tone_wav(tmp_path / "chime.wav", frames=4410, value=1234)
    clips = ClipSet.load("vi-north", override_dir=tmp_path)
    assert clips["chime"].frames == 4410
    assert clips["chime"].source == str(tmp_path / "chime.wav")
    assert clips.problems == []


@pytest.mark.log_warnings
@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"rate": 44100}, "44100 Hz"),
        ({"channels": 2}, "2 k"),
        ({"width": 1}, "8 bit"),
        ({"frames": 0}, "không có âm thanh"),
        ({"frames": SAMPLE_RATE * 11}, "quá dài"),
    ],
)
def test_bad_recording_is_reported_by_name_and_bundled_clip_kept(tmp_path, north, kwargs, problem, caplog):
    write_tone_wav(tmp_path / "w_nawm.wav", **kwargs)
    clips = ClipSet.load("vi-north", override_dir=tmp_path)
    assert clips["w_nawm"].pcm == north["w_nawm"].pcm
    assert len(clips.problems) == 1
    assert "w_nawm.wav" in clips.problems[0] and problem in clips.problems[0]
    assert [r.getMessage() for r in caplog.records] == clips.problems  # the operator sees it in the log


@pytest.mark.log_warnings
def test_not_a_wav_file(tmp_path, caplog):
    (tmp_path / "w_ba.wav").write_bytes(b"ID3 this is an mp3")
    clips = ClipSet.load("vi-north", override_dir=tmp_path)
    assert "w_ba.wav" in clips.problems[0]
    assert [r.getMessage() for r in caplog.records] == clips.problems


@pytest.mark.log_warnings
def test_unknown_file_name_is_reported(tmp_path, caplog):
    write_tone_wav(tmp_path / "moi.wav")
    clips = ClipSet.load("vi-north", override_dir=tmp_path)
    assert "moi.wav" in clips.problems[0]
    assert [r.getMessage() for r in caplog.records] == clips.problems


@pytest.mark.log_warnings
def test_missing_override_folder_is_reported_not_fatal(tmp_path, north, caplog):
    clips = ClipSet.load("vi-north", override_dir=tmp_path / "none")
    assert clips.problems and clips.clips.keys() == north.clips.keys()
    assert [r.getMessage() for r in caplog.records] == clips.problems


def test_centre_manifest_adds_a_field(tmp_path):
    write_tone_wav(tmp_path / "cong_thuong.wav")
    (tmp_path / "manifest.toml").write_text(
        '[clips.field_cong_thuong]\nfile = "cong_thuong.wav"\ntext = "Công Thương"\n', encoding="utf-8"
    )
    clips = ClipSet.load("vi-north", override_dir=tmp_path)
    assert clips.problems == []
    assert clips.names_for_text("công thương") == ["field_cong_thuong"]


def test_read_wav_returns_frames(tmp_path):
    path = write_tone_wav(tmp_path / "x.wav", frames=10, value=7)
    assert read_wav(path) == (7).to_bytes(2, "little") * 10
    with wave.open(str(path)) as w:
        assert w.getnframes() == 10


@pytest.mark.parametrize("voice", ["vi-north", "vi-south"])
def test_fields_named_since_the_2025_merger_have_clips(voice) -> None:
    clips = ClipSet.load(voice)
    for name, clip in (("Nội vụ", "field_noi_vu"), ("Nông nghiệp và Môi trường", "field_nong_nghiep_moi_truong"),
                       ("Y tế", "field_y_te")):
        assert clips.names_for_text(name) == [clip]
    assert clips.name_for_text("nhăm") == "w_nhawm"
