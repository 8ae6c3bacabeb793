"""One definition of each clinical word: flags.definitions, and nowhere else.

Reads the product code (not tests, not migrations): a flag's code, label or
patient wording written as a literal, a second constant for a threshold or
window, or a day count of those windows next to a date, fails here with the
file and line. The few look-alikes that mean something else are listed,
each with its reason.
"""

import ast
import re
from pathlib import Path

from clearhead.flags import definitions
from clearhead.flags.definitions import FLAG_KINDS

PACKAGE = Path(__file__).resolve().parents[2]
HOME = PACKAGE / "flags" / "definitions.py"

NAMES = {
    "LOOKBACK_DAYS",
    "RECENT_DAYS",
    "MISSED_CHECKIN_DAYS",
    "MISSED_DAYS",
    "HIGH_CRAVING",
    "LOW_CONFIDENCE",
    "LOW_MOOD",
    "RISING_CRAVING_POINTS",
    "ADHERENCE_DAYS",
    "CRISIS_RESEND_AFTER",
    "LATE_CHECKIN_DAYS",
    "FLAG_ORDER",
    "FLAG_LABELS",
    "HEADS_UP",
}
# The words are marked for translation (lazy): compared here as English.
WORDS = {
    str(text)
    for kind in FLAG_KINDS
    for text in (
        kind.code,
        kind.clinician_label,
        kind.patient_heading,
        kind.patient_wording,
        kind.supporter_wording,
    )
    if text
}
WINDOW_DAYS = {
    definitions.LOOKBACK_DAYS,
    definitions.LOOKBACK_DAYS - 1,
    definitions.RECENT_DAYS,
    definitions.RECENT_DAYS - 1,
    definitions.ADHERENCE_DAYS,
    definitions.ADHERENCE_DAYS - 1,
    definitions.MISSED_CHECKIN_DAYS,
}
# (file under clearhead/, literal): why it is not a flag's definition.
ALLOWED = {
    # A screening result's own "crisis" key (PHQ-9 item 9, level of care).
    ("screening/scoring.py", "crisis"),
    ("screening/journey.py", "crisis"),
    ("screening/services.py", "crisis"),
    ("screening/explain.py", "crisis"),
    # The patient page's context name for its help-lines box.
    ("recovery/views.py", "crisis"),
    # The directory's service category for crisis lines.
    ("directory/vocabulary.py", "crisis"),
    # Lifetimes of invitations, not clinical windows.
    ("clinic/services.py", 14),
    ("accounts/services.py", 7),
    # Calendar weeks of the outcomes report, its check-in roll-up and the
    # meeting schedule.
    ("clinic/outcomes.py", 6),
    ("recovery/rollups.py", 6),
    ("directory/schedule.py", 7),
    # How far either side of an appointment its .ics VTIMEZONE reaches.
    ("clinic/calendar.py", 7),
    # The patient's routine is planned by the calendar week.
    ("recovery/selectors.py", 6),
}


def _product_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path == HOME:
            continue
        yield path


def _is_days(node) -> bool:
    """`timedelta(days=N)` or `(a - b).days` compared with N."""
    return isinstance(node, ast.Attribute) and node.attr == "days"


def _window(value) -> int | None:
    if isinstance(value, ast.Constant) and value.value in WINDOW_DAYS:
        return value.value
    return None


def _node_offences(node) -> list[tuple[str, object]]:
    """(what, literal) for each way `node` defines a clinical word again."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (
            [(f"flag word {node.value!r}", node.value)] if node.value in WORDS else []
        )
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [
            (f"second definition of {t.id}", t.id)
            for t in targets
            if isinstance(t, ast.Name) and t.id in NAMES
        ]
    if isinstance(node, ast.keyword) and node.arg == "days":
        days = _window(node.value)
        return [] if days is None else [(f"timedelta(days={days})", days)]
    if isinstance(node, ast.Compare) and _is_days(node.left):
        windows = [_window(value) for value in node.comparators]
        return [(f".days compared with {d}", d) for d in windows if d is not None]
    return []


def offences(path: Path, name: str = "") -> list[str]:
    """What `path` (named `name`, else its path under clearhead/) defines again."""
    name = name or str(path.relative_to(PACKAGE))
    return [
        f"{name}:{getattr(node, 'lineno', '?')}: {what}"
        for node in ast.walk(ast.parse(path.read_text()))
        for what, literal in _node_offences(node)
        if (name, literal) not in ALLOWED
    ]


def _template_offences() -> list[str]:
    # One-word labels ("Crisis") are ordinary words elsewhere (intake guidance).
    labels = {
        str(kind.clinician_label) for kind in FLAG_KINDS if " " in kind.clinician_label
    }
    labels |= {str(kind.patient_heading) for kind in FLAG_KINDS}
    # A supporter's wording is read from the vocabulary (page and e-mail).
    labels |= {kind.supporter_wording[:40] for kind in FLAG_KINDS} - {""}
    # Templates only: the catalogues beside the site-wide templates
    # (templates/locale) hold every English msgid, by design.
    templates = sorted(
        path
        for path in PACKAGE.rglob("templates/**/*.*")
        if path.suffix in {".html", ".txt"}
    )
    # A window written as a number beside check-ins ("Check-ins, 14 days")
    # must come from the definitions (e.g. {{ adherence_days }}).
    window = re.compile(r"(?i)check-ins?[^<{]{0,30}\b\d+ days")
    return [
        f"{path.relative_to(PACKAGE)}: {label!r}"
        for path in templates
        for label in labels
        if label in path.read_text()
    ] + [
        f"{path.relative_to(PACKAGE)}: {found.group(0)!r}"
        for path in templates
        for found in window.finditer(path.read_text())
    ]


def test_flag_words_thresholds_and_windows_are_defined_once():
    wrong = [line for path in _product_modules() for line in offences(path)]
    assert wrong == [], "use clearhead.flags.definitions:\n" + "\n".join(wrong)
    assert _template_offences() == []


def test_a_second_definition_is_caught(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        "from datetime import timedelta\n"
        "FLAG_LABELS = {'lapse': 'Lapse'}\n"
        "def recent(today, day):\n"
        "    return (today - day).days <= 7 or day >= today - timedelta(days=13)\n"
    )
    found = offences(module, "recovery/probe.py")
    assert len(found) == 5, found
