"""The citizen's ticket page (``/t/<token>``): plain HTML, Vietnamese first, readable on any phone,
refreshing itself every 20 seconds. No scripts, no external files."""

from __future__ import annotations

from html import escape
from typing import Any

from assets.texts import tr

REFRESH_SECONDS = 20

_STYLE = ("body{font-family:system-ui,sans-serif;margin:0;padding:1.2em;background:#f4f6f8;color:#1a2530}"
          ".card{max-width:26em;margin:auto;background:#fff;border-radius:12px;padding:1.2em;"
          "box-shadow:0 1px 4px #0002;text-align:center}.num{font-size:4em;font-weight:700;margin:.1em 0}"
          ".state{font-size:1.4em;font-weight:600}.en{color:#5a6570;font-size:.9em}"
          "h1{font-size:1.1em;margin:0 0 .6em}")


def _t(key: str, **values: object) -> str:
    return escape(tr(f"server.page_{key}", "vi", **values))


def _en(key: str, **values: object) -> str:
    return escape(tr(f"server.page_{key}", "en", **values))


def ticket_page(centre: str, status: dict[str, Any] | None) -> str:
    """The HTML of a ticket's status (or of "ticket not found" when *status* is ``None``)."""
    if status is None:
        body = f"<p class='state'>{_t('unknown')}</p><p class='en'>{_en('unknown')}</p>"
    else:
        state = status["state"]
        lines = [f"<div>{escape(status['field_name_vi'])}</div>",
                 f"<div class='num'>{escape(status['label'])}</div>",
                 f"<p class='state'>{escape(tr('state.' + state, 'vi'))}</p>"]
        if status.get("day_closed"):
            # yesterday's ticket: not "you are next", whatever state it was left in
            year, month, day = status["service_day"].split("-")
            lines[-1] = f"<p class='state'>{_t('day_closed', day=f'{day}/{month}/{year}')}</p>"
            lines.append(f"<p class='en'>{_en('day_closed', day=status['service_day'])}</p>")
        elif state == "waiting" and status["ahead"] == 0:
            # "0 people ahead, about 0 minutes" reads like a fault; say what it means
            lines.append(f"<p>{_t('next')}</p><p class='en'>{_en('next')}</p>")
        elif state == "waiting":
            lines.append(f"<p>{_t('ahead', ahead=status['ahead'])}</p>")
            if status.get("overloaded"):
                lines.append(f"<p>{_t('overloaded')}</p>")
            elif status["estimated_minutes"]:
                lines.append(f"<p>{_t('minutes', minutes=status['estimated_minutes'])}</p>")
            lines.append(f"<p class='en'>{_en('ahead', ahead=status['ahead'])}</p>")
        elif state in ("called", "serving") and status["counter"]:
            lines.append(f"<p class='state'>{_t('go_to', counter=status['counter'])}</p>")
            lines.append(f"<p class='en'>{_en('go_to', counter=status['counter'])}</p>")
        body = "".join(lines)
    return (f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<meta http-equiv='refresh' content='{REFRESH_SECONDS}'><title>{_t('title')}</title>"
            f"<style>{_STYLE}</style></head><body><div class='card'><h1>{escape(centre)}</h1>{body}"
            f"<p class='en'>{_t('refresh', seconds=REFRESH_SECONDS)}</p></div></body></html>")
