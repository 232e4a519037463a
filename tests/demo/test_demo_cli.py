"""``qms demo``'s refusals: they say why in the user's language and start nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from qms.demo import has_display

ROOT = Path(__file__).resolve().parents[2]


def qms_demo(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qms", "demo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


@pytest.mark.parametrize("option", [("--speed", "0"), ("--speed", "-2"), ("--minutes", "0")])
def test_a_pace_or_duration_of_zero_is_refused(option: tuple[str, str], tmp_path: Path) -> None:
    result = qms_demo(*option, "--folder", str(tmp_path / "demo"), QMS_LANG="en")
    assert result.returncode == 2
    assert "--speed and --minutes must be greater than 0." in result.stderr
    assert not (tmp_path / "demo").exists()


def test_a_folder_that_holds_a_centre_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "centre.toml").write_text("# a real centre's configuration\n", "utf-8")
    result = qms_demo("--folder", str(tmp_path))
    assert result.returncode == 1
    assert "đã chứa một trung tâm" in result.stderr
    assert (tmp_path / "centre.toml").read_text("utf-8") == "# a real centre's configuration\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centre.toml"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Linux's display variables")
def test_without_display_variables_there_is_no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not has_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert has_display()


@pytest.mark.parametrize("folder", ["/tmp/qms demo #1?/tickets", "C:/Users/Nguyễn Văn An/tickets"])
def test_the_kiosks_virtual_printer_writes_into_the_demo_folder_whatever_its_name(folder: str) -> None:
    from printers.uri import parse_printer_uri
    from qms.demo.run import printer_uri

    address = parse_printer_uri(printer_uri(PurePosixPath(folder)))
    assert (address.scheme, address.target) == ("virtual", folder)


@pytest.mark.parametrize("area", [(0, 0, 1920, 1080), (0, 27, 1366, 741), (1920, 0, 3840, 2160)])
def test_the_four_windows_tile_the_screen_without_overlapping(area: tuple[int, int, int, int]) -> None:
    from qms.demo.run import COUNTER_PLACES, DISPLAY_PLACE, KIOSK_PLACE, rect

    places = [rect(area, p) for p in (KIOSK_PLACE, DISPLAY_PLACE, *COUNTER_PLACES)]
    x0, y0, width, height = area
    for i, (x, y, w, h) in enumerate(places):
        assert x0 <= x and y0 <= y and x + w <= x0 + width and y + h <= y0 + height  # on the screen
        for ox, oy, ow, oh in places[i + 1:]:
            assert x + w <= ox or ox + ow <= x or y + h <= oy or oy + oh <= y  # beside one another
    assert sum(w * h for _, _, w, h in places) == width * height  # and nothing of the screen unused
