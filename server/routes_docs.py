"""The API viewers (``/docs``: Swagger UI, ``/redoc``: ReDoc) served from this server's own files, so
they work on a centre's LAN without internet. FastAPI's own pages load them from a CDN.

The files come from the ``fastapi-offline`` package (kept up to date with Swagger UI 5, which reads the
OpenAPI 3.1 document FastAPI writes); only its static files are used, read as package data.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Path
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from server.errors import RouteNotFound

pages = APIRouter(include_in_schema=False)

STATIC = "/docs/static"
FILES = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
         "redoc.standalone.js": "text/javascript; charset=utf-8", "favicon.png": "image/png"}
TITLE = "QMS centre server"


@pages.get("/docs")
async def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{TITLE} – API",
                               swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
                               swagger_css_url=f"{STATIC}/swagger-ui.css",
                               swagger_favicon_url=f"{STATIC}/favicon.png")


@pages.get("/redoc")
async def redoc() -> HTMLResponse:
    return get_redoc_html(openapi_url="/openapi.json", title=f"{TITLE} – API",
                          redoc_js_url=f"{STATIC}/redoc.standalone.js", redoc_favicon_url=f"{STATIC}/favicon.png",
                          with_google_fonts=False)


@pages.get(STATIC + "/{name}")
async def static_file(name: str = Path(max_length=40)) -> Response:
    if name not in FILES:
        raise RouteNotFound()
    data = resources.files("fastapi_offline").joinpath("static", name).read_bytes()
    return Response(data, media_type=FILES[name], headers={"Cache-Control": "public, max-age=86400"})
