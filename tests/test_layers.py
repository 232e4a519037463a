"""The layer rules of the README's folder table, checked on every import statement of the code.

Each top-level package may import only the first-party packages its row lists (``may import``), and
never the outside modules that would break its layer: ``core`` knows no Qt, HTTP or printer; the apps,
``client``, ``printers`` and ``devices`` never touch SQLite or the server's libraries; ``client`` knows the
API, not the server's code. Imports inside functions count too. The README's column and ``LAYERS`` are
kept equal by a test, so the table a newcomer reads is the rule that is enforced.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SQLITE = frozenset({"sqlite3", "sqlite_utils"})
SERVER_LIBRARIES = frozenset({"fastapi", "starlette", "uvicorn", "pydantic", "anyio", "httpx", "requests"})


@dataclass(frozen=True)
class Layer:
    """What one top-level package may import: first-party packages, and outside modules."""

    first_party: frozenset[str]
    outside: frozenset[str] | None = None  # None: any outside module not in ``forbidden``
    forbidden: frozenset[str] = frozenset()


LAYERS: dict[str, Layer] = {
    "core": Layer(frozenset({"assets"}), outside=frozenset({"sqlite_utils", "openpyxl"}),
                  forbidden=frozenset({"http", "urllib", "socket", "ssl"})),
    # websockets: the protocol under uvicorn's WebSocket connections; the event stream frames its messages
    # with it once for all clients (server/events.py).
    "server": Layer(frozenset({"core", "assets"}),
                    outside=frozenset({"fastapi", "starlette", "uvicorn", "websockets", "pydantic", "anyio",
                                       "sqlite_utils"})),
    "client": Layer(frozenset({"assets"}), outside=frozenset({"PySide6"}), forbidden=SQLITE),
    "kiosk": Layer(frozenset({"client", "printers", "devices", "assets"}), forbidden=SQLITE | SERVER_LIBRARIES),
    "counter": Layer(frozenset({"client", "printers", "devices", "assets"}), forbidden=SQLITE | SERVER_LIBRARIES),
    "display": Layer(frozenset({"client", "printers", "devices", "assets"}), forbidden=SQLITE | SERVER_LIBRARIES),
    "printers": Layer(frozenset({"assets"}), forbidden=SQLITE | SERVER_LIBRARIES),
    "devices": Layer(frozenset({"assets"}), forbidden=SQLITE | SERVER_LIBRARIES),
    "assets": Layer(frozenset()),
    # The command line gathers every area's subcommands.
    "qms": Layer(frozenset({"core", "server", "client", "kiosk", "counter", "display", "printers", "devices",
                            "assets"})),
}
FIRST_PARTY = frozenset(LAYERS)


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every absolute import in *path*; relative ones stay in the package."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def breaches(package: str, layer: Layer) -> list[str]:
    """Every import in *package* its layer does not allow, as ``file:line imports module``."""
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imported(path):
            if module == package:
                continue
            if module in FIRST_PARTY:
                allowed = module in layer.first_party
            elif module in sys.stdlib_module_names:
                allowed = module not in layer.forbidden
            else:
                allowed = module not in layer.forbidden and (layer.outside is None or module in layer.outside)
            if not allowed:
                out.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return out


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_package_imports_only_what_its_layer_allows(package):
    assert breaches(package, LAYERS[package]) == []


def test_a_forbidden_import_is_caught(tmp_path, monkeypatch):
    # The check itself can fail: a client module reaching for the server's code and SQLite is named.
    (tmp_path / "client").mkdir()
    (tmp_path / "client" / "leak.py").write_text("import sqlite3\n\ndef f():\n    from server.app import x\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert breaches("client", LAYERS["client"]) == ["client/leak.py:1 imports sqlite3",
                                                    "client/leak.py:4 imports server"]


def test_every_code_folder_has_a_layer():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == FIRST_PARTY


def test_readme_folder_table_states_the_same_rules():
    """The README's "may import" column names, in backquotes, exactly the first-party packages allowed."""
    readme = (ROOT / "README.md").read_text("utf-8")
    stated: dict[str, set[str]] = {}
    for row in re.findall(r"^\| (`[a-z]+/`(?:, `[a-z]+/`)*) \|.*\| (.*) \|$", readme, re.MULTILINE):
        for folder in re.findall(r"`([a-z]+)/`", row[0]):
            if folder not in ("tests", "bench", "docs"):
                stated[folder] = set(re.findall(r"`([a-z]+)`", row[1]))
    assert stated == {name: set(layer.first_party) for name, layer in LAYERS.items()}


def test_no_test_imports_a_conftest():
    """Fixtures come from conftest files; shared code from ``tests/fakes`` and the test folders' modules."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[-1] == "conftest" for name in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
