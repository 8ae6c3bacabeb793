"""Print the directory's vocabularies and source mappings as Markdown.

    python -m clearhead.directory.vocabulary_doc > docs/directory-vocabulary.md

A test keeps the committed file in step with vocabulary.py. The document
is in English, whatever language is active.
"""

from django.utils import translation

from clearhead.directory.vocabulary import (
    ATTENDANCE,
    BMLT_FORMATS,
    FAMILY_FELLOWSHIPS,
    FELLOWSHIPS,
    MEETING_ATTENDANCE_TYPES,
    MEETING_TYPE_ALIASES,
    MEETING_TYPE_NAMES,
    MEETING_TYPES,
    SAMHSA_IGNORED_CATEGORIES,
    SAMHSA_IGNORED_LABELS,
    SAMHSA_LABELS,
    VOCABULARIES,
)


def _meeting_sections() -> list[str]:
    lines = [
        "",
        "## Meetings",
        "",
        "### Meeting Guide types",
        "",
        "Filter codes are the ones a person can search by (`type=` on the",
        "finder and the API). Other codes of the specification are shown by",
        "name. Codes are matched as given, else in upper case (`onl` is `ONL`);",
        "codes that are neither are custom types, kept and shown as they are.",
        'A `types` comma string (`"O,BE,X"`) is read as a list.',
        "",
        "| Meeting Guide type | meaning | filter code | also counts as |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{code}` | {label} | {'yes' if code in MEETING_TYPES else ''} | "
        + (f"`{MEETING_TYPE_ALIASES[code]}`" if code in MEETING_TYPE_ALIASES else "")
        + " |"
        for code, label in MEETING_TYPE_NAMES.items()
    ]
    lines += [
        f"| `{code}` | {meaning} | | read as attendance, not kept as a type |"
        for code, meaning in MEETING_ATTENDANCE_TYPES.items()
    ]
    lines += [
        "",
        "Attendance comes from what the feed says: `attendance_option`",
        "(`in_person`, `hybrid`, `online`; `inactive` meetings are not",
        "imported). Without it: `TC` (venue temporarily closed) means not in",
        "person, `ONL` or a conference URL or phone means online, and a street",
        "address that is not `approximate` means in person. A closed venue with",
        "no online option is a meeting that is not running and is not imported.",
        "",
        "### BMLT format keys",
        "",
        "BMLT weekdays 1-7 (Sunday = 1) become 0-6 (Sunday = 0); `duration_time`",
        "(`HH:MM:SS`, up to `24:00:00`) gives the end; a length that cannot be",
        "read leaves no end time and is named in the import's report;",
        "`venue_type` 1, 2, 3 means in person, online, hybrid",
        "(without it, the `VM`, `HY` and `TC` formats decide). A key with no code",
        "of ours is shown by the name below, or, for a key missing here, by the",
        "name in the response's own `formats` list.",
        "",
        "| BMLT key | name | our codes |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{key}` | {name} | "
        + (", ".join(f"`{code}`" for code in codes) or "shown by name")
        + " |"
        for key, (codes, name) in BMLT_FORMATS.items()
    ]
    lines += [
        "",
        "### Time zones",
        "",
        "A meeting's times are clock times in its IANA zone: the meeting's own",
        "(`timezone`, BMLT `time_zone`), else the importer's `--timezone`, else",
        "the zone at its coordinates, else the zone of its ZIP code, else of its",
        "US city, or its state where the state keeps one zone. Coordinates that",
        "are not in the row's ZIP code or state (swapped, or another place's)",
        "are not used: the row is placed at its ZIP code or city and named in",
        "the import's report. Without a zone the times are floating local times",
        "(the importer names those rows).",
        "",
        "| fellowship | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{code}` | {label} |" for code, label in FELLOWSHIPS.items()]
    lines += [
        "",
        "Family groups ("
        + ", ".join(f"`{c}`" for c in sorted(FAMILY_FELLOWSHIPS))
        + ") are for the family and friends of someone who drinks or uses.",
    ]
    return lines


def markdown() -> str:
    with translation.override("en"):
        return _markdown()


def _markdown() -> str:
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
    lines += _meeting_sections()
    lines += ["", "| attendance | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {label} |" for code, label in ATTENDANCE.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhead.config.settings")
    django.setup()  # the labels are translatable: Django reads them
    print(markdown(), end="")
