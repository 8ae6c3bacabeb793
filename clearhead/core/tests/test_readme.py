"""The README renders as intended and its settings table matches settings.py."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
SETTINGS = ROOT / "clearhead" / "config" / "settings.py"
COMMANDS = [
    "create-user",
    "create-token",
    "reset-two-factor",
    "first-admin-link",
    "import-facilities",
    "import-meetings",
    "load-demo-directory",
    "generate-load-data",
    "check --deploy",
    "backup",
    "restore",
    "audit verify",
    "audit rotate-key",
    "worker",
    "serve",
]


def _sections() -> dict[str, ET.Element]:
    """Each `##` section of the rendered README, as one element."""
    html = markdown.markdown(README.read_text(), extensions=["tables"])
    page = ET.fromstring(f"<div>{html}</div>")  # noqa: S314  (our own README)
    sections, current = {}, None
    for element in page:
        if element.tag == "h2":
            title = "".join(element.itertext())
            current = sections.setdefault(title, ET.Element("section"))
        elif current is not None:
            current.append(element)
    return sections


def _rows(table: ET.Element) -> list[list[str]]:
    return [
        ["".join(cell.itertext()) for cell in row]
        for row in table.iter("tr")
        if row.find("td") is not None
    ]


def _settings_read() -> dict[str, object]:
    """Every variable settings.py reads through env.py's helpers, with its default.

    The default is the literal the helper is given, or None when settings.py
    computes it (production-dependent defaults, the data directory).
    """
    read = {}
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
        ):
            continue
        name = ast.literal_eval(node.args[0])
        given = {"env_choice": 2}.get(node.func.id, 1)
        default = node.args[given] if len(node.args) > given else None
        for keyword in node.keywords:
            if keyword.arg == "default":
                default = keyword.value
        read[name] = (
            default.value
            if isinstance(default, ast.Constant) and default.value != ""
            else None
        )
    return read


def _settings_table() -> dict[str, str]:
    """The Configuration table: each variable named in a row, with its Default cell."""
    tables = list(_sections()["Configuration"].iter("table"))
    assert len(tables) == 1
    documented = {}
    for row in tables[0].iter("tr"):
        cells = row.findall("td")
        if cells:
            for code in cells[0].iter("code"):
                documented[code.text] = "".join(cells[1].itertext())
    return documented


def test_the_command_table_is_one_table_with_every_command():
    section = _sections()["The clearhead command"]
    tables = list(section.iter("table"))
    assert len(tables) == 1
    first_cells = [row[0] for row in _rows(tables[0])]
    for command in COMMANDS:
        assert any(f"clearhead {command}" in cell for cell in first_cells), command
    paragraphs = ["".join(p.itertext()) for p in section.iter("p")]
    assert [text for text in paragraphs if text.startswith("|")] == []


def test_every_variable_settings_reads_is_in_the_settings_table_and_no_other():
    assert set(_settings_table()) == set(_settings_read())


@pytest.mark.parametrize(
    ("name", "default"),
    [(name, default) for name, default in _settings_read().items() if default],
)
def test_the_settings_table_gives_the_default_settings_applies(name, default):
    if isinstance(default, bool):
        default = str(default).lower()
    assert str(default) in _settings_table()[name]
