"""The safety plan's steps: one definition for every page that shows them.

A safety plan is the short, written list that crisis services teach people to
make for a hard moment: the six steps of safety planning (Stanley and Brown,
2012), in our own plain words, plus the reasons for living that many versions
add. The patient's own plan (recovery.SafetyPlan), the care team's page, the
public blank plan (/help/safety-plan/), the FHIR CarePlan and "my data" all
read the steps from here, in this order.

Pure: no database. Step five (professionals and crisis lines) always shows the
region's crisis lines from `safety.helplines` as well as what a person writes
(their doctor, their counselor): read when the page is shown, so a printed plan
carries the numbers as last checked, not a copy that can go stale.

Sources: Stanley B, Brown GK. Safety Planning Intervention: a brief
intervention to mitigate suicide risk. Cognitive and Behavioral Practice
2012;19(2):256-264. Stanley-Brown Safety Plan (suicidesafetyplan.com, 2021
version). Our words, reviewed 2 December 2026; reading grade 8 or below.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise

REVIEWED = date(2026, 12, 2)
# What one line may hold, and how many lines a step may have: a plan that
# fits on one printed page.
ITEM_MAX = 200
ITEMS_MAX = 8
# Empty lines a form offers after what is written, and how many "add more" adds.
EMPTY_ROWS = 2
MORE_ROWS = 2


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    title: Text
    prompt: Text
    examples: Text
    # Step five also lists the region's crisis lines (safety.helplines).
    shows_help_lines: bool = False


STEPS: tuple[Step, ...] = (
    Step(
        key="warning_signs",
        number=1,
        title=_("My warning signs"),
        prompt=_(
            "What tells me a hard time may be starting? Thoughts, feelings, "
            "moods or things I do."
        ),
        examples=_(
            "For example: I stop answering messages. I feel trapped. I want "
            "to use again."
        ),
    ),
    Step(
        key="coping_alone",
        number=2,
        title=_("Things I can do on my own to cope"),
        prompt=_(
            "What can I do by myself to take my mind off things, without "
            "calling anyone?"
        ),
        examples=_(
            "For example: go for a walk, take a shower, play music loud, do a "
            "breathing exercise."
        ),
    ),
    Step(
        key="distractions",
        number=3,
        title=_("People and places that take my mind off things"),
        prompt=_(
            "Who can I be with, and where can I go, so I am not alone with my thoughts?"
        ),
        examples=_(
            "For example: my cousin Jo, the gym, the coffee shop on Main "
            "Street, a support meeting."
        ),
    ),
    Step(
        key="people_to_ask",
        number=4,
        title=_("People I can ask for help"),
        prompt=_("Who can I tell that I am not OK? Write their phone numbers."),
        examples=_("For example: Mom 555-0100, my sponsor Sam 555-0101."),
    ),
    Step(
        key="professionals",
        number=5,
        title=_("Professionals and crisis lines I can call"),
        prompt=_(
            "My doctor, counselor or care team, with their numbers. The crisis "
            "lines below are always on the plan."
        ),
        examples=_("For example: Dr. Lee 555-0102, my counselor at the clinic."),
        shows_help_lines=True,
    ),
    Step(
        key="safer_surroundings",
        number=6,
        title=_("Making my surroundings safer"),
        prompt=_(
            "What can I put away, lock up or give to someone, so it is harder "
            "to hurt myself in a bad moment?"
        ),
        examples=_(
            "For example: ask a friend to keep my pills, get rid of the drugs "
            "in the house, lock away sharp things."
        ),
    ),
    Step(
        key="reasons_for_living",
        number=7,
        title=_("My reasons for living"),
        prompt=_("What matters most to me, and is worth staying safe for?"),
        examples=_("For example: my daughter, my dog, seeing the sea again."),
    ),
)

STEP_KEYS: tuple[str, ...] = tuple(step.key for step in STEPS)
STEPS_BY_KEY = {step.key: step for step in STEPS}


def clean_items(items: dict) -> dict[str, list[str]]:
    """A plan's lines, kept in step order: each step's lines trimmed, blank ones
    dropped. Raises ValueError for an unknown step, a line that is not text,
    too long or holding a NUL character, or too many lines in a step."""
    unknown = set(items) - set(STEP_KEYS)
    if unknown:
        raise ValueError(f"Unknown safety plan steps: {sorted(unknown)}")
    cleaned: dict[str, list[str]] = {}
    for key in STEP_KEYS:
        lines = []
        for line in items.get(key) or []:
            if not isinstance(line, str) or "\x00" in line:
                raise ValueError(f"Step {key}: a line is not plain text")
            line = line.strip()
            if len(line) > ITEM_MAX:
                raise ValueError(f"Step {key}: a line is longer than {ITEM_MAX}")
            if line:
                lines.append(line)
        if len(lines) > ITEMS_MAX:
            raise ValueError(f"Step {key}: more than {ITEMS_MAX} lines")
        cleaned[key] = lines
    return cleaned


def is_empty(items: dict) -> bool:
    """Whether a plan has nothing written in any step."""
    return not any(items.get(key) for key in STEP_KEYS)


def rows(items: dict | None) -> list[tuple[Step, list[str]]]:
    """Each step, in order, with the lines written under it (maybe none)."""
    items = items or {}
    return [(step, list(items.get(step.key) or [])) for step in STEPS]
