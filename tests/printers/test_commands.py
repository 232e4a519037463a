"""``qms print-test`` and ``qms printers``, and what importing the printing code leaves behind."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from qms.cli import build_parser, main


def test_print_test_on_a_virtual_printer(tmp_path, capsys):
    assert main(["print-test", "--printer", f"virtual://{tmp_path}", "--width", "58"]) == 0
    out = capsys.readouterr().out
    assert "Trạng thái trước khi in: Máy in sẵn sàng" in out and "khổ 384 điểm ảnh" in out
    (png,) = tmp_path.glob("*.png")
    with Image.open(png) as image:
        assert image.width == 384
        assert decode(image.convert("L"))[0].data.decode().startswith("http://")


def test_print_test_with_a_config_file(tmp_path, capsys):
    config = tmp_path / "centre.toml"
    config.write_text('[ticket]\npaper = "58mm"\n[ticket.layout]\nlines = ["field", "number"]\n', "utf-8")
    out = tmp_path / "out"
    assert main(["print-test", "--printer", f"virtual://{out}", "--config", str(config)]) == 0
    (png,) = out.glob("*.png")
    with Image.open(png) as image:
        assert image.width == 384 and not decode(image.convert("L"))


def test_print_test_bad_uri_exits_2_and_says_why(capsys):
    assert main(["print-test", "--printer", "usb://epson"]) == 2
    err = capsys.readouterr().err
    assert "VID:PID" in err and "usb://epson" in err


def test_print_test_bad_config_names_the_key(tmp_path, capsys):
    config = tmp_path / "centre.toml"
    config.write_text('[ticket.escpos]\ncut = "sometimes"\n', "utf-8")
    assert main(["print-test", "--printer", f"virtual://{tmp_path}", "--config", str(config)]) == 2
    assert "ticket.escpos.cut" in capsys.readouterr().err


def test_print_test_failing_printer_exits_1(tmp_path, capsys):
    assert main(["print-test", "--printer", f"virtual://{tmp_path}?status=paper_out"]) == 1
    assert "Máy in đã hết giấy" in capsys.readouterr().err


def test_printers_lists_what_it_can(capsys, monkeypatch):
    assert main(["printers"]) == 0
    out = capsys.readouterr().out
    assert "Máy in USB" in out and "Cổng nối tiếp" in out
    monkeypatch.setenv("QMS_LANG", "en")
    assert main(["printers"]) == 0
    out = capsys.readouterr().out
    assert "USB printers" in out and "Serial ports" in out and "Máy in" not in out


@pytest.mark.parametrize("command", ["print-test", "printers"])
def test_commands_have_help(command):
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    parser = sub.choices[command]
    assert parser.description and all(a.help for a in parser._actions)


def _run(code: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_registration_does_not_import_escpos_or_pillow(tmp_path):
    code = (
        "import sys, qms.cli; qms.cli.build_parser(); "
        "print(sorted(m for m in ('escpos', 'PIL', 'usb') if m in sys.modules))"
    )
    assert _run(code, {**os.environ}).strip() == "[]"


def test_importing_escpos_leaves_no_temp_dir(tmp_path):
    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env.update(TMPDIR=str(temp), XDG_CACHE_HOME=str(cache), LOCALAPPDATA=str(cache))
    _run("import printers.encode, escpos.printer", env)
    assert list(temp.iterdir()) == []
    assert list(Path(cache).rglob("*.capabilities.pickle"))


def test_without_the_project_escpos_would_leave_one(tmp_path):
    # The reason for printers/__init__.py: shows the test above can fail.
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["TMPDIR"] = str(temp)
    _run("import escpos.printer", env)
    assert len(list(temp.iterdir())) == 1


def test_print_test_uses_the_centres_own_configuration(tmp_path, capsys, monkeypatch):
    import tomllib
    from importlib import resources

    data = tmp_path / "data"
    data.mkdir()
    sample = resources.files("assets").joinpath("config", "centre.sample.toml").read_text("utf-8")
    (data / "centre.toml").write_text(sample + '\n[server]\npublic_url = "http://qms.local:8080"\n', "utf-8")
    monkeypatch.setenv("QMS_DATA", str(data))
    out = tmp_path / "out"
    assert main(["print-test", "--printer", f"virtual://{out}", "--width", "80"]) == 0
    assert "số 1001" in capsys.readouterr().out  # the first field's first number
    (png,) = out.glob("*.png")
    with Image.open(png) as image:
        link = decode(image.convert("L"))[0].data.decode()
    assert link.startswith("http://qms.local:8080/t/") and len(link.rsplit("/", 1)[1]) == 24
    assert tomllib.loads(sample)["centre"]["name"].endswith("tỉnh Ninh Bình")
