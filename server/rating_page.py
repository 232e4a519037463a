"""The rating tablet's page (``/rating``): one server-rendered HTML file with its style, faces (inline
SVG) and a little JavaScript; nothing is loaded from anywhere else, so a tablet on a LAN without internet
shows it whole. The style and script are kept in ``assets/web/rating.css`` and ``rating.js`` and put
inline here.

The tablet's device key is given once in the address's fragment (``/rating#key=...``), which browsers
never send to a server, and kept in the browser's storage. The page follows the live event stream: when a
ticket is finished at its counter it asks the citizen for 30 seconds, records the answer through
``POST /api/v1/counters/{n}/tickets/{id}/rating`` and thanks them. Texts of both languages are in the
page; Vietnamese first, with a button for English.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from assets.texts import catalog
from core.ratings import ANSWERS, REASONS

ASK_SECONDS = 30
THANKS_SECONDS = 5

# Face of each answer: (colour of the face, mouth path). The word under each face says the same thing,
# so no one has to read the colour.
FACES = {
    "very_satisfied": ("#0d5c2e", "M30 58 Q50 80 70 58 Z"),
    "satisfied": ("#2e6b12", "M32 60 Q50 74 68 60"),
    "neutral": ("#6b4d00", "M33 64 L67 64"),
    "dissatisfied": ("#8a1414", "M32 70 Q50 54 68 70"),
}


def face_svg(answer: str) -> str:
    """An SVG face for *answer* (a circle, two eyes and a mouth), sized by its container."""
    colour, mouth = FACES[answer]
    fill = colour if mouth.endswith("Z") else "none"
    return (f"<svg viewBox='0 0 100 100' aria-hidden='true'><circle cx='50' cy='50' r='45' fill='#fff' "
            f"stroke='{colour}' stroke-width='6'/><circle cx='36' cy='40' r='6' fill='{colour}'/>"
            f"<circle cx='64' cy='40' r='6' fill='{colour}'/><path d='{mouth}' fill='{fill}' "
            f"stroke='{colour}' stroke-width='6' stroke-linecap='round' stroke-linejoin='round'/></svg>")


def _texts(lang: str) -> dict[str, str]:
    return {k.removeprefix("rating."): v for k, v in catalog(lang).items() if k.startswith("rating.")}



def _asset(name: str) -> str:
    return resources.files("assets").joinpath("web", name).read_text("utf-8")


def rating_page(centre: str) -> str:
    """The whole page: markup, style, faces, texts of both languages and the script."""
    vi = _texts("vi")
    config = {"texts": {"vi": vi, "en": _texts("en")}, "ask_seconds": ASK_SECONDS,
              "thanks_seconds": THANKS_SECONDS}
    answers = "".join(f"<button type='button' value='{a.value}' id='answer-{a.value}'>{face_svg(a.value)}"
                      f"<span data-t='answer_{a.value}'>{escape(vi['answer_' + a.value])}</span></button>"
                      for a in ANSWERS)
    reasons = "".join(f"<label><input type='checkbox' value='{r.value}'><span data-t='reason_{r.value}'>"
                      f"{escape(vi['reason_' + r.value])}</span></label>" for r in REASONS)
    who = "<p class='who'></p><p class='officer'></p>"
    # "</" cannot appear inside the JSON: it would end the script element early.
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(vi['title'])}</title><style>{_asset('rating.css')}</style></head>"
        f"<body data-state='setup'><header><h1>{escape(centre)}</h1>"
        "<button type='button' id='lang'></button></header>"
        "<div id='offline' data-t='offline' hidden></div><main>"
        "<section id='setup'><p class='lead' data-t='no_key'></p></section>"
        f"<section id='waiting' hidden>{who}<p class='lead muted' data-t='waiting'></p></section>"
        f"<section id='asking' hidden>{who}<p class='muted' id='ticket'></p><p class='q' data-t='question'></p>"
        f"<div class='answers'>{answers}</div><p class='left muted'></p><div class='bar'><div></div></div></section>"
        f"<section id='reasons' hidden><p class='q' data-t='reasons_title'></p><div class='reasons'>{reasons}</div>"
        "<div class='actions'><button type='button' id='back' data-t='back'></button>"
        "<button type='button' id='send' data-t='send'></button></div><p class='left muted'></p></section>"
        "<section id='sending' hidden><p class='lead' data-t='sending'></p></section>"
        "<section id='thanks' hidden><p class='thanks' data-t='thanks'></p>"
        "<p class='lead' data-t='thanks_detail'></p></section>"
        "<section id='refused' hidden><p class='error' id='refusal'></p></section>"
        f"</main><script type='application/json' id='qms-config'>{data}</script>"
        f"<script>{_asset('rating.js')}</script></body></html>"
    )
