"""The displays' slideshow pictures, served from ``<data>/slides``: only plain picture names in that folder."""

from __future__ import annotations

import io

from PIL import Image

from tests.fakes.centre import Centre
from tests.fakes.http import bearer


def poster(centre: Centre, name: str = "huong-dan.png") -> bytes:
    folder = centre.data.root / "slides"
    folder.mkdir(exist_ok=True)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "PNG")
    (folder / name).write_bytes(out.getvalue())
    return out.getvalue()


def test_a_poster_in_the_slides_folder_is_served_to_a_display(client, centre: Centre) -> None:
    data = poster(centre)
    r = client.get("/api/v1/display/slides/huong-dan.png", headers=bearer(centre.display))
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content == data


def test_a_missing_poster_is_a_404_with_its_name(client, centre: Centre) -> None:
    poster(centre)
    r = client.get("/api/v1/display/slides/khong-co.png", headers=bearer(centre.display))
    assert r.status_code == 404
    error = r.json()["error"]
    assert error["code"] == "slide_not_found" and "khong-co.png" in error["message_vi"]


def test_nothing_but_plain_picture_names_in_the_folder_is_served(client, centre: Centre) -> None:
    poster(centre)
    (centre.data.root / "slides" / "notes.txt").write_text("secret", "utf-8")
    for name in ("notes.txt", ".hidden.png", "..%2Fcentre.toml", "..%2F..%2Fqms.db", "centre.toml", "a..png"):
        r = client.get(f"/api/v1/display/slides/{name}", headers=bearer(centre.display))
        assert r.status_code == 404, name
        assert r.json()["error"]["code"] in ("slide_not_found", "not_found"), name


def test_a_poster_needs_a_key(client, centre: Centre) -> None:
    poster(centre)
    assert client.get("/api/v1/display/slides/huong-dan.png").status_code == 401
