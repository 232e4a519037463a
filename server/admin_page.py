"""The administrators' pages (``/admin``): a login form (username and PIN) and today's centre, live.

Both are server-rendered with their style and script inline (``assets/web/admin.css``, ``admin.js``),
nothing from anywhere else. The login puts the staff token in an HttpOnly, SameSite=Strict cookie
(:mod:`server.routes_web_admin`); the page's own requests and its event stream carry it, no script can
read it. Texts of both languages are in the page; Vietnamese first, with a button for English.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from assets.texts import catalog


def _asset(name: str) -> str:
    return resources.files("assets").joinpath("web", name).read_text("utf-8")


def _texts(lang: str) -> dict[str, str]:
    words = catalog(lang)
    texts = {k.removeprefix("web.admin."): v for k, v in words.items() if k.startswith("web.admin.")}
    texts.update({f"state_{k.removeprefix('state.')}": v for k, v in words.items() if k.startswith("state.")})
    texts.update({f"role_{r}": words[f"server.role_{r}"] for r in ("kiosk", "display", "rating", "officer", "admin")})
    return texts


def _page(body: str, state: str) -> str:
    vi = _texts("vi")
    data = json.dumps({"texts": {"vi": vi, "en": _texts("en")}}, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'><link rel='icon' href='data:,'>"
        f"<title>{escape(vi['title'])}</title><style>{_asset('admin.css')}</style></head>"
        f"<body data-state='{state}'>{body}"
        f"<script type='application/json' id='qms-config'>{data}</script>"
        f"<script>{_asset('admin.js')}</script></body></html>"
    )


def _header(centre: str, who: str = "") -> str:
    logout = ("<span id='who'>" + escape(who) + "</span><button type='button' id='logout' data-t='logout'>"
              "</button>") if who else ""
    return (f"<header><h1>{escape(centre)}</h1><nav><a href='/admin/reports' data-t='reports'></a>"
            f"<a href='/docs' data-t='api_docs'></a></nav>{logout}"
            "<button type='button' id='lang' lang='en'></button></header>")


def login_page(centre: str) -> str:
    """The login form."""
    body = (f"{_header(centre)}<main class='login'><form id='login' novalidate><h2 data-t='login_title'></h2>"
            "<label for='username' data-t='username'></label>"
            "<input id='username' name='username' autocomplete='username' required maxlength='64'>"
            "<label for='pin' data-t='pin'></label>"
            "<input id='pin' name='pin' type='password' inputmode='numeric' autocomplete='current-password' "
            "required maxlength='12'>"
            "<p id='error' role='alert'></p><button type='submit' data-t='login'></button></form></main>")
    return _page(body, "login")


def dashboard_page(centre: str, full_name: str) -> str:
    """Today's centre: waiting per field, counters and who is at each, kiosk printers, devices, staff."""
    def panel(name: str, columns: tuple[str, ...]) -> str:
        head = "".join(f"<th scope='col' data-t='col_{c}'></th>" for c in columns)
        return (f"<section id='{name}'><h2 data-t='{name}_title'></h2><table><thead><tr>{head}</tr></thead>"
                "<tbody></tbody></table></section>")

    body = (f"{_header(centre, full_name)}<p id='offline' role='status' hidden data-t='offline'></p>"
            "<main class='dash'>"
            + panel("fields", ("field", "waiting", "estimate", "issuing"))
            + panel("counters", ("counter", "officer", "status", "ticket"))
            + panel("printers", ("kiosk", "printer", "since"))
            + panel("devices", ("id", "kind", "name", "active"))
            + panel("staff", ("username", "full_name", "role", "active"))
            + "</main>")
    return _page(body, "dashboard")
