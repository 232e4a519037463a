"""Where a Vietnamese line may break: never inside a compound word or a name.

Vietnamese writes every syllable apart, so a plain word wrap splits "hành chính / công" or "Thương / binh"
across lines and they read as other words. Known compounds of tickets (a list: a dictionary would be a
dependency for a handful of phrases) and runs of capitalised syllables — names such as "Ninh Bình",
"Trường Chinh" — are joined with no-break spaces before wrapping; the wrap breaks only at plain spaces
(and inside a unit only when it alone is wider than the paper).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Longer phrases first: "hành chính công" before "hành chính".
COMPOUNDS = sorted((
    "hành chính công", "hành chính", "trung tâm", "phục vụ", "thương binh", "xã hội", "đất đai", "hộ tịch",
    "chứng thực", "đăng ký", "kinh doanh", "xây dựng", "nội vụ", "tư pháp", "nông nghiệp", "môi trường",
    "bảo hiểm", "cư trú", "y tế", "công dân", "số thứ tự", "ưu tiên", "cao tuổi", "khuyết tật", "mang thai",
    "lịch hẹn", "lĩnh vực", "thời gian", "dự kiến", "lấy số", "gọi số", "thành phố", "chú ý", "cảm ơn",
    "giữ phiếu", "đề nghị", "theo dõi", "lao động", "làm việc", "hôm nay", "kéo dài",
), key=len, reverse=True)
_COMPOUND = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(c).replace(r"\ ", " ") for c in COMPOUNDS) + r")(?!\w)", re.IGNORECASE)
_END = (",", ".", ":", ";", "!", "?", ")")


def keep_together(text: str) -> str:
    """*text* with the spaces inside compounds and names made unbreakable."""
    text = _COMPOUND.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    if text.isupper():  # all capitals: names cannot be told apart from the rest
        return text
    words = text.split(" ")
    out = words[:1]
    for word in words[1:]:
        before = out[-1].rsplit(NBSP, 1)[-1]
        name_goes_on = before[:1].isupper() and word[:1].isupper() and before[:1].isalpha()
        if name_goes_on and not before.endswith(_END) and len(out) > 1:
            out[-1] += NBSP + word
        else:
            out.append(word)
    return " ".join(out)


def split_words(paragraph: str) -> list[str]:
    """The breakable units of a paragraph: split at plain spaces and tabs only."""
    return [w for w in re.split(r"[ \t]+", paragraph.strip()) if w]
