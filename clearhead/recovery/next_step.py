"""The one next step shown after a check-in, chosen from its answers (pure).

After saving a check-in the patient sees ONE thing to do now, at the top of
the page, and nothing said twice below it. `next_step` chooses it from this
check-in's answers only (never from a flag or a box left from an earlier
check-in that day), in this order, most pressing first:

1. CRISIS: this check-in reports thoughts of self-harm. Life comes first;
   the help lines, and whether the care team will be told, are the step.
2. LAPSE: this check-in reports using ketamine. The relapse-prevention plan
   holds what to do in the next hours and days and the people to call, so
   it answers a high craving or a low mood on the same day as well.
3. URGE: a craving at or above HIGH_CRAVING. An urge passes within about
   half an hour; the urge timer helps ride it out now, before a use.
4. CALL: a mood at or below LOW_MOOD, and someone to call. A low day is
   easier shared; the patient chose these people for it. Without anyone on
   the list there is no call to offer, so the kind word is shown instead.
5. KIND_WORD: otherwise, a short kind word.

`heads_up` keeps the patient's open flags that say something the step does
not: one card per topic (a lapse and a positive drug test both say "a lapse
is information"), none on the step's own topic, and never the crisis flag
(the crisis box is shown only when this check-in reports it; the flag stays
for the care team and on the home page).

The thresholds are flags.definitions' (HIGH_CRAVING, LOW_MOOD), never numbers
written here.
"""

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

from clearhead.flags.definitions import HIGH_CRAVING, LOW_MOOD, FlagCode


class Step(StrEnum):
    # Values are not the flag codes (those are flags.definitions' words).
    CRISIS = "help_now"
    LAPSE = "open_plan"
    URGE = "urge_timer"
    CALL = "call_someone"
    KIND_WORD = "kind_word"


# Most pressing first: the order `next_step` applies (and the tests read).
PRIORITY: tuple[Step, ...] = (
    Step.CRISIS,
    Step.LAPSE,
    Step.URGE,
    Step.CALL,
    Step.KIND_WORD,
)


def next_step(
    *,
    self_harm_thoughts: bool,
    used_ketamine: bool,
    craving: int,
    mood: int,
    has_contact: bool,
) -> Step:
    """The one step to offer after a check-in with these answers."""
    if self_harm_thoughts:
        return Step.CRISIS
    if used_ketamine:
        return Step.LAPSE
    if craving >= HIGH_CRAVING:
        return Step.URGE
    if mood <= LOW_MOOD and has_contact:
        return Step.CALL
    return Step.KIND_WORD


# Flags that say the same thing (a topic is only a grouping name), grouped; the first (most urgent) speaks.
TOPICS: dict[str, str] = {
    FlagCode.CRISIS: "harm",
    FlagCode.BODY_RED_FLAG: "body",
    FlagCode.POSITIVE_DRUG_TEST: "use",
    FlagCode.LAPSE: "use",
    FlagCode.HIGH_CRAVING: "craving",
    FlagCode.RISING_CRAVING: "craving",
    FlagCode.LOW_CONFIDENCE: "talk",
    FlagCode.MISSED_CHECKINS: "missed",
}
# The topics each step already speaks to (a crisis flag is never a card here).
STEP_TOPICS: dict[Step, frozenset[str]] = {
    Step.CRISIS: frozenset({"harm"}),
    Step.LAPSE: frozenset({"harm", "use"}),
    Step.URGE: frozenset({"harm", "craving"}),
    Step.CALL: frozenset({"harm", "talk"}),
    Step.KIND_WORD: frozenset({"harm"}),
}


class HasCode(Protocol):
    code: str


F = TypeVar("F", bound=HasCode)


def heads_up(flags: Iterable[F], step: Step) -> Sequence[F]:
    """The flags (most urgent first) worth a card under `step`: one per topic,
    none on a topic the step speaks to. Unknown codes keep a topic of their own."""
    said = set(STEP_TOPICS[step])
    kept = []
    for flag in flags:
        topic = TOPICS.get(flag.code, flag.code)
        if topic in said:
            continue
        said.add(topic)
        kept.append(flag)
    return kept
