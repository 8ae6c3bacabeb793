"""Every instrument, defined once as data.

An instrument has an id and version, its items and answer options, the pure
function that scores it (scoring.py), the schema of valid answers
(schemas.py), its bands, source and licence, and LOINC codes where they
exist. Our own instruments are worded in plain language; PHQ-9 and GAD-7
keep their published wording, which may be reproduced without permission.

Each instrument is defined in English; its wording in another language
(`wordings.Wording`, Spanish in `spanish.py`) sits beside it, and
`in_language` gives the instrument as a reader of that language sees it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from clearhead.core.languages import ENGLISH
from clearhead.screening import schemas, scoring, spanish
from clearhead.screening.wordings import (
    Wording,
    check_complete,
    item_in,
    language_code,
    options_in,
)


@dataclass(frozen=True)
class Option:
    value: int | bool
    label: str
    loinc: str = ""


@dataclass(frozen=True)
class Item:
    key: str  # the answer's key (objects) or a stable id (lists)
    text: str
    loinc: str = ""
    options: tuple[Option, ...] = ()  # when the item has its own scale
    hint: str = ""


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: str
    purpose: str
    stem: str  # the question that every item answers, e.g. "In the past 12 months…"
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    answers_as: str  # "list" (in item order) or "object" (keyed by item key)
    score: Callable
    input_schema: type
    output_schema: type
    bands: tuple[tuple[int, str], ...] = ()
    source: str = ""
    licence: str = ""
    validated: bool = False
    loinc_panel: str = ""
    loinc_total: str = ""
    extra_items: tuple[Item, ...] = field(default=())
    # The language of the words above, and the other languages' words.
    language: str = ENGLISH
    wordings: tuple[Wording, ...] = field(default=(), compare=False, repr=False)
    # On a copy in another language: the instrument as defined (in English).
    original: "Instrument | None" = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        for wording in self.wordings:
            check_complete(self, wording)

    def result(self, answers) -> dict:
        """Score validated answers and label the result with id and version."""
        return {"instrument": self.id, "version": self.version, **self.score(answers)}

    def wording(self, language: str) -> Wording | None:
        """This instrument's words in `language`, if it has them."""
        code = language_code(language)
        defined = self.original or self
        return next((w for w in defined.wordings if w.language == code), None)

    def in_language(self, language: str) -> "Instrument":
        """This instrument as a reader of `language` sees it.

        A copy whose title, purpose, stem, items, hints, answer labels and
        extra items are in `language`; everything that gives an answer its
        meaning (id, version, keys, values, LOINC codes, bands, scoring) is
        unchanged. In English, or a language without a wording, the
        instrument as defined.
        """
        defined = self.original or self
        wording = defined.wording(language)
        if wording is None:
            return defined
        return replace(
            defined,
            title=wording.title,
            purpose=wording.purpose,
            stem=wording.stem,
            items=tuple(item_in(item, wording) for item in defined.items),
            options=options_in(defined.options, wording.options),
            extra_items=tuple(item_in(item, wording) for item in defined.extra_items),
            source=wording.citation or defined.source,
            language=wording.language,
            original=defined,
        )


YES_NO = (Option(True, "Yes"), Option(False, "No"))
PHQ_FREQUENCY = (
    Option(0, "Not at all", "LA6568-5"),
    Option(1, "Several days", "LA6569-3"),
    Option(2, "More than half the days", "LA6570-1"),
    Option(3, "Nearly every day", "LA6571-9"),
)
PHQ_ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues, with an educational grant from Pfizer Inc. No permission "
    "required to reproduce, translate, display or distribute."
)

KETAMINE_SELF_CHECK = Instrument(
    id="ketamine-self-check",
    version="1.0",
    title="Quick ketamine self-check",
    purpose="Seven yes-or-no questions about signs that ketamine use is causing problems.",
    stem="Think about your ketamine use. Answer yes or no.",
    answers_as="list",
    items=(
        Item(
            "angry_or_guilty",
            "Do you get angry or feel guilty when someone talks about your ketamine use?",
        ),
        Item("cannot_cut_down", "Have you tried to cut down or stop, but could not?"),
        Item(
            "need_more",
            "Do you need more ketamine than before to feel the same effect?",
        ),
        Item(
            "pushed_aside",
            "Has ketamine pushed aside things or people you used to enjoy?",
        ),
        Item(
            "injured_no_pain",
            "Have you hurt yourself while using and not felt the pain at the time?",
        ),
        Item(
            "illegal_means",
            "Have you stolen, or done other things against the law, to get ketamine?",
        ),
        Item(
            "out_of_touch",
            "When you use, do you feel you cannot be hurt, or out of touch with everyday life?",
        ),
    ),
    options=YES_NO,
    score=scoring.score_ketamine_self_check,
    input_schema=schemas.SelfCheckIn,
    output_schema=schemas.SelfCheckOut,
    bands=((0, "none"), (1, "some"), (2, "likely")),
    source="Clearhead's own plain-language questions on common signs of problem ketamine use.",
    licence="Clearhead (AGPL-3.0-or-later). Not a validated instrument.",
    wordings=(spanish.KETAMINE_SELF_CHECK,),
)

DSM5_KETAMINE = Instrument(
    id="dsm5-ketamine",
    version="1.0",
    title="Fuller check: signs of a ketamine use disorder",
    purpose=(
        "Ten questions based on the DSM-5-TR signs of a use disorder for "
        "ketamine and similar drugs, in the past 12 months."
    ),
    stem="In the past 12 months…",
    answers_as="object",
    items=(
        Item(
            "larger_amounts",
            "Have you often used more ketamine, or for longer, than you meant to?",
        ),
        Item(
            "cut_down",
            "Have you wanted or tried to cut down or stop, and it has not worked?",
        ),
        Item(
            "time_spent",
            "Has a lot of your time gone on getting ketamine, using it, or getting over it?",
        ),
        Item("craving", "Have you had strong urges or cravings to use ketamine?"),
        Item(
            "role_failure",
            "Because of ketamine, have you often fallen behind at work, school or home?",
        ),
        Item(
            "social_problems",
            "Have you kept using even though it caused or worsened problems with people close to you?",
        ),
        Item(
            "activities_given_up",
            "Have you given up or cut back on things that mattered to you because of ketamine?",
        ),
        Item(
            "hazardous_use",
            "Have you used more than once where it was physically dangerous, like driving or swimming?",
        ),
        Item(
            "harm_despite_knowledge",
            "Have you kept using even though you knew it was causing or worsening a health problem, like bladder pain or low mood?",
        ),
        Item(
            "tolerance",
            "Do you need a lot more ketamine to get the same effect, or does the same amount do much less?",
        ),
    ),
    options=YES_NO,
    score=scoring.score_dsm5_ketamine,
    input_schema=schemas.Dsm5In,
    output_schema=schemas.Dsm5Out,
    bands=((0, "none"), (2, "mild"), (4, "moderate"), (6, "severe")),
    source=(
        "The ten criteria of DSM-5-TR phencyclidine use disorder, which covers "
        "ketamine (withdrawal is not a criterion for this class); severity "
        "2-3 mild, 4-5 moderate, 6 or more severe. Questions in our own words."
    ),
    licence="Questions: Clearhead (AGPL-3.0-or-later). Screening only; not a diagnosis.",
    wordings=(spanish.DSM5_KETAMINE,),
)

PHQ9 = Instrument(
    id="phq9",
    version="1.0",
    title="Mood check (PHQ-9)",
    purpose="The Patient Health Questionnaire (PHQ-9), a widely used check of low mood.",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    answers_as="list",
    items=(
        Item("phq9_1", "Little interest or pleasure in doing things", "44250-9"),
        Item("phq9_2", "Feeling down, depressed, or hopeless", "44255-8"),
        Item(
            "phq9_3",
            "Trouble falling or staying asleep, or sleeping too much",
            "44259-0",
        ),
        Item("phq9_4", "Feeling tired or having little energy", "44254-1"),
        Item("phq9_5", "Poor appetite or overeating", "44251-7"),
        Item(
            "phq9_6",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
            "44258-2",
        ),
        Item(
            "phq9_7",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "44252-5",
        ),
        Item(
            "phq9_8",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
            "44253-3",
        ),
        Item(
            "phq9_9",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
            "44260-8",
        ),
    ),
    options=PHQ_FREQUENCY,
    score=scoring.score_phq9,
    input_schema=schemas.Phq9In,
    output_schema=schemas.Phq9Out,
    bands=tuple(scoring.PHQ9_BANDS),
    source=f"Kroenke, Spitzer & Williams, J Gen Intern Med 2001. {PHQ_ATTRIBUTION}",
    licence="Free to use without permission (PHQ Screeners). Wording and scoring unchanged.",
    validated=True,
    loinc_panel="44249-1",
    loinc_total="44261-6",
    wordings=(spanish.PHQ9,),
)

GAD7 = Instrument(
    id="gad7",
    version="1.0",
    title="Anxiety check (GAD-7)",
    purpose="The Generalized Anxiety Disorder scale (GAD-7), a widely used check of anxiety.",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    answers_as="list",
    items=(
        Item("gad7_1", "Feeling nervous, anxious, or on edge", "69725-0"),
        Item("gad7_2", "Not being able to stop or control worrying", "68509-9"),
        Item("gad7_3", "Worrying too much about different things", "69733-4"),
        Item("gad7_4", "Trouble relaxing", "69734-2"),
        Item("gad7_5", "Being so restless that it is hard to sit still", "69735-9"),
        Item("gad7_6", "Becoming easily annoyed or irritable", "69689-8"),
        Item("gad7_7", "Feeling afraid, as if something awful might happen", "69736-7"),
    ),
    options=PHQ_FREQUENCY,
    score=scoring.score_gad7,
    input_schema=schemas.Gad7In,
    output_schema=schemas.Gad7Out,
    bands=tuple(scoring.GAD7_BANDS),
    source=f"Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006. {PHQ_ATTRIBUTION}",
    licence="Free to use without permission (PHQ Screeners). Wording and scoring unchanged.",
    validated=True,
    loinc_panel="69737-5",
    loinc_total="70274-6",
    wordings=(spanish.GAD7,),
)

BLADDER_CHECK = Instrument(
    id="bladder-check",
    version="1.0",
    title="Bladder and body check",
    purpose="Symptoms that ketamine can cause in the bladder, kidneys, stomach, memory and nose.",
    stem="Do you have any of these now, or have you had them in the past few weeks? Tick all that apply.",
    answers_as="object",
    items=(
        Item("frequency", "Needing to pass urine (pee) much more often than before"),
        Item("urgency", "Sudden, strong urges to pee that are hard to hold"),
        Item("painful_urination", "Pain or burning when you pee"),
        Item("bladder_pain", "Pain low in your belly, over your bladder"),
        Item("incontinence", "Leaking urine before you reach the toilet"),
        Item("blood_in_urine", "Blood in your urine (pink, red or brown pee)"),
        Item(
            "cannot_urinate", "You need to pee but cannot, or only a few drops come out"
        ),
        Item("flank_pain", "Pain in your side or lower back, below the ribs"),
        Item("fever", "A fever, chills or shivering"),
        Item("upper_abdominal_pain", "Cramps or pain high in your belly (“K-cramps”)"),
        Item("vomiting", "Being sick (vomiting)"),
        Item("yellow_skin_or_eyes", "Yellow skin or yellow whites of the eyes"),
        Item("memory_problems", "Memory problems, or trouble thinking clearly"),
        Item("nose_problems", "A blocked, sore or bleeding nose from snorting"),
    ),
    options=YES_NO,
    score=scoring.score_bladder_check,
    input_schema=schemas.BladderCheckIn,
    output_schema=schemas.BladderCheckOut,
    source=(
        "Clearhead's own symptom list and red flags, from the published "
        "features of ketamine uropathy and biliary harm (see the education "
        "library). Needs clinical sign-off before each release."
    ),
    licence="Clearhead (AGPL-3.0-or-later). Not a validated instrument.",
    wordings=(spanish.BLADDER_CHECK,),
)


def _scale(*labels: str) -> tuple[Option, ...]:
    return tuple(Option(value, label) for value, label in enumerate(labels))


LEVEL_OF_CARE = Instrument(
    id="level-of-care",
    version="1.0",
    title="What kind of help fits",
    purpose=(
        "Questions about your health, your life and your plans that suggest "
        "which level of care could fit, as a starting point to talk over with "
        "a professional."
    ),
    stem="Pick the answer that fits you best right now.",
    answers_as="object",
    items=(
        Item(
            "withdrawal",
            "When you stop or cut down, how do you feel?",
            options=_scale(
                "Fine, or I have not tried",
                "A bit low or restless for a day or two",
                "Unwell for days: poor sleep, anxious, low, strong cravings",
                "Very unwell, or I also use alcohol, sleeping pills, GHB or opioids most days",
                "I have had fits, confusion, or seen or heard things that were not there",
            ),
        ),
        Item(
            "medical",
            "How is your physical health?",
            options=_scale(
                "No problems",
                "Some bladder or stomach trouble now and then",
                "Regular pain or bladder trouble",
                "Health problems that need a doctor's care or tests soon",
                "Serious problems right now that need a hospital",
            ),
        ),
        Item(
            "mental_health",
            "How is your mental health?",
            options=_scale(
                "Good",
                "Some stress or low days",
                "Often low, anxious or struggling to cope",
                "A mental health condition that makes daily life very hard",
                "In crisis: I cannot keep myself safe",
            ),
        ),
        Item(
            "readiness",
            "How do you feel about changing your ketamine use?",
            options=_scale(
                "I am ready and have already started",
                "I want to change and I am making a plan",
                "I am thinking about it",
                "I am not sure I want to change",
                "I do not want to change at all",
            ),
        ),
        Item(
            "relapse_risk",
            "If you stopped, how likely is it that you would use again soon?",
            options=_scale(
                "Not likely: I have stayed stopped before",
                "A little likely",
                "Quite likely: cravings are hard to resist",
                "Very likely: I have tried many times and started again quickly",
                "I cannot go a day without using",
            ),
        ),
        Item(
            "environment",
            "Does your home life help you or get in the way?",
            options=_scale(
                "It helps me a lot",
                "It is mostly OK",
                "Some things make it harder",
                "Many people around me use, or home is not safe",
                "I have nowhere safe to be",
            ),
        ),
    ),
    extra_items=(
        Item(
            "suicidal_thoughts",
            "In the past month, have you had thoughts of ending your life or hurting yourself?",
            options=YES_NO,
        ),
        Item("homeless", "You do not have a safe, stable place to live."),
        Item("no_transport", "You have no way to get to appointments."),
        Item("far_from_services", "You live far from any treatment services."),
        Item("home_problems", "Ketamine is causing serious problems at home."),
        Item(
            "work_problems", "Ketamine is causing serious problems at work or school."
        ),
        Item("legal_problems", "You are in trouble with the law."),
        Item(
            "strong_home_support", "You have people at home who support your recovery."
        ),
    ),
    options=(),
    score=scoring.score_level_of_care,
    input_schema=schemas.LevelOfCareIn,
    output_schema=schemas.LevelOfCareOut,
    source=(
        "Clearhead's own questions on the six areas that clinicians weigh when "
        "matching a person to a level of care; our thresholds, not ASAM's "
        "rules. An indicative starting point, not a placement."
    ),
    licence="Clearhead (AGPL-3.0-or-later). Not a validated instrument.",
    wordings=(spanish.LEVEL_OF_CARE,),
)

INSTRUMENTS: dict[str, Instrument] = {
    instrument.id: instrument
    for instrument in (
        KETAMINE_SELF_CHECK,
        DSM5_KETAMINE,
        PHQ9,
        GAD7,
        BLADDER_CHECK,
        LEVEL_OF_CARE,
    )
}


def get_instrument(instrument_id: str) -> Instrument | None:
    return INSTRUMENTS.get(instrument_id)


def wording_texts(language: str) -> list[str]:
    """Every text of every instrument's wording in `language` (titles,
    stems, items, answers, credits): our words outside the catalogue, for
    the check that a page has no English left
    (clearhead.core.translation_check, `extra`)."""
    texts = []
    for instrument in INSTRUMENTS.values():
        wording = instrument.wording(language)
        if wording is not None:
            texts.extend(wording.texts())
    return texts
