"""Every catalog key the printing code uses exists in Vietnamese and English."""

import re
from pathlib import Path

import pytest

import printers
from assets.texts import catalog

SOURCE = Path(printers.__file__).parent
USED = sorted(
    {key for path in SOURCE.glob("*.py") for key in re.findall(r'"(printer\.[a-z_.]+[a-z_])"', path.read_text("utf-8"))}
)


def test_the_scan_finds_the_keys():
    assert "printer.result.timeout" in USED and len(USED) > 20


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_used_keys_exist(lang):
    assert [key for key in USED if key not in catalog(lang)] == []


def test_printer_sections_match():
    vi = {k for k in catalog("vi") if k.startswith("printer.")}
    en = {k for k in catalog("en") if k.startswith("printer.")}
    assert vi == en


def test_status_keys_exist_for_every_status():
    from printers.status import PrinterStatus

    assert all(f"printer.status.{s.value}" in catalog("vi") for s in PrinterStatus)
