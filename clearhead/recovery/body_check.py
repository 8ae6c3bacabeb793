"""The weekly body check for ketamine harms: its words, its red flags, its charts.

Pure: answers in, advice, charts and words out. The questions and the 0-3
scale are Clearhead's own (docs/decisions/0003-body-tracker-items.md: no
licensed questionnaire's items). The red flags are not decided here: the
answers are mapped onto the one-off bladder-and-body check's symptoms
(`bladder_answers`) and go through its one rule,
`screening.scoring.score_bladder_check`, so a weekly check and the one-off
check give the same advice for the same symptoms.
"""

from dataclasses import replace
from datetime import date

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from clearhead.recovery.charts import Chart, series_chart
from clearhead.recovery.models import (
    BODY_CHECK_TOP,
    BODY_CHECK_WARNING_SIGNS,
)
from clearhead.screening.scoring import BODY_SYMPTOMS, score_bladder_check

# The check is weekly: each asks about the past 7 days, and the next is due
# this many days after the latest (a check's own recall, not a flag window).
CHECK_EVERY_DAYS = 7

# A symptom counts as present for the red-flag rule from this answer up
# ("a little"): blood in the urine even once is a red flag.
PRESENT_FROM = 1

QUESTIONS = {
    "frequency": gettext_lazy("Needing to pee more often than you used to"),
    "night_urination": gettext_lazy("Waking up in the night to pee"),
    "urgency": gettext_lazy("A sudden need to pee that is hard to hold on to"),
    "pain": gettext_lazy("Pain low in your belly (bladder), or when you pee"),
    "blood": gettext_lazy("Blood in your pee (it looks pink, red or brown)"),
    "leaking": gettext_lazy("Leaking pee before you get to a toilet"),
    "k_cramps": gettext_lazy("Stomach pain or cramps (“K-cramps”)"),
    "memory": gettext_lazy("Forgetting things, or finding it hard to think clearly"),
}
# Short names, for table headings, charts and the letter.
NAMES = {
    "frequency": gettext_lazy("Peeing often"),
    "night_urination": gettext_lazy("Peeing at night"),
    "urgency": gettext_lazy("Sudden need to pee"),
    "pain": gettext_lazy("Bladder pain or pain when peeing"),
    "blood": gettext_lazy("Blood in pee"),
    "leaking": gettext_lazy("Leaking pee"),
    "k_cramps": gettext_lazy("Stomach pain (K-cramps)"),
    "memory": gettext_lazy("Memory problems"),
}
SCALE = (
    (0, pgettext_lazy("how much a symptom bothered", "Not at all")),
    (1, pgettext_lazy("how much a symptom bothered", "A little")),
    (2, pgettext_lazy("how much a symptom bothered", "Quite a bit")),
    (3, pgettext_lazy("how much a symptom bothered", "A lot")),
)
WARNING_SIGNS = {
    "cannot_urinate": gettext_lazy(
        "Did you need to pee but could not, or only a few drops came out?"
    ),
    "fever": gettext_lazy("Did you have a fever, chills or shivering?"),
    "flank_pain": gettext_lazy(
        "Did you have pain in your side or lower back, below the ribs?"
    ),
}
WARNING_NAMES = {
    "cannot_urinate": gettext_lazy("Could not pee"),
    "fever": gettext_lazy("Fever or chills"),
    "flank_pain": gettext_lazy("Pain in the side or lower back"),
}
URINARY = (
    "frequency",
    "night_urination",
    "urgency",
    "pain",
    "blood",
    "leaking",
)

# Which of the one-off check's symptoms (screening.scoring.BODY_SYMPTOMS)
# each weekly answer stands for. Night-time peeing is peeing more often; pain
# "low in the belly or when you pee" is both of the one-off check's pains.
MAPPING = {
    "frequency": ("frequency",),
    "night_urination": ("frequency",),
    "urgency": ("urgency",),
    "pain": ("painful_urination", "bladder_pain"),
    "blood": ("blood_in_urine",),
    "leaking": ("incontinence",),
    "k_cramps": ("upper_abdominal_pain",),
    "memory": ("memory_problems",),
    "cannot_urinate": ("cannot_urinate",),
    "fever": ("fever",),
    "flank_pain": ("flank_pain",),
}
ADVICE_RED_FLAGS = frozenset({"emergency", "urgent"})


def bladder_answers(answers: dict) -> dict[str, bool]:
    """The weekly answers as the one-off bladder check's ticked symptoms."""
    ticked = dict.fromkeys(BODY_SYMPTOMS, False)
    for name, keys in MAPPING.items():
        value = answers.get(name, 0)
        present = (
            bool(value)
            if name in BODY_CHECK_WARNING_SIGNS
            else value is not None and value >= PRESENT_FROM
        )
        if present:
            for key in keys:
                ticked[key] = True
    return ticked


def advice(answers: dict) -> dict:
    """The bladder check's result for these answers: {"advice", "red_flags"}.

    `advice` is "emergency", "urgent", "routine" or "none"; `red_flags` the
    one-off check's symptom keys why (screening.scoring.score_bladder_check).
    """
    return score_bladder_check(bladder_answers(answers))


def is_red_flag(answers: dict) -> bool:
    """Whether these answers raise the body red flag (see a doctor soon)."""
    return advice(answers)["advice"] in ADVICE_RED_FLAGS


def urinary_score(answers: dict) -> int:
    """The six bladder questions added up: 0 to 18."""
    return sum(answers[name] for name in URINARY)


def answer_label(value: int) -> str:
    return str(dict(SCALE)[value])


# --- What is known about getting better -------------------------------------

FACTS_REVIEWED = date(2026, 12, 2)
# (fact, source); docs/decisions/0003-body-tracker-items.md and
# clinical-facts.md section 4 hold the same, with their addresses.
FACTS = (
    (
        gettext_lazy(
            "About 1 in 4 people who had used ketamine in the past year had "
            "bladder symptoms, and more often the more they used."
        ),
        "Winstock et al., BJU International 2012 (1,285 people)",
    ),
    (
        gettext_lazy(
            "About half of the people who stopped said their bladder symptoms got "
            "better. Only about 1 in 25 said they got worse."
        ),
        "Winstock et al., BJU International 2012 (251 people)",
    ),
    (
        gettext_lazy(
            "In a study in Taiwan, 8 in 10 people got better after they stopped."
        ),
        "Scientific Reports 2019, doi 10.1038/s41598-019-43746-x",
    ),
    (
        gettext_lazy(
            "Bladder symptoms usually get better slowly without ketamine, and "
            "often come back with using again."
        ),
        "Hong Kong Medical Journal 2018;24(2):175",
    ),
    (
        gettext_lazy(
            "In people with stomach pain from ketamine, the widened bile ducts got "
            "better in those who stopped."
        ),
        "Yu et al., Abdominal Imaging 2014",
    ),
    (
        gettext_lazy(
            "Memory problems are common with frequent use. Some may not go away "
            "fully after stopping."
        ),
        "Morgan & Curran, Psychopharmacology 2006",
    ),
)

# What a doctor may check: from clinical-facts.md section 4 (blood in urine,
# hydronephrosis, a small bladder, raised liver enzymes with K-cramps). Our
# suggestion [D], for clinical sign-off; never a diagnosis.
TESTS = (
    gettext_lazy("A urine test, to look for blood and infection"),
    gettext_lazy("A blood test of how well the kidneys work"),
    gettext_lazy("An ultrasound scan of the kidneys and bladder"),
    gettext_lazy("Liver blood tests, if there is stomach pain"),
    gettext_lazy(
        "A referral to a bladder specialist (urologist) if the symptoms go on"
    ),
)

# Said in the letter only when the patient chose to say they used ketamine.
URINE_DRUG_TEST_NOTE = gettext_lazy(
    "If a drug test is done on my urine: ketamine can show in urine for weeks "
    "after stopping, so a positive test is not proof of new use."
)


def letter_names(mention: bool) -> dict:
    """The symptoms' short names in the letter: without the patient saying
    they used ketamine, no user's word for its harms ("K-cramps")."""
    if mention:
        return dict(NAMES)
    return NAMES | {"k_cramps": gettext_lazy("Stomach pain or cramps")}


# --- Charts -------------------------------------------------------------------

CHARTS = (
    ("body-bladder", gettext_lazy("Bladder symptoms"), URINARY, 6 * BODY_CHECK_TOP),
    ("body-k-cramps", gettext_lazy("Stomach pain (K-cramps)"), ("k_cramps",), 3),
    ("body-memory", gettext_lazy("Memory problems"), ("memory",), 3),
)


def charts(checks, use_days: list[date], today: date) -> list[Chart]:
    """Three charts over the checks (oldest first): the bladder questions
    added up (0-18), stomach pain and memory (0-3). The days ketamine use was
    reported, from the first check to today, are shaded: the stretches
    between them are the days without ketamine."""
    checks = sorted(checks, key=lambda c: c.day)
    first = checks[0].day if checks else today
    uses = sorted(day for day in set(use_days) if first <= day <= today)
    result = []
    for measure, title, names, high in CHARTS:
        points = [(c.day, sum(getattr(c, n) for n in names)) for c in checks]
        chart = series_chart(measure, str(title), gettext("points"), 0, high, points)
        result.append(replace(chart, use_days=uses))
    return result
