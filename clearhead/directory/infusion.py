"""Telling a ketamine-infusion clinic from addiction treatment: pure rules.

Ketamine is also a medicine. Clinics give it by infusion into a vein for
depression or pain, and esketamine (Spravato) is a nasal spray taken under
supervision in a clinic. Those clinics are medical care, not addiction
treatment, and the finder must never list one as a place to get help with a
ketamine problem. Feeds do not say which is which, so the importer flags a
facility for an operator's review when its name, program name or source
labels read like one (`infusion_terms`); the operator then marks it infusion
therapy or not (Facility.infusion_review, in the admin or with
`clearhead review-infusion`).

Matching is case-insensitive and word-aware: "IV ketamine" matches, but
"ketamine" alone does not (addiction programs name the drug they treat),
nor does "KETAMINEINFUSIONS" run together, nor "ketamine addiction center".
"""

import re
from collections.abc import Iterable

# What a phrase is reported as -> the pattern. Spaces in a pattern match any
# run of spaces or hyphens within one text ("ketamine-assisted", "IV  ketamine").
PHRASES: dict[str, str] = {
    "ketamine infusion": r"ketamine infusions?",
    "infusion of ketamine": r"infusions? of ketamine",
    "IV ketamine": r"(?:iv|i\.v\.|intravenous) ketamine",
    "ketamine IV": r"ketamine (?:iv|intravenous)",
    "esketamine": r"esketamine",
    "Spravato": r"spravato",
    "ketamine-assisted therapy": r"ketamine assisted",
    "ketamine therapy": r"ketamine (?:therapy|therapies|psychotherapy)",
    "ketamine clinic": r"ketamine (?:clinic|clinics|wellness|center|centers|centre|centres)",
}


def _compile(pattern: str) -> re.Pattern:
    spaced = pattern.replace(" ", r"(?:[^\S\r\n]|-)+")
    return re.compile(rf"(?<![\w]){spaced}(?![\w])", re.IGNORECASE)


_PATTERNS = {name: _compile(pattern) for name, pattern in PHRASES.items()}


def infusion_terms(texts: Iterable[str]) -> list[str]:
    """The phrases (PHRASES' names, in that order) that make these texts read
    like a ketamine-infusion clinic; empty when none does."""
    texts = [text for text in texts if text]
    return [
        name
        for name, pattern in _PATTERNS.items()
        if any(pattern.search(text) for text in texts)
    ]


def record_texts(fields: dict, unmapped: dict) -> list[str]:
    """What of an imported facility is read: its name, its program's name and
    every source label we kept as it is (labels we map are our own codes, and
    none of them means infusion therapy)."""
    labels = [label for values in unmapped.values() for label in values]
    return [fields.get("name", ""), fields.get("program_name", ""), *labels]
