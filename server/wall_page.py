"""The wall display in a browser (``/display``), for smart TVs and mini PCs without Qt: one
server-rendered page with its style and script inline (``assets/web/wall.css``, ``wall.js``,
``voice.js``); nothing is loaded from anywhere else.

It follows the layout rules of the Qt display (``docs/display.md``): the newest call on top, "1005 →
Quầy 3", the largest text on the screen; recent calls; every counter's state; how many wait per field; the
centre's name, date and clock; the ticker; a steady offline tag with the time of the last data. It speaks
every call from the same voice clips, which the server serves from ``assets/voice`` (:func:`voice_clips`).

The display's device key is given once in the address's fragment (``/display#key=...``), which a browser
never sends to a server, and kept in the browser's storage; the page passes it to the API in the
``Authorization`` header and to the event stream as ``?token=`` (a browser's WebSocket cannot send
headers; the server logs route templates only, never query strings).
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from html import escape
from importlib import resources
from importlib.resources.abc import Traversable

from assets.texts import catalog

VOICE_NAME = re.compile(r"^[a-z0-9-]{1,40}$")
CLIP_NAME = re.compile(r"^[a-z0-9_]{1,60}$")

_DISPLAY_KEYS = ("counter_label", "no_call", "priority_mark", "recalled", "recent_title", "counters_title",
                 "fields_title", "paused", "paused_reason", "closed", "offline", "message_title")


def _asset(name: str) -> str:
    return resources.files("assets").joinpath("web", name).read_text("utf-8")


def _texts(lang: str) -> dict[str, str]:
    """The page's texts, raw (the script fills their ``{placeholders}``)."""
    words = catalog(lang)
    texts = {k: words[f"display.{k}"] for k in _DISPLAY_KEYS}
    texts.update({k.removeprefix("web.display."): v for k, v in words.items() if k.startswith("web.display.")})
    texts["template"] = words["voice.template"]
    texts["template_with_field"] = words["voice.template_with_field"]
    return texts


def voice_folder(voice: str) -> Traversable | None:
    """The bundled clip folder of *voice* (``vi-north``), or ``None`` for a name that is not one."""
    if not VOICE_NAME.match(voice):
        return None
    folder = resources.files("assets").joinpath("voice", voice)
    return folder if folder.joinpath("manifest.toml").is_file() else None


def _normalize(text: str) -> str:
    # The same matching form as client.voice.clips.normalize_text (the server may not import it).
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def voice_clips(folder: Traversable) -> dict[str, str]:
    """Each clip's spoken text (in matching form) → its name, from the voice's manifest."""
    manifest = tomllib.loads(folder.joinpath("manifest.toml").read_text("utf-8"))
    return {_normalize(clip["text"]): name for name, clip in manifest.get("clips", {}).items() if clip.get("text")}


def wall_page(centre: str) -> str:
    """The whole page: markup, style, texts of both languages and the scripts."""
    vi = _texts("vi")
    config = {"texts": {"vi": vi, "en": _texts("en")}}
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'><link rel='icon' href='data:,'>"
        f"<title>{escape(vi['title'])}</title><style>{_asset('wall.css')}</style></head>"
        "<body data-state='setup'><header><h1 id='centre'>"
        f"{escape(centre)}</h1><span id='offline' hidden></span><span id='date'></span>"
        "<time id='clock'></time></header>"
        "<div id='message' hidden><b data-t='message_title'></b> <span></span></div>"
        "<section id='setup' hidden><p data-t='no_key'></p></section>"
        "<section id='call' aria-live='assertive'><div id='call-line'></div><div id='call-detail'></div>"
        "<div id='call-spoken'></div></section>"
        "<main><section class='panel' id='recent'><h2 data-t='recent_title'></h2><ol></ol></section>"
        "<section class='panel' id='counters'><h2 data-t='counters_title'></h2><table><tbody></tbody></table>"
        "</section><section class='panel' id='fields'><h2 data-t='fields_title'></h2><table><tbody></tbody>"
        "</table></section></main>"
        "<footer id='ticker' hidden><div></div></footer>"
        "<button type='button' id='sound' hidden data-t='sound_on'></button>"
        f"<script type='application/json' id='qms-config'>{data}</script>"
        f"<script>{_asset('voice.js')}</script><script>{_asset('wall.js')}</script></body></html>"
    )
