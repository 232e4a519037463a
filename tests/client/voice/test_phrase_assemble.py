"""The clip sequence of a call, and the assembled audio: clips' samples in order with the set gaps."""

import array
import wave

import pytest

from client.voice.announce import Announcer, Call
from client.voice.assemble import assemble, silence, write_wav
from client.voice.clips import ClipError
from client.voice.phrase import Silence, clip_sequence
from client.voice.settings import VoiceSettings

PHRASE_1005_3 = [
    "phrase_invite",
    "w_mootj", "w_nghinf", "w_khoong", "w_trawm", "w_linh", "w_nawm",
    "phrase_to_counter",
    "w_ba",
]  # fmt: skip


def test_sequence_for_1005_at_counter_3(north, settings):
    sequence = clip_sequence("1005", "3", north, settings)
    assert sequence == ["chime", Silence(250), *PHRASE_1005_3, Silence(800), *PHRASE_1005_3]


def test_repeat_pause_and_no_chime(north):
    settings = VoiceSettings(repeat=3, pause_ms=500, chime=False)
    sequence = clip_sequence("1005", "3", north, settings)
    assert sequence == [*PHRASE_1005_3, Silence(500), *PHRASE_1005_3, Silence(500), *PHRASE_1005_3]


def test_southern_choices_pick_other_clips(north):
    settings = VoiceSettings(repeat=1, chime=False).__class__.from_config(
        {"repeat": 1, "chime": False, "zero_tens": "lẻ", "thousand": "ngàn"}
    )
    sequence = clip_sequence("1005", "3", north, settings)
    assert sequence[1:7] == ["w_mootj", "w_nganf", "w_khoong", "w_trawm", "w_ler", "w_nawm"]


def test_digit_by_digit_with_prefix_letter(north):
    settings = VoiceSettings(repeat=1, chime=False, by_digit=True, digit_pause_ms=120)
    sequence = clip_sequence("A05", "12", north, settings)
    p = Silence(120)
    assert sequence == [
        "phrase_invite", "letter_a", p, "w_khoong", p, "w_nawm", "phrase_to_counter", "w_muwowif", "w_hai",
    ]  # fmt: skip


def test_template_with_field(north):
    settings = VoiceSettings(repeat=1, chime=False, with_field=True)
    sequence = clip_sequence("21", "4", north, settings, field="Hộ tịch")
    assert sequence == [
        "phrase_invite", "w_hai", "w_muwowi", "w_moots", "phrase_field", "field_ho_tich",
        "phrase_to_counter", "w_boons",
    ]  # fmt: skip


def test_template_with_field_but_no_field(north):
    with pytest.raises(ClipError, match="lĩnh vực"):
        clip_sequence("21", "4", north, VoiceSettings(with_field=True))


def test_own_template_spoken_word_by_word(north):
    settings = VoiceSettings(repeat=1, chime=False, template="Xin mời số {number}, quầy {counter}")
    sequence = clip_sequence("5", "2", north, settings)
    assert sequence == ["w_xin", "w_mowif", "w_soos", "w_nawm", "w_quaayf", "w_hai"]


def test_text_of_a_call(north):
    announcer = Announcer(VoiceSettings(), north)
    assert announcer.text(Call("1005", "3")) == (
        "Mời công dân có số thứ tự một nghìn không trăm linh năm đến quầy số ba"
    )
    digits = Announcer(VoiceSettings(by_digit=True), north)
    assert digits.text(Call("B105", "3")) == ("Mời công dân có số thứ tự bê, một, không, năm đến quầy số ba")


def test_assembled_audio_is_clips_in_order_with_gaps(north):
    sequence = ["chime", Silence(250), "w_mootj", "w_nghinf", Silence(100), "w_ba"]
    pcm = assemble(sequence, north, gap_ms=40)
    rate = north.sample_rate
    expected = (
        north["chime"].pcm + silence(250, rate) + north["w_mootj"].pcm + silence(40, rate)
        + north["w_nghinf"].pcm + silence(100, rate) + north["w_ba"].pcm
    )  # fmt: skip
    assert pcm == expected
    assert len(silence(40, rate)) == 2 * 882


def test_announcement_wav_round_trip(north, tmp_path):
    announcement = Announcer(VoiceSettings(), north).announcement(Call("1005", "3"))
    path = tmp_path / "call.wav"
    write_wav(path, announcement.pcm, announcement.sample_rate)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert w.readframes(w.getnframes()) == announcement.pcm
    assert 6 < announcement.seconds < 15
    assert max(array.array("h", announcement.pcm)) > 3000
