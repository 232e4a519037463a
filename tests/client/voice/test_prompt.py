"""Spoken prompts: the clips say what they can (numbers, "quầy", a field's name), system speech the rest."""

from client.voice.assemble import assemble
from client.voice.clips import ClipSet
from client.voice.numbers import ticket_words
from client.voice.phrase import Silence
from client.voice.prompt import Segment, number_part, numbers_part, segments
from client.voice.settings import VoiceSettings


def test_a_number_between_spoken_words_comes_from_the_clips(north: ClipSet, settings: VoiceSettings):
    parts = [("text", "Số thứ tự của Ông/Bà là"), number_part("1005", settings), ("text", "mời đến quầy"),
             numbers_part([3, 4], settings)]
    said = segments(parts, "vi", north, settings)
    assert [(s.text, s.from_clips) for s in said] == [
        ("Số thứ tự của Ông/Bà là", False),  # no clip says "của Ông/Bà"
        ("một nghìn không trăm linh năm mời đến quầy ba, bốn", True),  # "mời", "đến", "quầy" have clips
    ]
    number = ["w_mootj", "w_nghinf", "w_khoong", "w_trawm", "w_linh", "w_nawm"]
    clips = number + ["w_mowif", "w_ddeens", "w_quaayf", "w_ba", Silence(settings.digit_pause_ms), "w_boons"]
    assert said[1].pcm == assemble(clips, north, settings.gap_ms)
    assert said[1].seconds > 1


def test_a_field_name_with_its_own_clip_is_one_clip(north: ClipSet, settings: VoiceSettings):
    said = segments([("text", "Đất đai")], "vi", north, settings)
    assert said == [Segment("Đất đai", "vi", north["field_dat_dai"].pcm, north.sample_rate)]


def test_another_language_is_one_sentence_for_system_speech(north: ClipSet, settings: VoiceSettings):
    said = segments([("text", "Your number is"), ("text", "1005")], "en", north, settings)
    assert said == [Segment("Your number is 1005", "en")] and not said[0].from_clips


def test_without_clips_everything_is_spoken_text(settings: VoiceSettings):
    said = segments([("text", "Số"), number_part("15", settings)], "vi", None, settings)
    assert said == [Segment("Số mười lăm", "vi")]
    assert ticket_words("15") == ["mười", "lăm"]


def test_nothing_to_say_gives_no_segment(north: ClipSet, settings: VoiceSettings):
    assert segments([("text", "")], "vi", north, settings) == []
    assert segments([("text", " — ")], "vi", north, settings) == []
