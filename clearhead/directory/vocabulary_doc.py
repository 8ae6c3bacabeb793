"""Print the directory's vocabularies and source mappings as Markdown.

    python -m clearhead.directory.vocabulary_doc > docs/directory-vocabulary.md

A test keeps the committed file in step with vocabulary.py.
"""

from clearhead.directory.vocabulary import (
    ATTENDANCE,
    FELLOWSHIPS,
    MEETING_TYPES,
    SAMHSA_IGNORED_CATEGORIES,
    SAMHSA_IGNORED_LABELS,
    SAMHSA_LABELS,
    VOCABULARIES,
)


def markdown() -> str:
    lines = [
        "# Directory vocabularies and source mappings",
        "",
        "Generated from `clearhead/directory/vocabulary.py` by",
        "`python -m clearhead.directory.vocabulary_doc`; do not edit by hand.",
        "",
        "The finder filters on our own codes, whatever the source. Source labels",
        "with no mapping are kept on the row (`unmapped`) and counted by the importer.",
        "",
    ]
    for kind, vocabulary in VOCABULARIES.items():
        lines += [f"## {kind.title()} codes", "", "| code | meaning |", "|---|---|"]
        lines += [f"| `{code}` | {label} |" for code, label in vocabulary.items()]
        lines.append("")
    lines += [
        "## SAMHSA FindTreatment.gov labels",
        "",
        "Labels appear in each row's `services[].f3`, joined by `; `; matching ignores",
        "case and repeated spaces. Both the locator's 2019 wording and later wording",
        "are listed. A row whose `typeFacility` is `MH` offers mental health care",
        "only: it is kept, marked, and left out of the finder unless a person asks",
        "for mental health care (`mental_health_care=1`).",
        "",
        "| SAMHSA label | vocabulary | our code |",
        "|---|---|---|",
    ]
    lines += [
        f"| {label} | {kind} | `{code}` |"
        for label, (kind, code) in sorted(SAMHSA_LABELS.items())
    ]
    lines += [
        "",
        "### SAMHSA labels deliberately not mapped",
        "",
        "Whole categories (by `f2`):",
        "",
        "| category | why |",
        "|---|---|",
    ]
    lines += [
        f"| `{category}` | {reason} |"
        for category, reason in SAMHSA_IGNORED_CATEGORIES.items()
    ]
    lines += ["", "| SAMHSA label | why |", "|---|---|"]
    lines += [
        f"| {label} | {reason} |"
        for label, reason in sorted(SAMHSA_IGNORED_LABELS.items())
    ]
    lines += ["", "## Meetings", "", "| Meeting Guide type | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {label} |" for code, label in MEETING_TYPES.items()]
    lines += [
        "",
        "`ONL` (dropped from the Meeting Guide spec in 2022) is read as online. Other",
        "type codes are kept as they are. BMLT format keys are stored as types; BMLT",
        "weekdays 1-7 (Sunday = 1) become 0-6 (Sunday = 0); `venue_type` 1, 2, 3 means",
        "in person, online, hybrid.",
        "",
        "| fellowship | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{code}` | {label} |" for code, label in FELLOWSHIPS.items()]
    lines += ["", "| attendance | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {label} |" for code, label in ATTENDANCE.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
