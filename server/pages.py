"""The citizen's ticket page (``/t/<token>``): plain HTML, Vietnamese first with an English toggle,
readable on any phone, live without a reload.

The server renders what the ticket says in both languages (:func:`status_block`); the page's small script
(``assets/web/ticket.js``) follows ``/api/v1/public/tickets/<token>/live`` (Server-Sent Events, that one
ticket only), swaps in the blocks the server renders again on every change, and when the ticket is called
plays a tone and vibrates where the phone allows. Without scripts the page refreshes itself every
``REFRESH_SECONDS``. Nothing is loaded from anywhere else.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import Any

from assets.texts import catalog, tr

REFRESH_SECONDS = 20


def _asset(name: str) -> str:
    return resources.files("assets").joinpath("web", name).read_text("utf-8")


def _p(key: str, lang: str, cls: str = "", **values: object) -> str:
    attr = f" class='{cls}'" if cls else ""
    return f"<p{attr}>{escape(tr(f'server.page_{key}', lang, **values))}</p>"


def status_block(status: dict[str, Any] | None, lang: str) -> str:
    """What the ticket says in *lang*: field, number and where the citizen stands (or "not found")."""
    if status is None:
        return _p("unknown", lang, "state")
    state = status["state"]
    field = status["field_name_en" if lang == "en" else "field_name_vi"]
    lines = [f"<p class='field'>{escape(field)}</p>", f"<p class='num'>{escape(status['label'])}</p>"]
    if status.get("day_closed"):
        # yesterday's ticket: not "you are next", whatever state it was left in
        year, month, day = status["service_day"].split("-")
        shown = f"{day}/{month}/{year}" if lang == "vi" else status["service_day"]
        return "".join(lines) + _p("day_closed", lang, "state", day=shown)
    if state == "called" and status["counter"]:
        lines.append(f"<p class='turn'>{escape(tr('web.ticket.your_turn', lang))}</p>")
        lines.append(_p("go_to", lang, "state go", counter=status["counter"]))
        return "".join(lines)
    lines.append(f"<p class='state'>{escape(tr('state.' + state, lang))}</p>")
    if state == "waiting" and status["ahead"] == 0:
        # "0 people ahead, about 0 minutes" reads like a fault; say what it means
        lines.append(_p("next", lang))
    elif state == "waiting":
        lines.append(_p("ahead", lang, "ahead", ahead=status["ahead"]))
        if status.get("overloaded"):
            lines.append(_p("overloaded", lang))
        elif status["estimated_minutes"]:
            lines.append(_p("minutes", lang, minutes=status["estimated_minutes"]))
    elif state == "serving" and status["counter"]:
        lines.append(_p("go_to", lang, counter=status["counter"]))
    return "".join(lines)


def live_message(status: dict[str, Any]) -> dict[str, Any]:
    """One message of the page's live channel: the state and both languages' blocks."""
    return {"state": status["state"], "counter": status["counter"], "label": status["label"],
            "vi": status_block(status, "vi"), "en": status_block(status, "en")}


def _texts(lang: str) -> dict[str, str]:
    """The script's texts, raw: it fills their ``{placeholders}`` itself."""
    words = catalog(lang)
    texts = {name: words[f"web.ticket.{name}"] for name in
             ("language", "live", "offline", "alert_on", "alert_ready", "called_title")}
    return {**texts, "title": words["server.page_title"]}


def ticket_page(centre: str, status: dict[str, Any] | None, token: str = "") -> str:
    """The whole page of a ticket's status (or of "ticket not found" when *status* is ``None``)."""
    vi, en = status_block(status, "vi"), status_block(status, "en")
    state = status["state"] if status else "unknown"
    live = status is not None and not status.get("day_closed") and state in ("waiting", "called", "serving",
                                                                             "held", "transferred")
    config = {"texts": {"vi": _texts("vi"), "en": _texts("en")}, "state": state,
              "counter": status["counter"] if status else None, "label": status["label"] if status else "",
              "live": f"/api/v1/public/tickets/{token}/live" if live and token else None}
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    script = (f"<script type='application/json' id='qms-config'>{data}</script><script>{_asset('ticket.js')}"
              "</script>") if config["live"] else ""
    title = escape(tr("server.page_title", "vi"))
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'><link rel='icon' href='data:,'>"
        "<meta name='color-scheme' content='light'>"
        f"<noscript><meta http-equiv='refresh' content='{REFRESH_SECONDS}'></noscript>"
        f"<title>{title}</title><style>{_asset('ticket.css')}</style></head>"
        f"<body data-state='{escape(state)}'><header><h1>{escape(centre)}</h1>"
        f"<button type='button' id='lang' lang='en'>{escape(tr('web.ticket.language', 'vi'))}</button></header>"
        f"<main><div class='card' id='card' role='status' aria-live='assertive'>"
        f"<div id='status-vi' lang='vi'>{vi}</div><div id='status-en' lang='en' hidden>{en}</div></div>"
        f"<button type='button' id='alert' hidden>{escape(tr('web.ticket.alert_on', 'vi'))}</button>"
        f"<p id='live' class='muted'>{escape(tr('server.page_refresh', 'vi', seconds=REFRESH_SECONDS))}</p>"
        f"</main>{script}</body></html>"
    )
