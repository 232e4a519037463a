"""The wall displays' slideshow pictures, served from the centre's data folder.

``[display] slides`` in centre.toml names pictures; a plain file name ("huong-dan-thu-tuc.png") is a file
in ``<data>/slides/`` on the server, so the IT officer puts a new poster in one place and every display
shows it, instead of copying it to each display PC. Only plain names of picture files in that folder are
served: no sub-folders, no ``..``, nothing else of the data folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from server.deps import CallerDep, errors
from server.errors import ServerError

router = APIRouter(prefix="/api/v1/display", tags=["display"])

PICTURES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
            ".gif": "image/gif", ".bmp": "image/bmp"}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class SlideMissing(ServerError):
    """No picture of that name in the slides folder."""

    code = "slide_not_found"
    http_status = 404


def slides_dir(request: Request) -> Path:
    """``<data>/slides`` of the centre this server serves."""
    return request.app.state.slides_dir


@router.get("/slides/{name}", response_class=FileResponse, summary="A slideshow picture",
            description="Any authorised caller. A picture named in `[display] slides` by its plain file "
                        "name, from the `slides` folder of the server's data directory (PNG, JPEG, WebP, "
                        "GIF, BMP).", responses=errors(401, 404))
async def slide(name: str, request: Request, who: CallerDep) -> FileResponse:
    suffix = Path(name).suffix.lower()
    if not NAME.match(name) or ".." in name or suffix not in PICTURES:
        raise SlideMissing(name=name[:100])
    path = slides_dir(request) / name
    if not path.is_file():
        raise SlideMissing(name=name)
    # Posters change rarely; a display that restarts asks again, one that runs keeps what it has.
    return FileResponse(path, media_type=PICTURES[suffix], headers={"Cache-Control": "max-age=300"})
