"""Every LOINC code Clearhead uses, with LOINC's own name for it: one table.

A FHIR coding's `display` must be the code system's own text for the code, or
a validator reports it as wrong; our plain-language titles ("Mood check
(PHQ-9)") are ours, not LOINC's. So every coding with system
http://loinc.org is made by `coding()`, which takes its display from
NAMES, or gives none where we could not verify LOINC's exact text (FHIR
allows a coding without a display).

What NAMES holds:
- Terms (NNNNN-N): LOINC's Long Common Name (LONG_COMMON_NAME in the LOINC
  table), e.g. 44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total
  score [Reported]".
- Answers (LA…): the answer's display text in its LOINC answer list
  (LL358-3, the PHQ frequency scale), e.g. LA6568-5 "Not at all".
- None: a code we use (an item's linkId, never a coding today) whose exact
  name we did not verify; it gets no display until someone checks it.

Source: LOINC, Regenstrief Institute (https://loinc.org/<code>/, LOINC
version 2.7x; the names of these codes have not changed since they were
created). Read 2026-12-02 as published FHIR material quotes them, every name
in at least two independent sources: HL7 implementation guides (SDC, the
Personal Health Record Format IG), the Medizininformatik-Initiative PRO
module and other public FHIR examples. loinc.org itself could not be reached
from where this was written: check a new code there before adding it.

The tests (interop/tests/test_loinc.py) check that every code is well formed
with its mod-10 check digit, that every LOINC code an instrument carries is
here, and that every LOINC coding in every export has this display or none.

LOINC is copyright © Regenstrief Institute, Inc. and the LOINC Committee,
used under its free licence (https://loinc.org/license/).
"""

import re

SYSTEM = "http://loinc.org"

NAMES: dict[str, str | None] = {
    # PHQ-9 (screening.instruments.PHQ9)
    "44249-1": "PHQ-9 quick depression assessment panel [Reported.PHQ]",
    "44261-6": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    "44250-9": None,
    "44255-8": None,
    "44259-0": None,
    "44254-1": None,
    "44251-7": None,
    "44258-2": None,
    "44252-5": None,
    "44253-3": None,
    "44260-8": None,
    # GAD-7 (screening.instruments.GAD7)
    "69737-5": "Generalized anxiety disorder 7 item (GAD-7)",
    "70274-6": "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    "69725-0": None,
    "68509-9": None,
    "69733-4": None,
    "69734-2": None,
    "69735-9": None,
    "69689-8": None,
    "69736-7": None,
    # The PHQ frequency answers (LL358-3), shared by PHQ-9 and GAD-7
    "LA6568-5": "Not at all",
    "LA6569-3": "Several days",
    "LA6570-1": "More than half the days",
    "LA6571-9": "Nearly every day",
}

TERM = re.compile(r"^(\d{1,7})-(\d)$")
ANSWER = re.compile(r"^LA(\d{1,6})-(\d)$")


def check_digit(number: str) -> int:
    """LOINC's mod-10 check digit of a term code's number (LOINC Users'
    Guide, "Calculating mod 10 check digits"): from the right, double every
    odd-placed digit, add up the digits of everything, and the check digit
    takes the sum up to the next multiple of 10."""
    total = 0
    for place, char in enumerate(reversed(number), start=1):
        digit = int(char) * (2 if place % 2 else 1)
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10


def is_well_formed(code: str) -> bool:
    """A term code with the right check digit, or an answer code (LA…-N;
    its check digit is not computed the published way, so only its form is
    checked)."""
    term = TERM.match(code)
    if term:
        return check_digit(term.group(1)) == int(term.group(2))
    return bool(ANSWER.match(code))


def display(code: str) -> str | None:
    """LOINC's own text for `code`, or None (unknown or not verified)."""
    return NAMES.get(code)


def coding(code: str) -> dict:
    """A FHIR Coding for a LOINC code, with LOINC's display where known."""
    name = display(code)
    return {"system": SYSTEM, "code": code, **({"display": name} if name else {})}
