"""The wall display in a browser: its page (``/display``) and the voice clips it speaks with.

The clips are the bundled ones the Qt display uses (``assets/voice/<voice>/``), served as they are: the
page builds each announcement's clip sequence and plays it (``assets/web/voice.js``). Clips are public
(no key: they are words and numbers, nothing about anyone) and cached by the browser.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from server.deps import ServicesDep, errors
from server.errors import RouteNotFound
from server.wall_page import CLIP_NAME, voice_clips, voice_folder, wall_page

pages = APIRouter(tags=["display"])

VoicePath = Path(min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$", description="A bundled voice (`vi-north`).")


@pages.get("/display", response_class=HTMLResponse, summary="The wall display in a browser",
           description="For smart TVs and mini PCs without Qt: open `/display#key=<display key>` once (the "
                       "key stays in the browser). Shows and speaks every call.")
async def display_page(qms: ServicesDep) -> HTMLResponse:
    return HTMLResponse(wall_page(qms.centre.name), headers={"Cache-Control": "no-store"})


@pages.get("/display/voice/{voice}/clips.json", summary="A voice's clips by the text they speak",
           responses=errors(404, 422))
async def clip_index(voice: str = VoicePath) -> dict[str, Any]:
    folder = voice_folder(voice)
    if folder is None:
        raise RouteNotFound()
    return voice_clips(folder)


@pages.get("/display/voice/{voice}/{clip}.wav", response_class=Response, summary="One voice clip (WAV)",
           responses={**errors(404, 422), 200: {"content": {"audio/wav": {}}}})
async def clip_file(voice: str = VoicePath, clip: str = Path(min_length=1, max_length=60)) -> Response:
    folder = voice_folder(voice)
    if folder is None or not CLIP_NAME.match(clip) or not folder.joinpath(f"{clip}.wav").is_file():
        raise RouteNotFound()
    return Response(folder.joinpath(f"{clip}.wav").read_bytes(), media_type="audio/wav",
                    headers={"Cache-Control": "public, max-age=86400"})
